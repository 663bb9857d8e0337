/**
 * Hidden content is gone for everyone but its author — feeds, search, the post page, counts and
 * notifications — and comes back as it was on undo (API.md § Moderation, issue 13).
 */
import { describe, expect, it } from "vitest";
import { call, json, type TestUser } from "../helpers";
import { cast, post, report, resolve, signUpAs } from "./support";

type Page = { items: { id: string; hidden?: boolean }[] };

const latestIds = async (viewer?: TestUser) =>
  (
    await json<Page>(
      await call("GET", "/api/posts?feed=latest&limit=50", viewer ? { token: viewer.token } : {}),
    )
  ).items.map((item) => item.id);

const searchIds = async (q: string, viewer?: TestUser) =>
  (
    await json<{ posts: { id: string }[] }>(
      await call(
        "GET",
        `/api/search?type=posts&q=${encodeURIComponent(q)}`,
        viewer ? { token: viewer.token } : {},
      ),
    )
  ).posts.map((item) => item.id);

const profileOf = async (userId: string, viewer?: TestUser) =>
  json<{ postCount: number }>(
    await call("GET", `/api/users/${userId}`, viewer ? { token: viewer.token } : {}),
  );

const notificationsOf = async (user: TestUser) =>
  json<{ items: { kind: string; target: { id: string; commentId?: string } }[]; unreadCount: number }>(
    await call("GET", "/api/notifications", { token: user.token }),
  );

const hide = (moderator: TestUser, target: Record<string, string>, undo = false) =>
  call("POST", `/api/moderation/${undo ? "unhide" : "hide"}`, { token: moderator.token, body: { target } });

describe("hiding a post", () => {
  it("removes it from feed, search, post page, counts and notifications; undo restores all of it", async () => {
    const { moderator } = await cast();
    const [author, reader, commenter, replier] = await Promise.all([
      signUpAs("member", "작성자"),
      signUpAs("member", "독자"),
      signUpAs("member", "댓글러"),
      signUpAs("member", "답글러"),
    ]);
    const marker = `hidemark${crypto.randomUUID().slice(0, 8)}`;
    const { id } = await post(author, `${marker} 제목`, `${marker} 본문`);
    // The commenter's comment gets a reply: the commenter's `reply` notification opens the post.
    const made = await call("POST", `/api/posts/${id}/comments`, {
      token: commenter.token,
      body: { body: "댓글" },
    });
    const parent = await json<{ id: string }>(made);
    await call("POST", `/api/posts/${id}/comments`, {
      token: replier.token,
      body: { body: "답글", parentId: parent.id },
    });
    expect((await notificationsOf(commenter)).items.map((n) => n.target.id)).toContain(id);
    const before = await notificationsOf(commenter);

    // A report on it, resolved by hiding.
    const filed = await report(reader, { type: "post", id }, "spam");
    const resolved = await resolve(moderator, filed.id, { action: "hide", note: "광고" });
    expect(resolved.status).toBe(200);
    expect(await json<{ status: string; resolution: { action: string } }>(resolved)).toMatchObject({
      status: "resolved",
      resolution: { action: "hide" },
    });

    for (const viewer of [reader, undefined]) {
      expect(await latestIds(viewer)).not.toContain(id);
      expect(await searchIds(marker, viewer)).not.toContain(id);
      expect((await call("GET", `/api/posts/${id}`, viewer ? { token: viewer.token } : {})).status).toBe(404);
      expect(
        (await call("GET", `/api/posts/${id}/comments`, viewer ? { token: viewer.token } : {})).status,
      ).toBe(404);
      expect((await profileOf(author.id, viewer)).postCount).toBe(0);
      const list = await json<Page>(
        await call("GET", `/api/users/${author.id}/posts`, viewer ? { token: viewer.token } : {}),
      );
      expect(list.items).toEqual([]);
    }
    const after = await notificationsOf(commenter);
    expect(after.items.map((n) => n.target.id)).not.toContain(id);
    expect(after.unreadCount).toBe(before.unreadCount - 1);
    // Nobody else can like or comment on it.
    expect((await call("PUT", `/api/posts/${id}/like`, { token: reader.token })).status).toBe(404);
    expect(
      (await call("POST", `/api/posts/${id}/comments`, { token: reader.token, body: { body: "보이나?" } }))
        .status,
    ).toBe(404);

    // The author still sees it, marked hidden, everywhere.
    const own = await call("GET", `/api/posts/${id}`, { token: author.token });
    expect(own.status).toBe(200);
    expect(await json<{ hidden: boolean }>(own)).toMatchObject({ hidden: true });
    expect(await latestIds(author)).toContain(id);
    expect((await profileOf(author.id, author)).postCount).toBe(1);

    // Undo: everything is back.
    expect((await hide(moderator, { type: "post", id }, true)).status).toBe(204);
    expect(await latestIds(reader)).toContain(id);
    expect(await searchIds(marker, reader)).toContain(id);
    const back = await call("GET", `/api/posts/${id}`, { token: reader.token });
    expect(back.status).toBe(200);
    expect(await json<{ hidden: boolean }>(back)).toMatchObject({ hidden: false });
    expect((await profileOf(author.id, reader)).postCount).toBe(1);
    const restored = await notificationsOf(commenter);
    expect(restored.items.map((n) => n.target.id)).toContain(id);
    expect(restored.unreadCount).toBe(before.unreadCount);
  });
});

describe("hiding a comment", () => {
  it("reads as deleted to others, leaves commentCount and the post author's notifications; undo restores", async () => {
    const { moderator } = await cast();
    const [author, commenter, reader] = await Promise.all([
      signUpAs("member", "작성자"),
      signUpAs("member", "댓글러"),
      signUpAs("member", "독자"),
    ]);
    const { id: postId } = await post(author);
    const made = await json<{ id: string }>(
      await call("POST", `/api/posts/${postId}/comments`, {
        token: commenter.token,
        body: { body: "나쁜 댓글" },
      }),
    );
    const before = await notificationsOf(author);
    expect(before.items.some((n) => n.target.commentId === made.id)).toBe(true);

    expect((await hide(moderator, { type: "comment", id: made.id })).status).toBe(204);

    const threads = async (viewer: TestUser) =>
      (
        await json<{ items: { id: string; body: string | null; deleted: boolean; hidden: boolean }[] }>(
          await call("GET", `/api/posts/${postId}/comments`, { token: viewer.token }),
        )
      ).items;
    expect(await threads(reader)).toEqual([
      expect.objectContaining({ id: made.id, body: null, deleted: true, hidden: false }),
    ]);
    expect(await threads(commenter)).toEqual([
      expect.objectContaining({ id: made.id, body: "나쁜 댓글", deleted: false, hidden: true }),
    ]);
    const postNow = await json<{ commentCount: number }>(
      await call("GET", `/api/posts/${postId}`, { token: reader.token }),
    );
    expect(postNow.commentCount).toBe(0);
    const after = await notificationsOf(author);
    expect(after.items.some((n) => n.target.commentId === made.id)).toBe(false);
    expect(after.unreadCount).toBe(before.unreadCount - 1);

    expect((await hide(moderator, { type: "comment", id: made.id }, true)).status).toBe(204);
    expect(await threads(reader)).toEqual([
      expect.objectContaining({ id: made.id, body: "나쁜 댓글", deleted: false }),
    ]);
    const restored = await json<{ commentCount: number }>(
      await call("GET", `/api/posts/${postId}`, { token: reader.token }),
    );
    expect(restored.commentCount).toBe(1);
    expect((await notificationsOf(author)).unreadCount).toBe(before.unreadCount);
  });
});
