import { describe, expect, it } from "vitest";
import { purgeOldPostViews } from "../../src/features/posts/feeds";
import { viewPost } from "../../src/features/posts/service";
import { call, errorCode, json, signUp } from "../helpers";
import { count, createPost, db, type PostJson, postRow } from "./support";

const HOUR = 60 * 60 * 1000;

describe("likes", () => {
  it("PUT and DELETE are idempotent and answer {likeCount, likedByMe}", async () => {
    const [author, fan] = [await signUp(), await signUp()];
    const post = await createPost(author);
    const liked = await call("PUT", `/api/posts/${post.id}/like`, { token: fan.token });
    expect(liked.status).toBe(200);
    expect(await liked.json()).toEqual({ likeCount: 1, likedByMe: true });
    expect(await json(await call("PUT", `/api/posts/${post.id}/like`, { token: fan.token }))).toEqual({
      likeCount: 1,
      likedByMe: true,
    });
    expect(await json(await call("DELETE", `/api/posts/${post.id}/like`, { token: fan.token }))).toEqual({
      likeCount: 0,
      likedByMe: false,
    });
    expect(await json(await call("DELETE", `/api/posts/${post.id}/like`, { token: fan.token }))).toEqual({
      likeCount: 0,
      likedByMe: false,
    });
  });

  it("needs a login (401) and an existing post (404)", async () => {
    const author = await signUp();
    const post = await createPost(author);
    expect((await call("PUT", `/api/posts/${post.id}/like`)).status).toBe(401);
    expect((await call("DELETE", `/api/posts/${post.id}/like`)).status).toBe(401);
    const missing = await call("PUT", "/api/posts/unknown/like", { token: author.token });
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe("not_found");
    expect((await call("DELETE", "/api/posts/unknown/like", { token: author.token })).status).toBe(404);
  });

  it("counts exactly under concurrency: 20 people at once → 20, one person 10 times at once → 1", async () => {
    const author = await signUp();
    const post = await createPost(author);
    const fans = await Promise.all(Array.from({ length: 20 }, (_, index) => signUp(`팬${index}`)));
    const responses = await Promise.all(
      fans.map((fan) => call("PUT", `/api/posts/${post.id}/like`, { token: fan.token })),
    );
    expect(responses.map((response) => response.status)).toEqual(fans.map(() => 200));
    expect((await postRow(post.id))?.like_count).toBe(20);
    expect(await count("likes WHERE post_id = ?", post.id)).toBe(20);

    const [first] = fans;
    if (!first) throw new Error("no fan");
    await Promise.all(
      Array.from({ length: 10 }, () => call("DELETE", `/api/posts/${post.id}/like`, { token: first.token })),
    );
    await Promise.all(
      Array.from({ length: 10 }, () => call("PUT", `/api/posts/${post.id}/like`, { token: first.token })),
    );
    expect((await postRow(post.id))?.like_count).toBe(20);
    await Promise.all(fans.map((fan) => call("DELETE", `/api/posts/${post.id}/like`, { token: fan.token })));
    expect((await postRow(post.id))?.like_count).toBe(0);
  });

  it("notifies the author once (not for liking one's own post)", async () => {
    const [author, fan] = [await signUp(), await signUp()];
    const post = await createPost(author);
    await call("PUT", `/api/posts/${post.id}/like`, { token: author.token });
    await call("PUT", `/api/posts/${post.id}/like`, { token: fan.token });
    await call("DELETE", `/api/posts/${post.id}/like`, { token: fan.token });
    await call("PUT", `/api/posts/${post.id}/like`, { token: fan.token });
    expect(
      await count(
        "notifications WHERE user_id = ? AND actor_id = ? AND kind = 'like' AND target_id = ? AND post_id = ?",
        author.id,
        fan.id,
        post.id,
        post.id,
      ),
    ).toBe(1);
    expect(await count("notifications WHERE user_id = ? AND actor_id = ?", author.id, author.id)).toBe(0);
  });
});

describe("views", () => {
  it("count once per viewer per hour, even for concurrent reads", async () => {
    const [author, reader, other] = [await signUp(), await signUp(), await signUp()];
    const post = await createPost(author);
    await Promise.all(
      Array.from({ length: 10 }, () => call("GET", `/api/posts/${post.id}`, { token: reader.token })),
    );
    expect((await postRow(post.id))?.view_count).toBe(1);
    const seen = await json<PostJson>(await call("GET", `/api/posts/${post.id}`, { token: other.token }));
    expect(seen.viewCount).toBe(2);

    // Anonymous readers count by address.
    const fromA = { headers: { "CF-Connecting-IP": "203.0.113.7" } };
    await Promise.all([
      call("GET", `/api/posts/${post.id}`, fromA),
      call("GET", `/api/posts/${post.id}`, fromA),
    ]);
    await call("GET", `/api/posts/${post.id}`, { headers: { "CF-Connecting-IP": "203.0.113.8" } });
    expect((await postRow(post.id))?.view_count).toBe(4);

    // The next hour is a new view.
    const later = await viewPost(
      db(),
      { viewerId: reader.id, viewerKey: reader.id, postId: post.id },
      Date.now() + HOUR,
    );
    expect(later.viewCount).toBe(5);
    await viewPost(db(), { viewerId: reader.id, viewerKey: reader.id, postId: post.id }, Date.now() + HOUR);
    expect((await postRow(post.id))?.view_count).toBe(5);
  });

  it("a missing post counts nothing and is a 404", async () => {
    const response = await call("GET", "/api/posts/nope");
    expect(response.status).toBe(404);
    expect(await count("post_views WHERE post_id = 'nope'")).toBe(0);
  });

  it("purgeOldPostViews drops the rows of past hours only", async () => {
    const [author, reader] = [await signUp(), await signUp()];
    const post = await createPost(author);
    await viewPost(
      db(),
      { viewerId: reader.id, viewerKey: reader.id, postId: post.id },
      Date.now() - 2 * HOUR,
    );
    await viewPost(db(), { viewerId: reader.id, viewerKey: reader.id, postId: post.id });
    expect(await count("post_views WHERE post_id = ?", post.id)).toBe(2);
    await purgeOldPostViews(db());
    expect(await count("post_views WHERE post_id = ?", post.id)).toBe(1);
    // The current hour's row still stops a second count.
    await viewPost(db(), { viewerId: reader.id, viewerKey: reader.id, postId: post.id });
    expect((await postRow(post.id))?.view_count).toBe(2);
  });
});
