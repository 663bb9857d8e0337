import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { roomMembers } from "../../src/db/schema";
import { inboxFlushWindowMs } from "../../src/realtime/chat-room";
import { chatRoomStub, inboxStub } from "../../src/realtime/internal";
import { RATE_BURST } from "../../src/realtime/protocol";
import { call, cookieFrom, errorCode, json, signUp, type TestUser } from "../helpers";
import { type Frame, TestSocket, ticketFor, upgrade } from "./socket";
import {
  clientId,
  db,
  evictByIdling,
  historyOf,
  openInbox,
  openRoomSocket,
  pairTalking,
  pairWithRoom,
  roomsOf,
  say,
} from "./support";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A second session of the same account, as another device would log in. */
const logInAgain = async (user: TestUser): Promise<TestUser> => {
  const response = await call("POST", "/api/auth/login", {
    body: { email: user.email, password: user.password },
  });
  expect(response.status).toBe(200);
  const { accessToken } = await json<{ accessToken: string }>(response);
  return { ...user, token: accessToken, cookie: cookieFrom(response, "orgo_refresh") ?? "" };
};

const roomPath = (roomId: string, ticket: string) => `/api/chat/rooms/${roomId}/ws?ticket=${ticket}`;

/** A study of `size` members (the leader first) and its room. */
const studyWithRoom = async (size: number) => {
  const members = await Promise.all(Array.from({ length: size }, (_, i) => signUp(`멤버${i}`)));
  const [leader, ...others] = members;
  if (!leader) throw new Error("no leader");
  const study = await json<{ id: string }>(
    await call("POST", "/api/studies", {
      token: leader.token,
      body: {
        title: "소유권 스터디",
        mode: "online",
        startDate: "2026-01-01",
        endDate: "2030-12-31",
        maxMembers: 10,
      },
    }),
  );
  for (const member of others) {
    expect((await call("PUT", `/api/studies/${study.id}/membership`, { token: member.token })).status).toBe(
      200,
    );
  }
  const room = (await roomsOf(leader)).find((r) => r.studyId === study.id);
  if (!room) throw new Error("no study room");
  return { members, roomId: room.id };
};

/**
 * Counts the D1 statements an object makes from now on: its `env.DB` is replaced by the same
 * database behind a proxy that counts every statement prepared (and every `exec`).
 */
const countD1Statements = async (stubs: DurableObjectStub[]) => {
  const counter = { statements: 0 };
  const counting = new Proxy(env.DB, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      if (property === "prepare" || property === "exec") {
        return (...args: unknown[]) => {
          counter.statements++;
          return Reflect.apply(value, target, args);
        };
      }
      return (...args: unknown[]) => Reflect.apply(value, target, args);
    },
  });
  for (const stub of stubs) {
    await runInDurableObject(stub, (instance) => {
      Reflect.set(instance, "env", { ...env, DB: counting });
    });
  }
  return counter;
};

describe("a chat message costs no D1 statement", () => {
  it("sends, edits, deletes, typing and reads in a room, and the inbox updates, make zero D1 statements over 100 messages", async () => {
    const { a, b, room } = await pairWithRoom();
    const [sa, sb, inboxA, inboxB] = [
      await openRoomSocket(a, room.id),
      await openRoomSocket(b, room.id),
      await openInbox(a),
      await openInbox(b),
    ];
    for (const socket of [sa, sb, inboxA, inboxB]) await socket.nextOf("ready");
    const counter = await countD1Statements([
      chatRoomStub(env, room.id),
      inboxStub(env, a.id),
      inboxStub(env, b.id),
    ]);

    const sent: Frame[] = [];
    for (let i = 0; i < 100; i++) {
      // Two senders, each under its 10 frames a second.
      sent.push(await say(i % 2 ? sb : sa, `메시지 ${i}`));
      await sleep(55);
    }
    sa.send({ type: "edit", id: sent[0]?.id, body: "고침" });
    await sb.nextOf("updated");
    sa.send({ type: "delete", id: sent[2]?.id });
    await sb.nextOf("updated");
    sa.send({ type: "typing" });
    await sb.nextOf("typing");
    // b sent the last message (seq 100), so a is the one with something left to read.
    sa.send({ type: "read", seq: 100 });
    await sb.nextOf("read");
    await runDurableObjectAlarm(chatRoomStub(env, room.id));
    for (const inbox of [inboxA, inboxB]) {
      await inbox.seen((f) => f.type === "chat" && f.lastMessage?.seq === 100 && f.unreadCount === 0);
    }

    expect(counter.statements).toBe(0);
    expect((await historyOf(a, room.id, "?limit=100")).items.map((m) => m.seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    for (const socket of [sa, sb, inboxA, inboxB]) socket.close();
  });
});

describe("sockets belong to sessions", () => {
  it("logout closes that session's room and inbox sockets with 4401 within 2 s, and only that session's", async () => {
    const { a, b, room } = await pairWithRoom();
    const other = await logInAgain(a);
    const staleTicket = await ticketFor(a);
    const [roomSocket, inboxSocket, otherRoomSocket, otherInbox] = [
      await openRoomSocket(a, room.id),
      await openInbox(a),
      await openRoomSocket(other, room.id),
      await openInbox(other),
    ];
    for (const socket of [roomSocket, inboxSocket, otherRoomSocket, otherInbox]) await socket.nextOf("ready");

    const started = Date.now();
    expect((await call("POST", "/api/auth/logout", { cookie: a.cookie })).status).toBe(204);
    await expect.poll(() => roomSocket.closed?.code, { timeout: 2000 }).toBe(4401);
    await expect.poll(() => inboxSocket.closed?.code, { timeout: 2000 }).toBe(4401);
    expect(Date.now() - started).toBeLessThan(2000);

    // A ticket minted before the logout no longer opens anything.
    const refused = await upgrade(roomPath(room.id, staleTicket));
    expect(refused.status).toBe(401);
    expect(await errorCode(refused)).toBe("unauthorized");
    // The other device's session is untouched.
    expect(otherRoomSocket.closed).toBeNull();
    expect(otherInbox.closed).toBeNull();
    expect((await say(otherRoomSocket, "다른 기기")).sender.id).toBe(a.id);
    const sb = await openRoomSocket(b, room.id);
    await sb.nextOf("ready");
    sb.close();
    otherRoomSocket.close();
    otherInbox.close();
  });

  it("a password change closes the other sessions' sockets (4401) and keeps the current one's", async () => {
    const { a, room } = await pairWithRoom();
    const other = await logInAgain(a);
    const [otherRoom, otherInbox, currentRoom] = [
      await openRoomSocket(other, room.id),
      await openInbox(other),
      await openRoomSocket(a, room.id),
    ];
    for (const socket of [otherRoom, otherInbox, currentRoom]) await socket.nextOf("ready");
    const changed = await call("POST", "/api/users/me/password", {
      token: a.token,
      body: { currentPassword: a.password, newPassword: "a brand new password" },
    });
    expect(changed.status).toBe(204);
    await expect.poll(() => otherRoom.closed?.code, { timeout: 2000 }).toBe(4401);
    await expect.poll(() => otherInbox.closed?.code, { timeout: 2000 }).toBe(4401);
    expect(currentRoom.closed).toBeNull();
    await say(currentRoom, "아직 연결됨");
    currentRoom.close();
  });

  it("a ticket opens one socket: its second use is 401, for a room and for the inbox", async () => {
    const { a, room } = await pairWithRoom();
    const ticket = await ticketFor(a);
    const first = await TestSocket.open(roomPath(room.id, ticket));
    await first.nextOf("ready");
    const again = await upgrade(roomPath(room.id, ticket));
    expect(again.status).toBe(401);
    expect(again.webSocket).toBeNull();
    expect((await upgrade(`/api/notifications/ws?ticket=${ticket}`)).status).toBe(401);

    const inboxTicket = await ticketFor(a);
    const inbox = await TestSocket.open(`/api/notifications/ws?ticket=${inboxTicket}`);
    await inbox.nextOf("ready");
    expect((await upgrade(`/api/notifications/ws?ticket=${inboxTicket}`)).status).toBe(401);
    expect((await upgrade(roomPath(room.id, inboxTicket))).status).toBe(401);
    first.close();
    inbox.close();
  });
});

describe("limits per person, not per socket", () => {
  it("refuses a 6th socket of one user in a room and in the inbox with 429 before upgrading", async () => {
    const { a, b, room } = await pairWithRoom();
    const roomSockets: TestSocket[] = [];
    const inboxes: TestSocket[] = [];
    for (let i = 0; i < 5; i++) {
      roomSockets.push(await openRoomSocket(a, room.id));
      inboxes.push(await openInbox(a));
    }
    const sixth = await upgrade(roomPath(room.id, await ticketFor(a)));
    expect(sixth.status).toBe(429);
    expect(sixth.webSocket).toBeNull();
    expect(await errorCode(sixth)).toBe("rate_limited");
    expect(sixth.headers.get("Retry-After")).toBeTruthy();
    const sixthInbox = await upgrade(`/api/notifications/ws?ticket=${await ticketFor(a)}`);
    expect(sixthInbox.status).toBe(429);
    // Someone else is not counted against a.
    const sb = await openRoomSocket(b, room.id);
    await sb.nextOf("ready");
    // A closed socket frees its place.
    roomSockets[0]?.close();
    await expect
      .poll(async () => {
        const response = await upgrade(roomPath(room.id, await ticketFor(a)));
        response.webSocket?.accept();
        response.webSocket?.close(1000);
        return response.status;
      })
      .toBe(101);
    for (const socket of [...roomSockets, ...inboxes, sb]) socket.close();
  });

  it("shares one send bucket among a user's sockets: 5 sockets × 100 sends at once store the burst plus the refill, about 25", async () => {
    const { a, room } = await pairWithRoom();
    const sockets: TestSocket[] = [];
    for (let i = 0; i < 5; i++) sockets.push(await openRoomSocket(a, room.id));
    for (const socket of sockets) await socket.nextOf("ready");
    const started = Date.now();
    for (let i = 0; i < 100; i++) {
      for (const socket of sockets) socket.send({ type: "send", clientId: clientId(), body: `폭주 ${i}` });
    }
    // Every frame is answered: stored ones by the broadcast, the others by a rate_limited error.
    const answered = () => {
      const stored = sockets[0]?.frames.filter((f) => f.type === "message").length ?? 0;
      const refused = sockets.flatMap((socket) =>
        socket.frames.filter((f) => f.code === "rate_limited"),
      ).length;
      return stored + refused;
    };
    await expect.poll(answered, { timeout: 5000 }).toBe(500);
    const elapsed = (Date.now() - started) / 1000;
    const stored = (await historyOf(a, room.id, "?limit=100")).items.length;
    // The burst, plus what 10 a second refills while the room worked through the frames (about
    // 25 when that takes half a second) — not five buckets' worth.
    expect(stored).toBeGreaterThanOrEqual(RATE_BURST);
    expect(stored).toBeLessThanOrEqual(RATE_BURST + Math.ceil(10 * elapsed));
    for (const socket of sockets) socket.close();
  });

  it("passes on at most one typing frame per user per second", async () => {
    const { a, sa, sb } = await pairTalking();
    for (let i = 0; i < 10; i++) sa.send({ type: "typing" });
    await sleep(300);
    expect((await sb.drain()).filter((f) => f.type === "typing")).toHaveLength(1);
    await sleep(800);
    sa.send({ type: "typing" });
    expect(await sb.nextOf("typing")).toEqual({ type: "typing", userId: a.id });
    sa.close();
    sb.close();
  });
});

describe("blocks reach the sockets", () => {
  it("after a block, the blocked user's edit never reaches the blocker", async () => {
    const { a, b, room, sa, sb } = await pairTalking();
    const original = await say(sa, "원래 문장");
    await sb.nextOf("message");
    expect((await call("PUT", `/api/users/${a.id}/block`, { token: b.token })).status).toBe(204);
    // The room may have closed a's socket already; if not, these frames must be refused.
    for (const frame of [
      { type: "edit", id: original.id, body: "차단 후에 바꾼 문장" },
      { type: "typing" },
    ]) {
      try {
        sa.send(frame);
      } catch {
        expect(sa.closed?.code).toBe(4403);
      }
    }
    const arrived = await sb.drain(300);
    expect(arrived.filter((f) => f.type === "updated" || f.type === "typing")).toEqual([]);
    expect(sb.closed?.code).toBe(4403);
    expect((await historyOf(b, room.id)).items.map((m) => m.body)).toEqual(["원래 문장"]);
    // Neither can come back while the block stands.
    for (const user of [a, b]) {
      const response = await upgrade(roomPath(room.id, await ticketFor(user)));
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe("blocked");
    }
  });
});

describe("the room's copy of who may speak", () => {
  it("rebuilds its members from D1 on a cold start", async () => {
    const { a, b, room } = await pairWithRoom();
    const sa = await openRoomSocket(a, room.id);
    await sa.nextOf("ready");
    await say(sa, "처음");
    sa.close();
    // D1 changes behind the room's back (no notice), and the object loses its cache.
    const outsider = await signUp("나중에 온 사람");
    await db.insert(roomMembers).values({ roomId: room.id, userId: outsider.id });
    const stub = chatRoomStub(env, room.id);
    await runInDurableObject(stub, (_, state) => {
      state.storage.sql.exec("DELETE FROM access");
      state.storage.sql.exec("DELETE FROM members");
    });
    await evictByIdling(stub);

    const late = await openRoomSocket(outsider, room.id);
    expect(await late.nextOf("ready")).toEqual({ type: "ready", lastSeq: 1 });
    const sb = await openRoomSocket(b, room.id);
    await sb.nextOf("ready");
    expect((await say(late, "저도 있어요")).sender).toMatchObject({
      id: outsider.id,
      nickname: "나중에 온 사람",
    });
    expect((await sb.nextOf("message")).message.seq).toBe(2);
    late.close();
    sb.close();
  });

  it("gives a member who re-joins everything so far as read, from their inbox", async () => {
    const { a, b, room } = await pairWithRoom();
    const sb = await openRoomSocket(b, room.id);
    await sb.nextOf("ready");
    for (let i = 0; i < 3; i++) await say(sb, `${i}`);
    expect((await call("DELETE", `/api/chat/rooms/${room.id}`, { token: a.token })).status).toBe(204);
    expect((await roomsOf(a)).map((r) => r.id)).not.toContain(room.id);
    const back = await call("POST", "/api/chat/rooms", { token: a.token, body: { userId: b.id } });
    expect(back.status).toBe(200);
    expect(await json(back)).toMatchObject({ id: room.id, unreadCount: 0, lastReadSeq: 3 });
    sb.close();
  });
});

describe("the inbox owns the conversation list", () => {
  it("coalesces: 100 messages within a second reach each member's inbox as a few updates", async () => {
    const { members, roomId } = await studyWithRoom(5);
    const sockets: TestSocket[] = [];
    for (const member of members) sockets.push(await openRoomSocket(member, roomId));
    for (const socket of sockets) await socket.nextOf("ready");
    const [watcher] = members;
    if (!watcher) throw new Error("no watcher");
    const inbox = await openInbox(watcher);
    await inbox.nextOf("ready");

    const started = Date.now();
    // 20 from each of the 5 members: within each one's burst, so all 100 are stored.
    for (let i = 0; i < 20; i++) {
      for (const socket of sockets) socket.send({ type: "send", clientId: clientId(), body: `빠르게 ${i}` });
    }
    await inbox.seen((f) => f.type === "chat" && f.lastMessage?.seq === 100, 5000);
    const elapsed = Date.now() - started;
    const updates = (await inbox.drain(400)).filter((f) => f.type === "chat");
    expect(elapsed).toBeLessThan(3000);
    // One update per flush window at most, however many messages.
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(elapsed / inboxFlushWindowMs(members.length)) + 2);
    expect(updates.length).toBeLessThan(15);
    const listed = (await roomsOf(watcher)).find((r) => r.id === roomId);
    expect(listed?.lastMessage?.seq).toBe(100);
    for (const socket of [...sockets, inbox]) socket.close();
  });
});
