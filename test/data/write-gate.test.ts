import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, errorCode, json, signUp, type TestUser } from "../helpers";
import { createPost } from "../social/support";
import { createStudy, studyBody } from "../studies/fixtures";

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
  // Writes moved onto the batch after the first ones (post and comment edits and deletes, unfollow,
  // block and unblock, study create, edit, tags and leave): `written` counts what the write changed.
  {
    name: "post edit",
    prepare: async (writer) => {
      const post = await createPost(writer);
      return {
        method: "PATCH",
        path: `/api/posts/${post.id}`,
        body: { title: "고친 제목" },
        written: () => rows("posts WHERE id = ? AND title = '고친 제목'", post.id),
      };
    },
  },
  {
    name: "post delete",
    prepare: async (writer) => {
      const post = await createPost(writer);
      return {
        method: "DELETE",
        path: `/api/posts/${post.id}`,
        written: async () => 1 - (await rows("posts WHERE id = ?", post.id)),
      };
    },
  },
  {
    name: "comment edit",
    prepare: async (writer) => {
      const comment = await commentOn(writer);
      return {
        method: "PATCH",
        path: `/api/comments/${comment.id}`,
        body: { body: "고친 댓글" },
        written: () => rows("comments WHERE id = ? AND body = '고친 댓글'", comment.id),
      };
    },
  },
  {
    name: "comment delete",
    prepare: async (writer) => {
      const comment = await commentOn(writer);
      return {
        method: "DELETE",
        path: `/api/comments/${comment.id}`,
        written: async () => 1 - (await rows("comments WHERE id = ?", comment.id)),
      };
    },
  },
  {
    name: "unfollow",
    prepare: async (writer) => {
      const target = await signUp();
      await call("PUT", `/api/users/${target.id}/follow`, { token: writer.token });
      return {
        method: "DELETE",
        path: `/api/users/${target.id}/follow`,
        written: async () => 1 - (await rows("follows WHERE follower_id = ?", writer.id)),
      };
    },
  },
  {
    name: "block",
    prepare: async (writer) => {
      const target = await signUp();
      await call("PUT", `/api/users/${target.id}/follow`, { token: writer.token });
      return {
        method: "PUT",
        path: `/api/users/${target.id}/block`,
        written: async () =>
          (await rows("blocks WHERE blocker_id = ?", writer.id)) +
          1 -
          (await rows("follows WHERE follower_id = ?", writer.id)),
      };
    },
  },
  {
    name: "unblock",
    prepare: async (writer) => {
      const target = await signUp();
      await call("PUT", `/api/users/${target.id}/block`, { token: writer.token });
      return {
        method: "DELETE",
        path: `/api/users/${target.id}/block`,
        written: async () => 1 - (await rows("blocks WHERE blocker_id = ?", writer.id)),
      };
    },
  },
  {
    name: "study create",
    prepare: async (writer) => ({
      method: "POST",
      path: "/api/studies",
      body: studyBody({ tags: ["go", "rust"] }),
      written: async () =>
        (await rows("studies WHERE leader_id = ?", writer.id)) +
        (await rows("study_members WHERE user_id = ?", writer.id)) +
        (await rows("room_members WHERE user_id = ?", writer.id)) +
        (await rows("study_tags WHERE study_id IN (SELECT id FROM studies WHERE leader_id = ?)", writer.id)),
    }),
  },
  {
    name: "study edit",
    prepare: async (writer) => {
      const study = await createStudy(writer.token);
      return {
        method: "PATCH",
        path: `/api/studies/${study.id}`,
        body: { title: "고친 스터디", tags: ["새태그"] },
        written: async () =>
          (await rows("studies WHERE id = ? AND title = '고친 스터디'", study.id)) +
          (await rows("study_tags WHERE study_id = ? AND name = '새태그'", study.id)),
      };
    },
  },
  {
    name: "study tag add",
    prepare: async (writer) => {
      const study = await createStudy(writer.token);
      return {
        method: "PUT",
        path: `/api/studies/${study.id}/tags/kotlin`,
        written: () => rows("study_tags WHERE study_id = ? AND name_key = 'kotlin'", study.id),
      };
    },
  },
  {
    name: "study tag remove",
    prepare: async (writer) => {
      const study = await createStudy(writer.token, { tags: ["kotlin"] });
      return {
        method: "DELETE",
        path: `/api/studies/${study.id}/tags/kotlin`,
        written: async () => 1 - (await rows("study_tags WHERE study_id = ?", study.id)),
      };
    },
  },
  {
    name: "study leave",
    prepare: async (writer) => {
      const study = await createStudy((await signUp()).token);
      await call("PUT", `/api/studies/${study.id}/membership`, { token: writer.token });
      return {
        method: "DELETE",
        path: `/api/studies/${study.id}/membership`,
        written: async () =>
          1 -
          (await rows("study_members WHERE user_id = ?", writer.id)) +
          1 -
          (await rows("room_members WHERE user_id = ?", writer.id)) +
          (await rows("studies WHERE id = ? AND member_count = 1", study.id)),
      };
    },
  },
];

/** A comment by `writer` on someone else's post. */
const commentOn = async (writer: TestUser) => {
  const post = await createPost(await signUp());
  return json<{ id: string }>(
    await call("POST", `/api/posts/${post.id}/comments`, { token: writer.token, body: { body: "댓글" } }),
  );
};

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
      await done.text();
    });
  }
});
