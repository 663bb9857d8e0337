import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, errorCode, json, signUp, type TestUser } from "../helpers";
import { createPost } from "../social/support";
import { createStudy } from "../studies/fixtures";

/** The writes whose session check and write limit travel in their own batch (requireAuthInBatch). */
interface Write {
  name: string;
  /** Prepares a target for `writer`; answers the request and what counting the written rows gives. */
  prepare: (writer: TestUser) => Promise<{
    method: string;
    path: string;
    body?: unknown;
    written: () => Promise<number>;
  }>;
}

const rows = async (query: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(`SELECT count(*) AS n FROM ${query}`)
      .bind(...params)
      .first<{ n: number }>()
  )?.n ?? 0;

const writes: Write[] = [
  {
    name: "like",
    prepare: async (writer) => {
      const post = await createPost(await signUp());
      return {
        method: "PUT",
        path: `/api/posts/${post.id}/like`,
        written: async () =>
          (await rows("likes WHERE post_id = ?", post.id)) +
          (await rows("notifications WHERE post_id = ? AND actor_id = ?", post.id, writer.id)),
      };
    },
  },
  {
    name: "comment",
    prepare: async (writer) => {
      const post = await createPost(await signUp());
      return {
        method: "POST",
        path: `/api/posts/${post.id}/comments`,
        body: { body: "댓글" },
        written: async () =>
          (await rows("comments WHERE post_id = ?", post.id)) +
          (await rows("notifications WHERE post_id = ? AND actor_id = ?", post.id, writer.id)),
      };
    },
  },
  {
    name: "post",
    prepare: async (writer) => ({
      method: "POST",
      path: "/api/posts",
      body: { title: "제목", body: "본문" },
      written: () => rows("posts WHERE author_id = ?", writer.id),
    }),
  },
  {
    name: "follow",
    prepare: async (writer) => {
      const target = await signUp();
      return {
        method: "PUT",
        path: `/api/users/${target.id}/follow`,
        written: async () =>
          (await rows("follows WHERE follower_id = ?", writer.id)) +
          (await rows("notifications WHERE user_id = ?", target.id)),
      };
    },
  },
  {
    name: "study join",
    prepare: async (writer) => {
      const study = await createStudy((await signUp()).token);
      return {
        method: "PUT",
        path: `/api/studies/${study.id}/membership`,
        written: async () =>
          (await rows("study_members WHERE user_id = ?", writer.id)) +
          (await rows("room_members WHERE user_id = ?", writer.id)) +
          (await rows("notifications WHERE actor_id = ?", writer.id)) +
          (await rows("studies WHERE id = ? AND member_count > 1", study.id)),
      };
    },
  },
  {
    name: "notifications read marker",
    prepare: async (writer) => {
      await call("PUT", `/api/users/${writer.id}/follow`, { token: (await signUp()).token });
      return {
        method: "POST",
        path: "/api/notifications/read",
        body: { all: true },
        written: () => rows("notifications WHERE user_id = ? AND read_at IS NOT NULL", writer.id),
      };
    },
  },
];

/** Fills the writer's current (and next, should the minute turn) write window up to the limit. */
const useUpWriteLimit = async (writer: TestUser) => {
  const limit = 100_000; // RATE_LIMIT_WRITES_USER in vitest.config.ts
  const start = Math.floor(Date.now() / 60_000) * 60_000;
  for (const windowStart of [start, start + 60_000]) {
    await env.DB.prepare(
      "INSERT OR REPLACE INTO rate_limits (key, window_start, count, expires_at) VALUES (?, ?, ?, ?)",
    )
      .bind(`writes:${writer.id}`, windowStart, limit, windowStart + 60_000)
      .run();
  }
};

describe("a write in one batch is refused, and writes nothing, without its session or over its limit", () => {
  for (const write of writes) {
    it(`${write.name}: 401 once the session is gone (logout, password change, deletion)`, async () => {
      const writer = await signUp();
      const request = await write.prepare(writer);
      await env.DB.prepare("DELETE FROM sessions WHERE user_id = ?").bind(writer.id).run();
      const response = await call(request.method, request.path, { token: writer.token, body: request.body });
      expect(response.status).toBe(401);
      expect(await errorCode(response)).toBe("unauthorized");
      expect(await request.written()).toBe(0);
    });

    it(`${write.name}: 429 with Retry-After over the write limit`, async () => {
      const writer = await signUp();
      const request = await write.prepare(writer);
      await useUpWriteLimit(writer);
      const response = await call(request.method, request.path, { token: writer.token, body: request.body });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(await errorCode(response)).toBe("rate_limited");
      expect(await request.written()).toBe(0);
    });

    it(`${write.name}: 401 and nothing written for an anonymous caller; the signed-in writer goes through`, async () => {
      const writer = await signUp();
      const request = await write.prepare(writer);
      const anonymous = await call(request.method, request.path, { body: request.body });
      expect(anonymous.status).toBe(401);
      expect(await request.written()).toBe(0);
      const done = await call(request.method, request.path, { token: writer.token, body: request.body });
      expect(done.status, await done.clone().text()).toBeLessThan(300);
      expect(await request.written()).toBeGreaterThan(0);
      await json(done);
    });
  }
});
