import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { type CallOptions, call, json, request, signUp, type TestUser } from "../helpers";
import { createPost, upload } from "../social/support";
import { createStudy } from "../studies/fixtures";
import { countingD1 } from "./counting-d1";

/**
 * D1 round trips one request costs before its answer (ARCHITECTURE.md § Request path: one per
 * request, a batch or a single statement). Work left to `waitUntil` after the answer is not
 * counted here: it runs after the write committed.
 */
const tripsOf = async (method: string, path: string, options: CallOptions = {}) => {
  const counting = countingD1(env.DB);
  const ctx = createExecutionContext();
  const response = await app.fetch(request(method, path, options), { ...env, DB: counting.d1 }, ctx);
  const trips = counting.trips();
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return trips;
};

let author: TestUser;
let viewer: TestUser;
let postId: string;
let studyId: string;

beforeAll(async () => {
  [author, viewer] = await Promise.all([signUp("작성자"), signUp("독자")]);
  const image = await upload(author);
  postId = (await createPost(author, { title: "리뷰 정리", body: "배포 전에 읽기", imageIds: [image.id] }))
    .id;
  await call("POST", `/api/posts/${postId}/comments`, { token: viewer.token, body: { body: "좋아요" } });
  await call("PUT", `/api/users/${author.id}/follow`, { token: viewer.token });
  await call("PUT", `/api/posts/${postId}/like`, { token: viewer.token });
  studyId = (await createStudy(author.token, { title: "리뷰 스터디", tags: ["go"] })).id;
});

describe("D1 round trips per read", () => {
  const reads: [string, () => string, () => CallOptions][] = [
    ["latest feed, anonymous", () => "/api/posts?feed=latest", () => ({})],
    ["latest feed, signed in", () => "/api/posts?feed=latest", () => ({ token: viewer.token })],
    ["following feed", () => "/api/posts?feed=following", () => ({ token: viewer.token })],
    ["popular", () => "/api/posts/popular", () => ({ token: viewer.token })],
    ["post", () => `/api/posts/${postId}`, () => ({ token: viewer.token })],
    ["comments", () => `/api/posts/${postId}/comments`, () => ({ token: viewer.token })],
    ["profile", () => `/api/users/${author.id}`, () => ({ token: viewer.token })],
    ["user posts", () => `/api/users/${author.id}/posts`, () => ({ token: viewer.token })],
    ["followers", () => `/api/users/${author.id}/followers`, () => ({ token: viewer.token })],
    ["following", () => `/api/users/${viewer.id}/following`, () => ({ token: viewer.token })],
    ["studies list", () => "/api/studies?q=리뷰", () => ({ token: viewer.token })],
    ["study", () => `/api/studies/${studyId}`, () => ({ token: viewer.token })],
    ["search, all kinds", () => "/api/search?q=리뷰%20스터디", () => ({ token: viewer.token })],
    ["search, one kind", () => "/api/search?q=리뷰&type=posts", () => ({ token: viewer.token })],
    // A word that can start a handle also reads the handle index, in the same statement.
    ["search, people by handle", () => "/api/search?q=%40user&type=users", () => ({ token: viewer.token })],
    ["search, all kinds by handle", () => "/api/search?q=user", () => ({ token: viewer.token })],
    ["notifications", () => "/api/notifications", () => ({ token: author.token })],
  ];
  for (const [name, path, options] of reads) {
    it(`${name}: 1`, async () => {
      expect(await tripsOf("GET", path(), options())).toBe(1);
    });
  }

  // The rooms list moves into the Inbox Durable Object (issue 17): at most one trip meanwhile.
  it("chat rooms list: at most 1", async () => {
    expect(await tripsOf("GET", "/api/chat/rooms", { token: viewer.token })).toBeLessThanOrEqual(1);
  });
});

describe("D1 round trips per write, the session check and write limit included", () => {
  it("like: 1", async () => {
    const post = await createPost(author);
    expect(await tripsOf("PUT", `/api/posts/${post.id}/like`, { token: viewer.token })).toBe(1);
  });

  it("comment: 1", async () => {
    expect(
      await tripsOf("POST", `/api/posts/${postId}/comments`, { token: viewer.token, body: { body: "댓글" } }),
    ).toBe(1);
  });

  it("post: 1", async () => {
    const image = await upload(viewer);
    const body = { title: "제목", body: "본문", imageIds: [image.id] };
    expect(await tripsOf("POST", "/api/posts", { token: viewer.token, body })).toBe(1);
  });

  it("follow: 1", async () => {
    const target = await signUp();
    expect(await tripsOf("PUT", `/api/users/${target.id}/follow`, { token: viewer.token })).toBe(1);
  });

  it("study join: 1", async () => {
    const study = await createStudy(author.token);
    expect(await tripsOf("PUT", `/api/studies/${study.id}/membership`, { token: viewer.token })).toBe(1);
  });

  it("notifications read marker: 1", async () => {
    expect(
      await tripsOf("POST", "/api/notifications/read", { token: author.token, body: { all: true } }),
    ).toBe(1);
  });

  it("post edit and delete: 1 each; an edit of the body 2 (its old body, for the mentions it adds)", async () => {
    const post = await createPost(viewer);
    const path = `/api/posts/${post.id}`;
    expect(await tripsOf("PATCH", path, { token: viewer.token, body: { title: "새 제목" } })).toBe(1);
    expect(await tripsOf("PATCH", path, { token: viewer.token, body: { body: "새 본문 @nobody" } })).toBe(2);
    expect(await tripsOf("DELETE", path, { token: viewer.token })).toBe(1);
  });

  it("comment edit 2 (its old body, for the mentions it adds) and delete 1", async () => {
    const comment = await json<{ id: string }>(
      await call("POST", `/api/posts/${postId}/comments`, { token: viewer.token, body: { body: "댓글" } }),
    );
    expect(
      await tripsOf("PATCH", `/api/comments/${comment.id}`, { token: viewer.token, body: { body: "고침" } }),
    ).toBe(2);
    expect(await tripsOf("DELETE", `/api/comments/${comment.id}`, { token: viewer.token })).toBe(1);
  });

  it("unfollow, block and unblock: 1 each", async () => {
    const target = await signUp();
    await call("PUT", `/api/users/${target.id}/follow`, { token: viewer.token });
    // A direct room between them: the block's effect on it needs no D1 read of its own.
    await call("PUT", `/api/users/${viewer.id}/follow`, { token: target.token });
    await call("POST", "/api/chat/rooms", { token: viewer.token, body: { userId: target.id } });
    expect(await tripsOf("DELETE", `/api/users/${target.id}/follow`, { token: viewer.token })).toBe(1);
    expect(await tripsOf("PUT", `/api/users/${target.id}/block`, { token: viewer.token })).toBe(1);
    expect(await tripsOf("DELETE", `/api/users/${target.id}/block`, { token: viewer.token })).toBe(1);
  });

  it("study create, edit, tag add and remove: 1 each", async () => {
    const body = {
      title: "새 스터디",
      mode: "online",
      startDate: "2030-01-01",
      endDate: "2030-02-01",
      maxMembers: 5,
      tags: ["go"],
    };
    expect(await tripsOf("POST", "/api/studies", { token: viewer.token, body })).toBe(1);
    const study = await createStudy(viewer.token);
    expect(
      await tripsOf("PATCH", `/api/studies/${study.id}`, {
        token: viewer.token,
        body: { title: "고친", tags: ["a", "b"] },
      }),
    ).toBe(1);
    expect(await tripsOf("PUT", `/api/studies/${study.id}/tags/rust`, { token: viewer.token })).toBe(1);
    expect(await tripsOf("DELETE", `/api/studies/${study.id}/tags/rust`, { token: viewer.token })).toBe(1);
  });

  it("study leave: 1", async () => {
    const study = await createStudy(author.token);
    await call("PUT", `/api/studies/${study.id}/membership`, { token: viewer.token });
    expect(await tripsOf("DELETE", `/api/studies/${study.id}/membership`, { token: viewer.token })).toBe(1);
  });

  it("opening a direct room: its notification is pushed with what the batch read, no D1 trip after the answer", async () => {
    const peer = await signUp();
    await call("PUT", `/api/users/${peer.id}/follow`, { token: viewer.token });
    const counting = countingD1(env.DB);
    const ctx = createExecutionContext();
    const response = await app.fetch(
      request("POST", "/api/chat/rooms", { token: viewer.token, body: { userId: peer.id } }),
      { ...env, DB: counting.d1 },
      ctx,
    );
    expect(response.status).toBe(201);
    const beforeAnswer = counting.trips();
    await response.text();
    await waitOnExecutionContext(ctx);
    expect(counting.trips()).toBe(beforeAnswer);
  });

  // The room's read marker moves into the ChatRoom/Inbox Durable Objects (issue 17).
  it("chat read marker: at most 1", async () => {
    const study = await createStudy(author.token);
    const detail = await json<{ id: string }>(
      await call("PUT", `/api/studies/${study.id}/membership`, { token: viewer.token }),
    );
    const rooms = await json<{ id: string; study?: { id: string } | null }[] | { items: { id: string }[] }>(
      await call("GET", "/api/chat/rooms", { token: viewer.token }),
    );
    const list = Array.isArray(rooms) ? rooms : rooms.items;
    const room = list.find((item) => JSON.stringify(item).includes(detail.id)) ?? list[0];
    expect(room).toBeDefined();
    expect(
      await tripsOf("POST", `/api/chat/rooms/${room?.id}/read`, { token: viewer.token, body: { seq: 0 } }),
    ).toBeLessThanOrEqual(1);
  });
});
