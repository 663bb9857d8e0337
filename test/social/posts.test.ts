import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { recordNotification } from "../../src/features/notifications/record";
import { notFound } from "../../src/lib/errors";
import { whenTargetGone } from "../../src/shared/constraint-errors";
import { call, errorCode, json, SETTLED, signUp } from "../helpers";
import { count, createPost, db, expectNoEmail, type PostJson, postRow, upload } from "./support";

const keyOf = (url: string) => url.replace(/^\/images\//, "");

describe("POST /api/posts", () => {
  it("creates a post with the caller's uploads in the given order", async () => {
    const author = await signUp("작성자");
    const [a, b, c] = [await upload(author, "첫째"), await upload(author), await upload(author)];
    const response = await call("POST", "/api/posts", {
      token: author.token,
      body: { title: "  첫 글  ", body: "안녕하세요\n반갑습니다", imageIds: [c.id, a.id, b.id] },
    });
    expect(response.status).toBe(201);
    const post = await json<PostJson>(response);
    expect(post).toMatchObject({
      title: "첫 글",
      body: "안녕하세요\n반갑습니다",
      excerpt: "안녕하세요 반갑습니다",
      likeCount: 0,
      commentCount: 0,
      viewCount: 0,
      likedByMe: false,
      author: { id: author.id, nickname: "작성자", avatarUrl: null, bio: "" },
    });
    expect(post.images.map((image) => image.id)).toEqual([c.id, a.id, b.id]);
    expect(post.images[1]).toMatchObject({ alt: "첫째", width: 2, height: 3 });
    expect(new Date(post.createdAt).toISOString()).toBe(post.createdAt);
    expectNoEmail(post);
  });

  it("cuts the excerpt at 200 characters", async () => {
    const author = await signUp();
    const post = await createPost(author, { body: "가".repeat(250) });
    expect(post.excerpt).toBe(`${"가".repeat(200)}…`);
    expect(post.body).toHaveLength(250);
  });

  it("needs a login", async () => {
    const response = await call("POST", "/api/posts", { body: { title: "t", body: "b" } });
    expect(response.status).toBe(401);
  });

  it.each([
    ["empty title", { title: "   ", body: "b" }],
    ["title over 120", { title: "가".repeat(121), body: "b" }],
    ["empty body", { title: "t", body: "" }],
    ["body over 10,000", { title: "t", body: "a".repeat(10_001) }],
    ["unknown field", { title: "t", body: "b", extra: 1 }],
    ["same image twice", { title: "t", body: "b", imageIds: ["x", "x"] }],
  ])("answers 422 for %s and stores nothing", async (_, body) => {
    const author = await signUp();
    const response = await call("POST", "/api/posts", { token: author.token, body });
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe("validation_failed");
    expect(await count("posts WHERE author_id = ?", author.id)).toBe(0);
  });

  it("accepts the limits exactly (title 120, body 10,000, 10 images)", async () => {
    const author = await signUp();
    const ids = [];
    for (let i = 0; i < 10; i++) ids.push((await upload(author)).id);
    const post = await createPost(author, {
      title: "t".repeat(120),
      body: "b".repeat(10_000),
      imageIds: ids,
    });
    expect(post.images).toHaveLength(10);
  });

  it("refuses more than 10 images (422) and leaves the uploads unattached", async () => {
    const author = await signUp();
    const ids = [];
    for (let i = 0; i < 11; i++) ids.push((await upload(author)).id);
    const response = await call("POST", "/api/posts", {
      token: author.token,
      body: { title: "t", body: "b", imageIds: ids },
    });
    expect(response.status).toBe(422);
    expect(await count("posts WHERE author_id = ?", author.id)).toBe(0);
    expect(await count("images WHERE owner_id = ? AND post_id IS NULL", author.id)).toBe(11);
  });

  it("refuses someone else's upload, an attached one or an unknown id (422), storing nothing", async () => {
    const [author, other] = [await signUp(), await signUp()];
    const theirs = await upload(other);
    const mine = await upload(author);
    const used = await upload(author);
    await createPost(author, { imageIds: [used.id] });
    for (const imageIds of [
      [mine.id, theirs.id],
      [mine.id, used.id],
      [mine.id, "nope"],
    ]) {
      const response = await call("POST", "/api/posts", {
        token: author.token,
        body: { title: "t", body: "b", imageIds },
      });
      expect(response.status).toBe(422);
    }
    expect(await count("posts WHERE author_id = ?", author.id)).toBe(1);
    expect(await count("images WHERE id IN (?, ?) AND post_id IS NULL", mine.id, theirs.id)).toBe(2);
  });
});

describe("GET /api/posts/:id", () => {
  it("returns the post to anyone, with likedByMe for the caller", async () => {
    const [author, reader] = [await signUp(), await signUp()];
    const post = await createPost(author, { body: "본문 전체" });
    await call("PUT", `/api/posts/${post.id}/like`, { token: reader.token });
    const anonymous = await json<PostJson>(await call("GET", `/api/posts/${post.id}`));
    expect(anonymous).toMatchObject({ id: post.id, body: "본문 전체", likeCount: 1, likedByMe: false });
    const mine = await json<PostJson>(await call("GET", `/api/posts/${post.id}`, { token: reader.token }));
    expect(mine.likedByMe).toBe(true);
  });

  it("answers 404 for an unknown post", async () => {
    const response = await call("GET", "/api/posts/unknown");
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe("not_found");
  });
});

describe("PATCH /api/posts/:id", () => {
  it("edits title and body for the author only (401 anonymous, 403 others)", async () => {
    const [author, other] = [await signUp(), await signUp()];
    const post = await createPost(author, { title: "원래", body: "원래 본문" });
    expect((await call("PATCH", `/api/posts/${post.id}`, { body: { title: "x" } })).status).toBe(401);
    const forbidden = await call("PATCH", `/api/posts/${post.id}`, {
      token: other.token,
      body: { title: "x" },
    });
    expect(forbidden.status).toBe(403);
    expect(await errorCode(forbidden)).toBe("forbidden");
    const missing = await call("PATCH", "/api/posts/unknown", { token: author.token, body: { title: "x" } });
    expect(missing.status).toBe(404);

    const response = await call("PATCH", `/api/posts/${post.id}`, {
      token: author.token,
      body: { title: "고침" },
    });
    expect(response.status).toBe(200);
    const edited = await json<PostJson>(response);
    expect(edited).toMatchObject({ title: "고침", body: "원래 본문" });
    expect(Date.parse(edited.updatedAt)).toBeGreaterThanOrEqual(Date.parse(post.updatedAt));
  });

  it.each([
    ["title over 120", { title: "a".repeat(121) }],
    ["empty body", { body: " " }],
    ["body over 10,000", { body: "a".repeat(10_001) }],
    ["nothing to change", {}],
    ["11 images", { imageIds: Array.from({ length: 11 }, (_, i) => `id${i}`) }],
  ])("answers 422 for %s and changes nothing", async (_, body) => {
    const author = await signUp();
    const post = await createPost(author, { title: "그대로", body: "그대로" });
    const response = await call("PATCH", `/api/posts/${post.id}`, { token: author.token, body });
    expect(response.status).toBe(422);
    expect(await postRow(post.id)).toMatchObject({ title: "그대로", body: "그대로" });
  });

  it("takes imageIds as the full new order: keeps, reorders, adds, and deletes what was left out", async () => {
    const author = await signUp();
    const [a, b, c, d] = [
      await upload(author),
      await upload(author),
      await upload(author),
      await upload(author),
    ];
    const post = await createPost(author, { imageIds: [a.id, b.id, c.id] });
    const response = await call("PATCH", `/api/posts/${post.id}`, {
      token: author.token,
      body: { imageIds: [c.id, d.id, a.id] },
    });
    expect(response.status).toBe(200);
    const edited = await json<PostJson>(response);
    expect(edited.images.map((image) => image.id)).toEqual([c.id, d.id, a.id]);
    expect(await count("images WHERE id = ?", b.id)).toBe(0);
    await vi.waitFor(async () => expect(await env.IMAGES.head(keyOf(b.url))).toBeNull(), SETTLED);
    expect(await env.IMAGES.head(keyOf(a.url))).not.toBeNull();

    const cleared = await json<PostJson>(
      await call("PATCH", `/api/posts/${post.id}`, { token: author.token, body: { imageIds: [] } }),
    );
    expect(cleared.images).toEqual([]);
    expect(await count("images WHERE post_id = ?", post.id)).toBe(0);
  });

  it("refuses images that are not the author's free uploads and changes nothing at all", async () => {
    const [author, other] = [await signUp(), await signUp()];
    const [a, b] = [await upload(author), await upload(author)];
    const theirs = await upload(other);
    const post = await createPost(author, { title: "그대로", imageIds: [a.id, b.id] });
    const response = await call("PATCH", `/api/posts/${post.id}`, {
      token: author.token,
      body: { title: "바뀜", imageIds: [theirs.id] },
    });
    expect(response.status).toBe(422);
    expect(await postRow(post.id)).toMatchObject({ title: "그대로" });
    expect(await count("images WHERE post_id = ?", post.id)).toBe(2);
    expect(await count("images WHERE id = ? AND post_id IS NULL", theirs.id)).toBe(1);
  });
});

describe("DELETE /api/posts/:id", () => {
  it("is the author's alone, and takes images (rows and objects), comments and likes with it", async () => {
    const [author, other] = [await signUp(), await signUp()];
    const image = await upload(author);
    const post = await createPost(author, { imageIds: [image.id] });
    await call("POST", `/api/posts/${post.id}/comments`, { token: other.token, body: { body: "댓글" } });
    await call("PUT", `/api/posts/${post.id}/like`, { token: other.token });

    expect((await call("DELETE", `/api/posts/${post.id}`)).status).toBe(401);
    expect((await call("DELETE", `/api/posts/${post.id}`, { token: other.token })).status).toBe(403);
    expect((await call("DELETE", "/api/posts/unknown", { token: author.token })).status).toBe(404);
    expect(await count("posts WHERE id = ?", post.id)).toBe(1);

    const response = await call("DELETE", `/api/posts/${post.id}`, { token: author.token });
    expect(response.status).toBe(204);
    expect(await count("posts WHERE id = ?", post.id)).toBe(0);
    expect(await count("comments WHERE post_id = ?", post.id)).toBe(0);
    expect(await count("likes WHERE post_id = ?", post.id)).toBe(0);
    expect(await count("images WHERE id = ?", image.id)).toBe(0);
    expect(await count("notifications WHERE post_id = ?", post.id)).toBe(0);
    await vi.waitFor(async () => expect(await env.IMAGES.head(keyOf(image.url))).toBeNull(), SETTLED);
    expect((await call("GET", `/api/posts/${post.id}`)).status).toBe(404);
  });
});

describe("whenTargetGone", () => {
  it("turns D1's foreign-key failure of a batch into the given answer, and passes other errors on", async () => {
    const [actor, recipient] = [await signUp(), await signUp()];
    const database = db();
    const orphan = recordNotification(database, {
      recipientId: recipient.id,
      actorId: actor.id,
      kind: "like",
      targetId: "gone",
      postId: "gone",
    });
    await expect(whenTargetGone(database.batch([orphan]), () => notFound("게시글"))).rejects.toMatchObject({
      status: 404,
    });
    await expect(whenTargetGone(Promise.reject(new Error("other")), () => notFound())).rejects.toThrow(
      "other",
    );
  });
});
