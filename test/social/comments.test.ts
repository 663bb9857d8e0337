import { describe, expect, it } from "vitest";
import type { Comment } from "../../src/features/comments/comment";
import { call, errorCode, json, signUp, type TestUser } from "../helpers";
import { allPages, count, createPost, expectNoEmail, type PageJson, postRow } from "./support";

/** A comment; top-level ones in a page carry their replies. */
type CommentJson = Comment & { replies?: Comment[] };

const comment = async (user: TestUser, postId: string, body: string, parentId?: string) => {
  const response = await call("POST", `/api/posts/${postId}/comments`, {
    token: user.token,
    body: parentId ? { body, parentId } : { body },
  });
  expect(response.status).toBe(201);
  return json<CommentJson>(response);
};

const thread = async (postId: string, query = "") => {
  const response = await call("GET", `/api/posts/${postId}/comments${query}`);
  expect(response.status).toBe(200);
  return json<PageJson<CommentJson>>(response);
};

describe("comments", () => {
  it("lists top-level comments oldest first, each with its replies; commentCount counts replies", async () => {
    const [author, a, b] = [await signUp("글쓴이"), await signUp("에이"), await signUp("비")];
    const post = await createPost(author);
    const first = await comment(a, post.id, "첫 댓글");
    const second = await comment(b, post.id, "둘째 댓글");
    const reply = await comment(b, post.id, "답글", first.id);
    expect(reply).toMatchObject({ postId: post.id, parentId: first.id, deleted: false, body: "답글" });
    expect(reply.author).toEqual({
      id: b.id,
      handle: expect.stringMatching(/^user_\d{4}$/),
      nickname: "비",
      avatarUrl: null,
      bio: "",
    });

    const page = await thread(post.id);
    expect(page.items.map((item) => item.id)).toEqual([first.id, second.id]);
    expect(page.items[0]?.replies?.map((item) => item.id)).toEqual([reply.id]);
    expect(page.items[1]?.replies).toEqual([]);
    expect(page.nextCursor).toBeNull();
    expectNoEmail(page);
    expect((await postRow(post.id))?.comment_count).toBe(3);
  });

  it("pages top-level comments with a cursor, no gap or duplicate while comments arrive", async () => {
    const [author, writer] = [await signUp(), await signUp()];
    const post = await createPost(author);
    const ids: string[] = [];
    for (let index = 0; index < 12; index++) ids.push((await comment(writer, post.id, `댓글 ${index}`)).id);
    const arrived: string[] = [];
    const { items, pages } = await allPages<CommentJson>(
      (cursor) => `/api/posts/${post.id}/comments?limit=5${cursor ? `&cursor=${cursor}` : ""}`,
      undefined,
      async () => arrived.push((await comment(writer, post.id, "새 댓글")).id),
    );
    // Oldest first: comments that arrive while paging come at the end, so the last page picks them up.
    expect(items.map((item) => item.id)).toEqual([...ids, ...arrived.slice(0, items.length - ids.length)]);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it("refuses a reply to a reply, to another post's comment, or to an unknown comment (422)", async () => {
    const [author, user] = [await signUp(), await signUp()];
    const post = await createPost(author);
    const otherPost = await createPost(author);
    const top = await comment(user, post.id, "위");
    const reply = await comment(user, post.id, "답", top.id);
    const elsewhere = await comment(user, otherPost.id, "다른 글");
    for (const parentId of [reply.id, elsewhere.id, "unknown"]) {
      const response = await call("POST", `/api/posts/${post.id}/comments`, {
        token: user.token,
        body: { body: "x", parentId },
      });
      expect(response.status).toBe(422);
      expect(await errorCode(response)).toBe("validation_failed");
    }
    expect(await count("comments WHERE post_id = ?", post.id)).toBe(2);
  });

  it("answers 422 for an empty or over-long body, 401 anonymous, 404 for an unknown post", async () => {
    const [author, user] = [await signUp(), await signUp()];
    const post = await createPost(author);
    for (const body of ["", "   ", "가".repeat(1001)]) {
      const response = await call("POST", `/api/posts/${post.id}/comments`, {
        token: user.token,
        body: { body },
      });
      expect(response.status).toBe(422);
    }
    expect(await count("comments WHERE post_id = ?", post.id)).toBe(0);
    await comment(user, post.id, "가".repeat(1000));
    expect((await call("POST", `/api/posts/${post.id}/comments`, { body: { body: "x" } })).status).toBe(401);
    expect(
      (await call("POST", "/api/posts/unknown/comments", { token: user.token, body: { body: "x" } })).status,
    ).toBe(404);
    expect((await call("GET", "/api/posts/unknown/comments")).status).toBe(404);
    expect((await call("GET", `/api/posts/${post.id}/comments?limit=0`)).status).toBe(422);
  });

  it("edits by the author only", async () => {
    const [author, writer, other] = [await signUp(), await signUp(), await signUp()];
    const post = await createPost(author);
    const mine = await comment(writer, post.id, "원래");
    expect((await call("PATCH", `/api/comments/${mine.id}`, { body: { body: "x" } })).status).toBe(401);
    expect(
      (await call("PATCH", `/api/comments/${mine.id}`, { token: other.token, body: { body: "x" } })).status,
    ).toBe(403);
    // Not even the post's author may edit someone's words.
    expect(
      (await call("PATCH", `/api/comments/${mine.id}`, { token: author.token, body: { body: "x" } })).status,
    ).toBe(403);
    expect(
      (await call("PATCH", "/api/comments/unknown", { token: writer.token, body: { body: "x" } })).status,
    ).toBe(404);
    const tooLong = await call("PATCH", `/api/comments/${mine.id}`, {
      token: writer.token,
      body: { body: "a".repeat(1001) },
    });
    expect(tooLong.status).toBe(422);
    const response = await call("PATCH", `/api/comments/${mine.id}`, {
      token: writer.token,
      body: { body: "고침" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: mine.id, body: "고침", deleted: false });
    const page = await thread(post.id);
    expect(page.items[0]?.body).toBe("고침");
  });

  it("deletes by the comment's author or the post's author; others get 403", async () => {
    const [author, writer, other] = [await signUp(), await signUp(), await signUp()];
    const post = await createPost(author);
    const a = await comment(writer, post.id, "하나");
    const b = await comment(writer, post.id, "둘");
    expect((await call("DELETE", `/api/comments/${a.id}`)).status).toBe(401);
    expect((await call("DELETE", `/api/comments/${a.id}`, { token: other.token })).status).toBe(403);
    expect((await call("DELETE", "/api/comments/unknown", { token: writer.token })).status).toBe(404);
    expect((await call("DELETE", `/api/comments/${a.id}`, { token: writer.token })).status).toBe(204);
    expect((await call("DELETE", `/api/comments/${b.id}`, { token: author.token })).status).toBe(204);
    expect((await call("DELETE", `/api/comments/${b.id}`, { token: author.token })).status).toBe(404);
    expect((await thread(post.id)).items).toEqual([]);
    expect((await postRow(post.id))?.comment_count).toBe(0);
  });

  it("keeps a deleted comment with replies as a placeholder, and drops it with its last reply", async () => {
    const [author, writer, replier] = [await signUp(), await signUp(), await signUp()];
    const post = await createPost(author);
    const top = await comment(writer, post.id, "지울 댓글");
    const r1 = await comment(replier, post.id, "답 1", top.id);
    const r2 = await comment(replier, post.id, "답 2", top.id);
    expect((await call("DELETE", `/api/comments/${top.id}`, { token: writer.token })).status).toBe(204);

    const page = await thread(post.id);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: top.id, deleted: true, body: null, author: null });
    expect(page.items[0]?.replies?.map((item) => item.id)).toEqual([r1.id, r2.id]);
    expect((await postRow(post.id))?.comment_count).toBe(2);
    // A placeholder can be neither edited, deleted again, nor replied to.
    expect(
      (await call("PATCH", `/api/comments/${top.id}`, { token: writer.token, body: { body: "x" } })).status,
    ).toBe(404);
    const replyToDeleted = await call("POST", `/api/posts/${post.id}/comments`, {
      token: replier.token,
      body: { body: "x", parentId: top.id },
    });
    expect(replyToDeleted.status).toBe(422);

    expect((await call("DELETE", `/api/comments/${r1.id}`, { token: replier.token })).status).toBe(204);
    expect((await thread(post.id)).items[0]?.replies?.map((item) => item.id)).toEqual([r2.id]);
    // The post's author removes the last reply: the placeholder has nothing left to hold.
    expect((await call("DELETE", `/api/comments/${r2.id}`, { token: author.token })).status).toBe(204);
    expect((await thread(post.id)).items).toEqual([]);
    expect(await count("comments WHERE post_id = ?", post.id)).toBe(0);
    expect((await postRow(post.id))?.comment_count).toBe(0);
  });

  it("notifies: comment → post author; reply → parent author, plus the post author if someone else", async () => {
    const [author, parentWriter, replier] = [await signUp(), await signUp(), await signUp()];
    const post = await createPost(author);
    const top = await comment(parentWriter, post.id, "위");
    expect(
      await count(
        "notifications WHERE user_id = ? AND kind = 'comment' AND comment_id = ?",
        author.id,
        top.id,
      ),
    ).toBe(1);

    const reply = await comment(replier, post.id, "답", top.id);
    expect(
      await count(
        "notifications WHERE user_id = ? AND kind = 'reply' AND comment_id = ?",
        parentWriter.id,
        reply.id,
      ),
    ).toBe(1);
    // The post author hears of it too, as a `comment`: they did not write the parent.
    expect(
      await count(
        "notifications WHERE user_id = ? AND kind = 'comment' AND comment_id = ?",
        author.id,
        reply.id,
      ),
    ).toBe(1);

    // The post author replying to a comment on their own post: only the parent's author hears of it.
    const ownReply = await comment(author, post.id, "작성자 답", top.id);
    expect(await count("notifications WHERE comment_id = ?", ownReply.id)).toBe(1);
    // A reply under the post author's own comment: they get the `reply`, not also a `comment`.
    const authorTop = await comment(author, post.id, "작성자 댓글");
    const replyToAuthor = await comment(replier, post.id, "작성자에게 답", authorTop.id);
    const toAuthor = (kind: string) =>
      count(
        "notifications WHERE comment_id = ? AND user_id = ? AND kind = ?",
        replyToAuthor.id,
        author.id,
        kind,
      );
    expect(await toAuthor("reply")).toBe(1);
    expect(await toAuthor("comment")).toBe(0);
    // Every one of them opens the post.
    expect(await count("notifications WHERE post_id = ? AND target_id != ?", post.id, post.id)).toBe(0);
    expect(await count("notifications WHERE post_id = ? AND actor_id = user_id", post.id)).toBe(0);
  });
});
