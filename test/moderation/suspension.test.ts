/**
 * A suspended user can read but every write answers 403 `suspended` with `details: [{until}]`;
 * their sockets close (4401) and new ones are refused; lifting restores everything (issue 13).
 */

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { chatRoomStub } from "../../src/realtime/internal";
import { call, json } from "../helpers";
import { callSettled, outbox } from "../mail/support";
import { TestSocket, ticketFor, upgrade } from "../realtime/socket";
import { openInbox, openRoomSocket, pairWithRoom, say } from "../realtime/support";
import { studyBody } from "../studies/fixtures";
import { cast, expectError, me, post, report, resolve, signUpAs } from "./support";

/** An upgrade handed straight to the room, as the worker does once a ticket checked out. */
const roomUpgrade = (roomId: string, userId: string) =>
  chatRoomStub(env, roomId).fetch(
    new Request("http://room/ws", {
      headers: {
        Upgrade: "websocket",
        "X-OrGo-User-Id": userId,
        "X-OrGo-Session-Id": `direct-${crypto.randomUUID()}`,
        "X-OrGo-Room-Id": roomId,
        "X-OrGo-Ticket-Issued": String(Math.floor(Date.now() / 1000) + 5),
      },
    }),
  );

describe("suspension", () => {
  it("refuses every write with 403 suspended, closes the sockets and refuses new ones; lifting restores", async () => {
    const { moderator } = await cast();
    const { a: author, b: peer, room } = await pairWithRoom();
    const victimPost = await post(peer, "남의 글");
    const roomSocket = await openRoomSocket(author, room.id);
    await roomSocket.nextOf("ready");
    const inbox = await openInbox(author);
    await inbox.nextOf("ready");
    const staleTicket = await ticketFor(author);

    const suspended = await callSettled("PUT", `/api/moderation/users/${author.id}/suspension`, {
      token: moderator.token,
      body: { days: 7, reason: "도배" },
    });
    expect(suspended.status).toBe(200);
    // The mail says until when and why.
    const [mail] = await outbox(author.email.toLowerCase());
    expect(mail?.subject).toContain("정지");
    expect(mail?.text).toContain("도배");
    expect(await json<{ id: string }>(suspended)).toMatchObject({ id: author.id });

    // Sockets close with 4401.
    await expect.poll(() => roomSocket.closed?.code).toBe(4401);
    await expect.poll(() => inbox.closed?.code).toBe(4401);

    // Me says until when and why; reads still work.
    const mine = await me(author);
    expect(mine.suspensionReason).toBe("도배");
    const until = mine.suspendedUntil ?? "";
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect((await call("GET", "/api/posts?feed=latest", { token: author.token })).status).toBe(200);
    expect((await call("GET", `/api/posts/${victimPost.id}`, { token: author.token })).status).toBe(200);
    expect((await call("GET", `/api/chat/rooms/${room.id}/messages`, { token: author.token })).status).toBe(
      200,
    );

    // Every write: 403 suspended with {until}, nothing stored.
    const writes: [string, string, unknown?][] = [
      ["POST", "/api/posts", { title: "정지 중", body: "써질까" }],
      ["PUT", `/api/posts/${victimPost.id}/like`],
      ["POST", `/api/posts/${victimPost.id}/comments`, { body: "댓글" }],
      ["PUT", `/api/users/${peer.id}/follow`],
      ["PATCH", "/api/users/me", { bio: "정지 중" }],
      ["POST", "/api/realtime/ticket"],
      ["POST", "/api/reports", { target: { type: "post", id: victimPost.id }, reason: "spam" }],
      ["PUT", `/api/users/${peer.id}/block`],
      ["POST", "/api/studies", studyBody()],
    ];
    for (const [method, path, body] of writes) {
      const response = await call(
        method,
        path,
        body === undefined ? { token: author.token } : { token: author.token, body },
      );
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(await json<{ error: { code: string; details: { until: string }[] } }>(response)).toMatchObject({
        error: { code: "suspended", details: [{ until }] },
      });
    }
    const postsNow = await json<{ postCount: number }>(await call("GET", `/api/users/${author.id}`));
    expect(postsNow.postCount).toBe(0);
    const likes = await json<{ likeCount: number }>(await call("GET", `/api/posts/${victimPost.id}`));
    expect(likes.likeCount).toBe(0);

    // A ticket minted before the suspension opens nothing.
    const refused = await upgrade(`/api/chat/rooms/${room.id}/ws?ticket=${staleTicket}`);
    expect(refused.status).not.toBe(101);

    // Looking after one's own account still works.
    expect(
      (await call("POST", "/api/notifications/read", { token: author.token, body: { all: true } })).status,
    ).toBe(200);

    // Lifting restores writes and sockets at once.
    const lifted = await call("DELETE", `/api/moderation/users/${author.id}/suspension`, {
      token: moderator.token,
    });
    expect(lifted.status).toBe(200);
    expect((await me(author)).suspendedUntil).toBeNull();
    expect(
      (await call("POST", "/api/posts", { token: author.token, body: { title: "복귀", body: "다시" } }))
        .status,
    ).toBe(201);
    expect((await call("POST", "/api/realtime/ticket", { token: author.token })).status).toBe(200);
    // The room's own copy lets them in again (tickets minted in the very second of the suspension
    // stay refused by their inbox, so this goes to the room with a later ticket time).
    const reopened = await roomUpgrade(room.id, author.id);
    expect(reopened.status).toBe(101);
    const socket = new TestSocket(reopened.webSocket as WebSocket);
    await socket.nextOf("ready");
    expect((await say(socket, "다시 왔어요")).body).toBe("다시 왔어요");
    socket.close();
  });

  it("the room's own copy refuses a suspended member's upgrade and frames (403 suspended)", async () => {
    const { moderator } = await cast();
    const { a: author, b: peer, room } = await pairWithRoom();
    const peerSocket = await openRoomSocket(peer, room.id);
    await peerSocket.nextOf("ready");
    await call("PUT", `/api/moderation/users/${author.id}/suspension`, {
      token: moderator.token,
      body: { days: 1, reason: "욕설" },
    });
    // Sign in again (a new session, after the suspension): its ticket is refused at minting,
    // and the room itself refuses the member whatever the ticket says.
    const login = await call("POST", "/api/auth/login", {
      body: { email: author.email, password: author.password },
    });
    const { accessToken } = await json<{ accessToken: string }>(login);
    await expectError(await call("POST", "/api/realtime/ticket", { token: accessToken }), 403, "suspended");
    const answer = await roomUpgrade(room.id, author.id);
    expect(answer.status).toBe(403);
    expect(await json<{ error: { code: string } }>(answer)).toMatchObject({ error: { code: "suspended" } });
    // The other member is untouched.
    expect(peerSocket.closed).toBeNull();
    peerSocket.close();
  });

  it("a permanent suspension reads as 9999-12-31; resolving a report with suspend suspends the author", async () => {
    const { moderator } = await cast();
    const [author, reporter] = await Promise.all([
      signUpAs("member", "작성자"),
      signUpAs("member", "신고자"),
    ]);
    const { id } = await post(author);
    const filed = await report(reporter, { type: "post", id }, "harassment");
    const resolved = await resolve(moderator, filed.id, {
      action: "suspend",
      days: null,
      note: "반복된 괴롭힘",
    });
    expect(resolved.status).toBe(200);
    expect(
      await json<{ status: string; resolution: { action: string; note: string } }>(resolved),
    ).toMatchObject({
      status: "resolved",
      resolution: { action: "suspend", note: "반복된 괴롭힘" },
    });
    const mine = await me(author);
    expect(mine.suspendedUntil).toBe("9999-12-31T23:59:59.999Z");
    expect(mine.suspensionReason).toBe("반복된 괴롭힘");
    await expectError(
      await call("POST", "/api/posts", { token: author.token, body: { title: "t", body: "b" } }),
      403,
      "suspended",
    );
  });
});
