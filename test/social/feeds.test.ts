import { env } from "cloudflare:workers";
import { and, desc, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { follows, posts } from "../../src/db/schema";
import { listComments } from "../../src/features/comments/service";
import { listFeed, listUserPosts } from "../../src/features/posts/feeds";
import { viewPost } from "../../src/features/posts/service";
import { notBlockedFor, selectSummaries, toSummary, visibleTo } from "../../src/features/posts/summary";
import { getProfile } from "../../src/features/users/service";
import { call, errorCode, json, signUp } from "../helpers";
import {
  allPages,
  countingD1,
  createPost,
  db,
  expectNoEmail,
  follow,
  type PageJson,
  type PostJson,
  seedPosts,
  upload,
} from "./support";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const feed = async (query: string, token?: string) => {
  const response = await call("GET", `/api/posts?${query}`, { token });
  expect(response.status).toBe(200);
  return json<PageJson<PostJson>>(response);
};

describe("GET /api/posts (feeds)", () => {
  it("latest: newest first, to anyone, with the page's images and no email", async () => {
    const author = await signUp("최신");
    const image = await upload(author);
    const older = await createPost(author, { title: "먼저" });
    const newer = await createPost(author, { title: "나중", imageIds: [image.id] });
    const page = await feed("feed=latest&limit=50");
    const ids = page.items.map((post) => post.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(ids.indexOf(older.id)).toBeGreaterThanOrEqual(0);
    const shown = page.items.find((post) => post.id === newer.id);
    expect(shown?.images.map((item) => item.id)).toEqual([image.id]);
    expect(shown).not.toHaveProperty("body");
    expectNoEmail(page);
  });

  it("defaults to latest and checks limit and feed (422)", async () => {
    expect((await call("GET", "/api/posts")).status).toBe(200);
    for (const query of ["limit=0", "limit=51", "limit=abc", "feed=popular"]) {
      const response = await call("GET", `/api/posts?${query}`);
      expect(response.status).toBe(422);
      expect(await errorCode(response)).toBe("validation_failed");
    }
  });

  it("following: needs a login and shows only the posts of people I follow", async () => {
    const response = await call("GET", "/api/posts?feed=following");
    expect(response.status).toBe(401);

    const [me, followed, stranger] = [await signUp(), await signUp(), await signUp()];
    await follow(me, followed);
    const theirs = await createPost(followed);
    await createPost(stranger);
    await createPost(me);
    const page = await feed("feed=following", me.token);
    expect(page.items.map((post) => post.id)).toEqual([theirs.id]);
  });

  it("hides the posts of users I blocked or who blocked me, in latest, following and popular", async () => {
    const [me, blockedByMe, blockingMe] = [await signUp(), await signUp(), await signUp()];
    await follow(me, blockedByMe);
    await follow(me, blockingMe);
    const hiddenA = await createPost(blockedByMe);
    const hiddenB = await createPost(blockingMe);
    await env.DB.prepare("UPDATE posts SET like_count = 5000000 WHERE id IN (?, ?)")
      .bind(hiddenA.id, hiddenB.id)
      .run();
    expect((await call("PUT", `/api/users/${blockedByMe.id}/block`, { token: me.token })).status).toBe(204);
    expect((await call("PUT", `/api/users/${me.id}/block`, { token: blockingMe.token })).status).toBe(204);

    const latest = await feed("feed=latest&limit=50", me.token);
    expect(latest.items.map((post) => post.id)).not.toContain(hiddenA.id);
    expect(latest.items.map((post) => post.id)).not.toContain(hiddenB.id);
    const following = await feed("feed=following", me.token);
    expect(following.items).toEqual([]);
    const popular = await json<{ items: PostJson[] }>(
      await call("GET", "/api/posts/popular", { token: me.token }),
    );
    expect(popular.items.map((post) => post.id)).not.toContain(hiddenA.id);
    // Others still see them.
    const anonymous = await json<{ items: PostJson[] }>(await call("GET", "/api/posts/popular"));
    expect(anonymous.items.map((post) => post.id)).toEqual(expect.arrayContaining([hiddenA.id, hiddenB.id]));
    await env.DB.prepare("DELETE FROM posts WHERE id IN (?, ?)").bind(hiddenA.id, hiddenB.id).run();
  });

  it("pages 48 posts (with equal timestamps) without gap or duplicate while new posts arrive", async () => {
    const [reader, author] = [await signUp(), await signUp()];
    await follow(reader, author);
    const base = Date.now() - HOUR;
    // Groups of equal creation times, ordered by id within a group.
    const times = Array.from({ length: 48 }, (_, index) => base + Math.floor(index / 4) * 1000);
    const ids = await seedPosts(author.id, times);
    const expected = ids
      .map((id, index) => ({ id, time: times[index] ?? 0 }))
      .sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : -1))
      .map((post) => post.id);

    const arrived: string[] = [];
    const { items, pages } = await allPages<PostJson>(
      (cursor) => `/api/posts?feed=following&limit=7${cursor ? `&cursor=${cursor}` : ""}`,
      reader.token,
      async () => arrived.push((await createPost(author, { title: "새 글" })).id),
    );
    expect(pages).toBe(7);
    expect(items.map((post) => post.id)).toEqual(expected);
    // What arrived during paging is newer than the first page: the next fresh read shows it first.
    const fresh = await feed("feed=following&limit=3", reader.token);
    expect(fresh.items.map((post) => post.id)).toEqual(arrived.slice(-3).reverse());
  });

  it("every feed shape compiled once gives the summaries drizzle's own select gives", async () => {
    const [reader, author, blocked] = [await signUp(), await signUp(), await signUp()];
    await follow(reader, author);
    await call("PUT", `/api/users/${blocked.id}/block`, { token: reader.token });
    await createPost(blocked);
    const withImage = await createPost(author, { imageIds: [(await upload(author)).id] });
    await createPost(author, { body: "**굵게** 그리고 `코드`" });
    await createPost(author);
    const hidden = await createPost(reader);
    await env.DB.prepare("UPDATE posts SET hidden_at = 1 WHERE id = ?").bind(hidden.id).run();
    expect((await call("PUT", `/api/posts/${withImage.id}/like`, { token: reader.token })).status).toBe(200);

    const drizzleFeed = async (viewerId: string | null, following: boolean) => {
      const followed =
        following && viewerId
          ? inArray(
              posts.authorId,
              db().select({ id: follows.followeeId }).from(follows).where(eq(follows.followerId, viewerId)),
            )
          : undefined;
      const rows = await selectSummaries(db(), viewerId)
        .where(and(followed, notBlockedFor(viewerId), visibleTo(viewerId)))
        .orderBy(desc(posts.createdAt), desc(posts.id))
        .limit(6);
      return rows.map(toSummary);
    };
    const compiledFeed = async (viewerId: string | null, feed: "latest" | "following") => {
      const first = await listFeed(db(), viewerId, feed, { limit: 2 });
      const items = [...first.items];
      for (let cursor = first.nextCursor; cursor && items.length < 6; ) {
        const page = await listFeed(db(), viewerId, feed, { limit: 2, cursor });
        items.push(...page.items);
        cursor = page.nextCursor;
      }
      return items;
    };
    for (const [viewerId, feed] of [
      [null, "latest"],
      [reader.id, "latest"],
      [reader.id, "following"],
    ] as const) {
      const expected = await drizzleFeed(viewerId, feed === "following");
      // More than a page of 2, so a cursor page is compared too.
      expect(expected.length).toBeGreaterThan(2);
      expect(await compiledFeed(viewerId, feed)).toEqual(expected);
    }
    const mine = await listFeed(db(), reader.id, "latest", { limit: 50 });
    expect(mine.items.find((post) => post.id === withImage.id)).toMatchObject({ likedByMe: true });
    expect(mine.items.find((post) => post.id === hidden.id)).toMatchObject({ hidden: true });
    expect(mine.items.map((post) => post.author.id)).not.toContain(blocked.id);
  });

  it("treats a malformed cursor as the start", async () => {
    const page = await feed("feed=latest&limit=1&cursor=%%%garbage");
    expect(page.items).toHaveLength(1);
  });
});

describe("GET /api/posts/popular", () => {
  it("gives the 5 most liked posts of the last 7 days, ties newest first", async () => {
    const author = await signUp();
    const now = Date.now();
    const ids = await seedPosts(author.id, [
      now - 1 * DAY,
      now - 2 * DAY,
      now - 3 * DAY,
      now - 4 * DAY,
      now - 5 * DAY,
      now - 6 * DAY,
      now - 8 * DAY,
    ]);
    // Far above anything other tests create, so the ranking is ours alone.
    const likes = [9_000_003, 9_000_001, 9_000_004, 9_000_001, 9_000_002, 9_000_001, 9_999_999];
    await env.DB.batch(
      ids.map((id, index) =>
        env.DB.prepare("UPDATE posts SET like_count = ? WHERE id = ?").bind(likes[index], id),
      ),
    );
    const response = await call("GET", "/api/posts/popular");
    expect(response.status).toBe(200);
    const { items } = await json<{ items: PostJson[] }>(response);
    // 8 days old is out; among the three tied at 9,000,001 the newest two make the cut.
    expect(items.map((post) => post.id)).toEqual([ids[2], ids[0], ids[4], ids[1], ids[3]]);
    await env.DB.prepare(`DELETE FROM posts WHERE author_id = ?`).bind(author.id).run();
  });
});

describe("GET /api/users/:id/posts", () => {
  it("pages one user's posts newest first; 404 for an unknown user", async () => {
    const author = await signUp();
    const first = await createPost(author, { title: "하나" });
    const second = await createPost(author, { title: "둘" });
    const response = await call("GET", `/api/users/${author.id}/posts?limit=1`);
    const page = await json<PageJson<PostJson>>(response);
    expect(page.items.map((post) => post.id)).toEqual([second.id]);
    const next = await json<PageJson<PostJson>>(
      await call("GET", `/api/users/${author.id}/posts?limit=1&cursor=${page.nextCursor}`),
    );
    expect(next.items.map((post) => post.id)).toEqual([first.id]);
    expect(next.nextCursor).toBeNull();
    expect((await call("GET", "/api/users/unknown/posts")).status).toBe(404);
  });
});

describe("query count per page (no N+1)", () => {
  it("a feed page, a user's posts, a profile, a post and its comments run the same statements for 5 or 50 items", async () => {
    const [reader, author] = [await signUp(), await signUp()];
    await follow(reader, author);
    await seedPosts(
      author.id,
      Array.from({ length: 55 }, (_, index) => Date.now() - DAY + index),
    );
    const withImages = await createPost(author, {
      imageIds: [(await upload(author)).id, (await upload(author)).id],
    });
    for (let index = 0; index < 55; index++) {
      await env.DB.prepare(
        "INSERT INTO comments (id, post_id, author_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
        .bind(`c${index}${crypto.randomUUID().slice(0, 8)}`, withImages.id, reader.id, "댓글", index, index)
        .run();
    }

    const statements = async (run: (db: ReturnType<typeof countingD1>["db"]) => Promise<unknown>) => {
      const counting = countingD1();
      await run(counting.db);
      return counting.counter.prepared;
    };
    for (const run of [
      (limit: number) => (db: ReturnType<typeof countingD1>["db"]) =>
        listFeed(db, reader.id, "following", { limit }),
      (limit: number) => (db: ReturnType<typeof countingD1>["db"]) => listFeed(db, null, "latest", { limit }),
      (limit: number) => (db: ReturnType<typeof countingD1>["db"]) =>
        listUserPosts(db, { viewerId: reader.id, userId: author.id, page: { limit } }),
      (limit: number) => (db: ReturnType<typeof countingD1>["db"]) =>
        listComments(db, { viewerId: null, postId: withImages.id, page: { limit } }),
    ]) {
      const small = await statements(run(5));
      const large = await statements(run(50));
      expect(small).toBe(large);
      expect(small).toBeLessThanOrEqual(3);
    }
    const small = await json<PageJson<PostJson>>(
      await call("GET", `/api/posts?feed=following&limit=5`, { token: reader.token }),
    );
    expect(small.items).toHaveLength(5);
    expect(await statements((db) => getProfile(db, { viewerId: reader.id, userId: author.id }))).toBe(1);
    expect(
      await statements((db) =>
        viewPost(db, { viewerId: reader.id, viewerKey: reader.id, postId: withImages.id }),
      ),
      // The view, the counter, and the post with its images (a JSON column since issue 11).
    ).toBe(3);
  });
});
