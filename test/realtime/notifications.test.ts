import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { publishNotifications } from "../../src/features/notifications/publish";
import { createdNotifications, recordNotification } from "../../src/features/notifications/record";
import { call, json, signUp, type TestUser } from "../helpers";
import { type Frame, TestSocket } from "./socket";
import { db, openInbox } from "./support";

interface NotificationPage {
  items: Frame[];
  nextCursor: string | null;
  unreadCount: number;
}

const listOf = async (user: TestUser, query = "") => {
  const response = await call("GET", `/api/notifications${query}`, { token: user.token });
  expect(response.status).toBe(200);
  return json<NotificationPage>(response);
};

const markRead = (user: TestUser, body: unknown) =>
  call("POST", "/api/notifications/read", { token: user.token, body });

/** Follow notifications from `count` fresh actors, recorded and pushed as a feature route would. */
const followedBy = async (recipient: TestUser, count: number) => {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const actor = await signUp(`팔로워${i}`);
    const [rows] = await db.batch([
      recordNotification(db, {
        recipientId: recipient.id,
        actorId: actor.id,
        kind: "follow",
        targetId: actor.id,
      }),
    ]);
    const created = createdNotifications([rows]);
    await publishNotifications(env, created);
    ids.push(...created.map((row) => row.id));
  }
  return ids;
};

describe("notifications pushed live", () => {
  it("pushes each of the six kinds to every open tab of the recipient, never to the actor", async () => {
    const [recipient, actor] = await Promise.all([signUp("받는이"), signUp("하는이")]);
    const tabs = [await openInbox(recipient), await openInbox(recipient)];
    const actorTab = await openInbox(actor);
    for (const tab of [...tabs, actorTab]) await tab.nextOf("ready");

    let expectedUnread = 0;
    const expectPushed = async (kind: string, target: Frame) => {
      expectedUnread += 1;
      for (const tab of tabs) {
        const frame = await tab.next((f) => f.type === "notification" && f.notification.kind === kind);
        expect(frame.notification).toMatchObject({
          kind,
          actor: { id: actor.id, nickname: "하는이", avatarUrl: null, bio: "" },
          target,
          read: false,
        });
        expect(JSON.stringify(frame)).not.toContain("@");
        expect(await tab.next((f) => f.type === "unread" && f.count === expectedUnread)).toBeTruthy();
      }
    };
    const ok = async (response: Promise<Response>, status = 200) => {
      const answered = await response;
      expect(answered.status, await answered.clone().text()).toBe(status);
      return json<{ id: string }>(answered);
    };

    await ok(call("PUT", `/api/users/${recipient.id}/follow`, { token: actor.token }));
    await expectPushed("follow", { type: "user", id: actor.id });

    const post = await ok(
      call("POST", "/api/posts", { token: recipient.token, body: { title: "내 글", body: "본문" } }),
      201,
    );
    const comment = await ok(
      call("POST", `/api/posts/${post.id}/comments`, { token: actor.token, body: { body: "좋은 글" } }),
      201,
    );
    await expectPushed("comment", { type: "post", id: post.id, title: "내 글", commentId: comment.id });

    const mine = await ok(
      call("POST", `/api/posts/${post.id}/comments`, { token: recipient.token, body: { body: "고마워요" } }),
      201,
    );
    const reply = await ok(
      call("POST", `/api/posts/${post.id}/comments`, {
        token: actor.token,
        body: { body: "천만에요", parentId: mine.id },
      }),
      201,
    );
    await expectPushed("reply", { type: "post", id: post.id, title: "내 글", commentId: reply.id });

    await ok(call("PUT", `/api/posts/${post.id}/like`, { token: actor.token }));
    await expectPushed("like", { type: "post", id: post.id, title: "내 글" });

    const room = await ok(
      call("POST", "/api/chat/rooms", { token: actor.token, body: { userId: recipient.id } }),
      201,
    );
    await expectPushed("chat_room", { type: "room", id: room.id });

    const study = await ok(
      call("POST", "/api/studies", {
        token: recipient.token,
        body: {
          title: "함께 공부",
          mode: "offline",
          startDate: "2026-12-01",
          endDate: "2027-01-31",
          maxMembers: 5,
        },
      }),
      201,
    );
    await ok(call("PUT", `/api/studies/${study.id}/membership`, { token: actor.token }));
    await expectPushed("study_join", { type: "study", id: study.id, title: "함께 공부" });

    // The actor's own tab heard nothing of it, and the list agrees with what was pushed.
    expect((await actorTab.drain()).filter((f) => f.type === "notification")).toEqual([]);
    const page = await listOf(recipient);
    expect(page.unreadCount).toBe(6);
    expect(page.items.map((n) => n.kind)).toEqual([
      "study_join",
      "chat_room",
      "like",
      "reply",
      "comment",
      "follow",
    ]);
    for (const socket of [...tabs, actorTab]) socket.close();
  });

  it("sends `unread 0` to the other tabs when one marks everything read", async () => {
    const user = await signUp();
    await followedBy(user, 2);
    const [tab1, tab2] = [await openInbox(user), await openInbox(user)];
    expect(await tab1.nextOf("unread")).toEqual({ type: "unread", count: 2 });
    expect(await tab2.nextOf("unread")).toEqual({ type: "unread", count: 2 });
    const response = await markRead(user, { all: true });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ unreadCount: 0 });
    expect(await tab2.nextOf("unread")).toEqual({ type: "unread", count: 0 });
    expect(await tab1.nextOf("unread")).toEqual({ type: "unread", count: 0 });
    tab1.close();
    tab2.close();
  });

  it("replays what a reconnecting tab missed (since), oldest first, before `ready`", async () => {
    const user = await signUp();
    const ids = await followedBy(user, 4);
    const tab = await openInbox(user, ids[1]);
    const frames: Frame[] = [];
    for (let frame = await tab.next(); frame.type !== "ready"; frame = await tab.next()) frames.push(frame);
    expect(frames.filter((f) => f.type === "notification").map((f) => f.notification.id)).toEqual(
      ids.slice(2),
    );
    expect(frames.at(-1)).toEqual({ type: "unread", count: 4 });
    tab.close();

    const unknown = await openInbox(user, "not-a-notification");
    expect(await unknown.next()).toEqual({ type: "unread", count: 4 });
    expect(await unknown.next()).toEqual({ type: "ready" });
    unknown.close();
  });

  it("refuses a socket without a valid ticket", async () => {
    const user = await signUp();
    const response = await TestSocket.open("/api/notifications/ws?ticket=nope").catch(
      (error: Error) => error,
    );
    expect(String(response)).toContain("401");
    const withAccessToken = await TestSocket.open(`/api/notifications/ws?ticket=${user.token}`).catch(
      (error: Error) => error,
    );
    expect(String(withAccessToken)).toContain("401");
  });
});

describe("notifications over HTTP", () => {
  it("lists newest first in cursor pages with the unread count; 401 anonymous", async () => {
    const user = await signUp();
    const ids = await followedBy(user, 5);
    const first = await listOf(user, "?limit=2");
    expect(first.items.map((n) => n.id)).toEqual([ids[4], ids[3]]);
    expect(first.unreadCount).toBe(5);
    expect(first.nextCursor).not.toBeNull();
    const second = await listOf(user, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((n) => n.id)).toEqual([ids[2], ids[1]]);
    const last = await listOf(user, `?limit=2&cursor=${second.nextCursor}`);
    expect(last.items.map((n) => n.id)).toEqual([ids[0]]);
    expect(last.nextCursor).toBeNull();
    expect(first.items[0]).toMatchObject({ kind: "follow", read: false, target: { type: "user" } });
    expect((await call("GET", "/api/notifications")).status).toBe(401);
    expect((await call("GET", "/api/notifications?limit=51", { token: user.token })).status).toBe(422);
  });

  it("marks chosen ids read, ignores others' ids, and changes nothing on bad input", async () => {
    const [user, other] = await Promise.all([signUp(), signUp()]);
    const ids = await followedBy(user, 3);
    const tab = await openInbox(user);
    expect(await tab.nextOf("unread")).toEqual({ type: "unread", count: 3 });
    await tab.nextOf("ready");

    for (const body of [{}, { ids: [] }, { all: false }, { ids: [ids[0]], all: true }, { ids: "x" }]) {
      expect((await markRead(user, body)).status).toBe(422);
    }
    expect((await markRead({ ...user, token: "" }, { all: true })).status).toBe(401);
    // Someone else's ids change nothing for the owner.
    expect(await (await markRead(other, { ids })).json()).toEqual({ unreadCount: 0 });
    expect((await listOf(user)).unreadCount).toBe(3);

    const response = await markRead(user, { ids: [ids[0], ids[2]] });
    expect(await response.json()).toEqual({ unreadCount: 1 });
    expect(await tab.nextOf("unread")).toEqual({ type: "unread", count: 1 });
    const page = await listOf(user);
    expect(page.items.map((n) => [n.id, n.read])).toEqual([
      [ids[2], true],
      [ids[1], false],
      [ids[0], true],
    ]);
    tab.close();
  });
});
