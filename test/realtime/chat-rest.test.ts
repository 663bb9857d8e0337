import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { chatRoomStub } from "../../src/realtime/internal";
import { call, errorCode, json, signUp } from "../helpers";
import {
  block,
  follow,
  historyOf,
  openInbox,
  openRoomSocket,
  pairWithRoom,
  type RoomJson,
  roomsOf,
  say,
} from "./support";

const openRoom = (token: string, userId: string) =>
  call("POST", "/api/chat/rooms", { token, body: { userId } });

const countRows = async (query: string, ...params: string[]) =>
  (
    (await env.DB.prepare(`SELECT count(*) AS n FROM ${query}`)
      .bind(...params)
      .first<{ n: number }>()) ?? { n: 0 }
  ).n;

const storedMessages = (roomId: string) =>
  runInDurableObject(chatRoomStub(env, roomId), (_instance, state) => {
    const tables = state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'messages'")
      .toArray();
    if (tables.length === 0) return 0;
    return state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM messages").one().n;
  });

describe("POST /api/chat/rooms", () => {
  it("opens one room per pair: 201 with the peer's card, then 200 with the same room from either side", async () => {
    const [a, b] = await Promise.all([signUp("가"), signUp("나")]);
    expect((await openRoom("", b.id)).status).toBe(401);
    // Not following yet.
    const refused = await openRoom(a.token, b.id);
    expect(refused.status).toBe(403);
    expect(await countRows("chat_rooms WHERE direct_key LIKE ?", `%${a.id}%`)).toBe(0);

    await follow(a, b);
    const created = await openRoom(a.token, b.id);
    expect(created.status).toBe(201);
    const room = await json<RoomJson>(created);
    expect(room).toMatchObject({
      kind: "direct",
      title: "나",
      peer: { id: b.id, nickname: "나", avatarUrl: null, bio: "" },
      studyId: null,
      lastMessage: null,
      unreadCount: 0,
      lastReadSeq: 0,
    });
    expect(JSON.stringify(room)).not.toContain("@");
    // The peer hears of it.
    expect(
      await countRows(
        "notifications WHERE user_id = ? AND kind = 'chat_room' AND room_id = ?",
        b.id,
        room.id,
      ),
    ).toBe(1);

    const again = await openRoom(a.token, b.id);
    expect(again.status).toBe(200);
    expect((await json<RoomJson>(again)).id).toBe(room.id);
    await follow(b, a);
    const fromPeer = await openRoom(b.token, a.id);
    expect(fromPeer.status).toBe(200);
    expect(await json<RoomJson>(fromPeer)).toMatchObject({ id: room.id, peer: { id: a.id } });
    expect(await countRows("chat_rooms WHERE id = ?", room.id)).toBe(1);
    expect(await countRows("notifications WHERE room_id = ?", room.id)).toBe(1);
  });

  it("refuses a block either way (403 blocked), oneself (422) and unknown users (404)", async () => {
    const [a, b, c] = await Promise.all([signUp(), signUp(), signUp()]);
    await follow(a, b);
    await follow(a, c);
    await block(b, a);
    await block(a, c);
    const blocked = await openRoom(a.token, b.id);
    expect(blocked.status).toBe(403);
    expect(await errorCode(blocked)).toBe("blocked");
    expect((await openRoom(a.token, c.id)).status).toBe(403);
    const self = await openRoom(a.token, a.id);
    expect(self.status).toBe(422);
    expect((await openRoom(a.token, "nobody")).status).toBe(404);
    const bad = await call("POST", "/api/chat/rooms", { token: a.token, body: { user: b.id } });
    expect(bad.status).toBe(422);
    expect(await countRows("room_members WHERE user_id = ?", a.id)).toBe(0);
  });
});

describe("GET /api/chat/rooms and /candidates", () => {
  it("lists my rooms by latest activity with last message and unread counts", async () => {
    const [me, older, newer] = await Promise.all([signUp("나"), signUp("먼저"), signUp("나중")]);
    await follow(me, older);
    await follow(me, newer);
    const first = await json<RoomJson>(await openRoom(me.token, older.id));
    const second = await json<RoomJson>(await openRoom(me.token, newer.id));
    expect((await roomsOf(me)).map((r) => r.id)).toEqual([second.id, first.id]);

    const socket = await openRoomSocket(older, first.id);
    await socket.nextOf("ready");
    const message = await say(socket, "먼저 온 방이 위로");
    socket.close();
    await expect.poll(async () => (await roomsOf(me))[0]?.id).toBe(first.id);
    const [top] = await roomsOf(me);
    expect(top).toMatchObject({ lastMessage: message, unreadCount: 1, lastReadSeq: 0, title: "먼저" });
    expect(top?.updatedAt).toBe(message.createdAt);
    expect((await call("GET", "/api/chat/rooms")).status).toBe(401);
  });

  it("offers as candidates the people I follow, minus blocks either way", async () => {
    const [me, friend, blockedByMe, blocksMe, stranger] = await Promise.all([
      signUp("나"),
      signUp("친구"),
      signUp("내가차단"),
      signUp("나를차단"),
      signUp("모르는사람"),
    ]);
    for (const other of [friend, blockedByMe, blocksMe]) await follow(me, other);
    await follow(stranger, me);
    await block(me, blockedByMe);
    await block(blocksMe, me);
    const response = await call("GET", "/api/chat/candidates", { token: me.token });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      items: [
        {
          id: friend.id,
          handle: expect.stringMatching(/^user_\d{4}$/),
          nickname: "친구",
          avatarUrl: null,
          bio: "",
        },
      ],
    });
  });
});

describe("DELETE /api/chat/rooms/:id", () => {
  it("lets a member leave (401 anonymous, 403 others, 404 unknown); the last one out deletes room and log", async () => {
    const { a, b, room } = await pairWithRoom();
    const outsider = await signUp();
    const sa = await openRoomSocket(a, room.id);
    await sa.nextOf("ready");
    await say(sa, "곧 사라질 말");
    const sb = await openRoomSocket(b, room.id);
    await sb.nextOf("ready");

    expect((await call("DELETE", `/api/chat/rooms/${room.id}`)).status).toBe(401);
    expect((await call("DELETE", `/api/chat/rooms/${room.id}`, { token: outsider.token })).status).toBe(403);
    expect((await call("DELETE", "/api/chat/rooms/nothing", { token: a.token })).status).toBe(404);

    expect((await call("DELETE", `/api/chat/rooms/${room.id}`, { token: b.token })).status).toBe(204);
    await expect.poll(() => sb.closed?.code).toBe(4403);
    expect((await roomsOf(b)).map((r) => r.id)).not.toContain(room.id);
    expect((await roomsOf(a)).map((r) => r.id)).toContain(room.id);
    expect(await storedMessages(room.id)).toBe(1);

    // b comes back: same room, everything so far counted as read.
    await follow(b, a);
    const back = await openRoom(b.token, a.id);
    expect(back.status).toBe(200);
    expect(await json<RoomJson>(back)).toMatchObject({ id: room.id, unreadCount: 0, lastReadSeq: 1 });

    expect((await call("DELETE", `/api/chat/rooms/${room.id}`, { token: b.token })).status).toBe(204);
    expect((await call("DELETE", `/api/chat/rooms/${room.id}`, { token: a.token })).status).toBe(204);
    expect(await countRows("chat_rooms WHERE id = ?", room.id)).toBe(0);
    await expect.poll(() => sa.closed?.code).toBe(4410);
    await expect.poll(() => storedMessages(room.id)).toBe(0);

    // The pair starts over in a new, empty room.
    const fresh = await openRoom(a.token, b.id);
    expect(fresh.status).toBe(201);
    const freshRoom = await json<RoomJson>(fresh);
    expect(freshRoom.id).not.toBe(room.id);
    expect((await historyOf(a, freshRoom.id)).items).toEqual([]);
  });

  it("answers 409 for a study room: it is left by leaving the study", async () => {
    const leader = await signUp("리더");
    const created = await call("POST", "/api/studies", {
      token: leader.token,
      body: {
        title: "알고리즘 스터디",
        mode: "online",
        startDate: "2026-12-01",
        endDate: "2026-12-31",
        maxMembers: 4,
      },
    });
    expect(created.status).toBe(201);
    const study = await json<{ id: string }>(created);
    const room = (await roomsOf(leader)).find((r) => r.studyId === study.id);
    expect(room).toMatchObject({ kind: "study", title: "알고리즘 스터디", peer: null });
    const response = await call("DELETE", `/api/chat/rooms/${room?.id}`, { token: leader.token });
    expect(response.status).toBe(409);
    expect(await countRows("room_members WHERE room_id = ? AND user_id = ?", room?.id ?? "", leader.id)).toBe(
      1,
    );
  });
});

describe("GET /api/chat/rooms/:id/messages", () => {
  it("pages the log ascending with before/after/limit and hasMore; members only", async () => {
    const { a, b, room } = await pairWithRoom();
    const outsider = await signUp();
    // Two senders: one alone may send only 20 frames in a burst.
    const sockets = [await openRoomSocket(a, room.id), await openRoomSocket(b, room.id)];
    for (const socket of sockets) await socket.nextOf("ready");
    for (let i = 1; i <= 25; i++) await say(sockets[i % 2] as (typeof sockets)[number], `#${i}`);
    for (const socket of sockets) socket.close();
    const seqs = async (query: string) => {
      const page = await historyOf(b, room.id, query);
      return [page.items.map((m) => m.seq), page.hasMore];
    };
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    expect(await seqs("")).toEqual([range(1, 25), false]);
    expect(await seqs("?limit=10")).toEqual([range(16, 25), true]);
    expect(await seqs("?before=16&limit=10")).toEqual([range(6, 15), true]);
    expect(await seqs("?before=6&limit=10")).toEqual([range(1, 5), false]);
    expect(await seqs("?after=0&limit=10")).toEqual([range(1, 10), true]);
    expect(await seqs("?after=20&limit=10")).toEqual([range(21, 25), false]);

    const path = `/api/chat/rooms/${room.id}/messages`;
    expect((await call("GET", `${path}?before=5&after=1`, { token: a.token })).status).toBe(422);
    expect((await call("GET", `${path}?limit=0`, { token: a.token })).status).toBe(422);
    expect((await call("GET", path, { token: outsider.token })).status).toBe(403);
    expect((await call("GET", path)).status).toBe(401);
  });
});

describe("POST /api/chat/rooms/:id/read", () => {
  it("advances my read position (204), tells the room and my other tabs; 401/403/422 otherwise", async () => {
    const { a, b, room } = await pairWithRoom();
    const outsider = await signUp();
    const sa = await openRoomSocket(a, room.id);
    await sa.nextOf("ready");
    for (let i = 1; i <= 3; i++) await say(sa, `${i}`);
    const inbox = await openInbox(b);
    await inbox.nextOf("ready");

    const path = `/api/chat/rooms/${room.id}/read`;
    expect((await call("POST", path, { body: { seq: 3 } })).status).toBe(401);
    expect((await call("POST", path, { token: outsider.token, body: { seq: 3 } })).status).toBe(403);
    expect((await call("POST", path, { token: b.token, body: { seq: -1 } })).status).toBe(422);
    expect((await call("POST", path, { token: b.token, body: {} })).status).toBe(422);
    expect((await roomsOf(b)).find((r) => r.id === room.id)?.lastReadSeq).toBe(0);

    expect((await call("POST", path, { token: b.token, body: { seq: 2 } })).status).toBe(204);
    expect(await sa.nextOf("read")).toEqual({ type: "read", userId: b.id, seq: 2 });
    expect(await inbox.next((f) => f.type === "chat" && f.unreadCount === 1)).toMatchObject({
      roomId: room.id,
    });
    expect((await roomsOf(b)).find((r) => r.id === room.id)).toMatchObject({
      unreadCount: 1,
      lastReadSeq: 2,
    });
    sa.close();
    inbox.close();
  });
});

describe("inbox `chat` frames", () => {
  it("tells every member's tabs about a new message with their own unread count", async () => {
    const { a, b, room } = await pairWithRoom();
    const [inboxA, inboxB1, inboxB2] = await Promise.all([openInbox(a), openInbox(b), openInbox(b)]);
    for (const inbox of [inboxA, inboxB1, inboxB2]) await inbox.nextOf("ready");
    const sa = await openRoomSocket(a, room.id);
    await sa.nextOf("ready");
    const message = await say(sa, "배지 갱신");
    for (const inbox of [inboxB1, inboxB2]) {
      expect(await inbox.nextOf("chat")).toEqual({
        type: "chat",
        roomId: room.id,
        lastMessage: message,
        unreadCount: 1,
      });
    }
    expect(await inboxA.nextOf("chat")).toEqual({
      type: "chat",
      roomId: room.id,
      lastMessage: message,
      unreadCount: 0,
    });
    for (const socket of [sa, inboxA, inboxB1, inboxB2]) socket.close();
  });
});
