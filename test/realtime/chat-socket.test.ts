import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { chatRoomStub } from "../../src/realtime/internal";
import { MAX_FRAME_BYTES, RATE_BURST } from "../../src/realtime/protocol";
import { BASE, call, errorCode, signUp } from "../helpers";
import { type Frame, TestSocket, ticketFor, upgrade } from "./socket";
import {
  clientId,
  evictByIdling,
  historyOf,
  openRoomSocket,
  pairTalking,
  pairWithRoom,
  roomsOf,
  say,
} from "./support";

const messagesOf = async (socket: TestSocket, n: number) => {
  const out: Frame[] = [];
  for (let i = 0; i < n; i++) out.push((await socket.nextOf("message")).message);
  return out;
};

describe("chat room socket: delivery", () => {
  it("lets two members exchange messages that both see identically, seq 1, 2, 3", async () => {
    const { a, b, room } = await pairWithRoom();
    const sa = await openRoomSocket(a, room.id);
    const sb = await openRoomSocket(b, room.id);
    expect(await sa.nextOf("ready")).toEqual({ type: "ready", lastSeq: 0 });
    expect(await sb.nextOf("ready")).toEqual({ type: "ready", lastSeq: 0 });

    const sends: [TestSocket, string][] = [
      [sa, "안녕"],
      [sb, "반가워"],
      [sa, "스터디 할래?"],
    ];
    for (const [socket, body] of sends) {
      const id = clientId();
      socket.send({ type: "send", clientId: id, body });
      // Each send is acknowledged to its sender before the next goes out.
      await socket.seen((f) => f.type === "message" && f.message.clientId === id);
    }
    const seenByA = await messagesOf(sa, 3);
    const seenByB = await messagesOf(sb, 3);
    expect(seenByA).toEqual(seenByB);
    expect(seenByA.map((m) => [m.seq, m.body, m.sender.id])).toEqual([
      [1, "안녕", a.id],
      [2, "반가워", b.id],
      [3, "스터디 할래?", a.id],
    ]);
    expect(seenByA[0]).toMatchObject({
      roomId: room.id,
      sender: { id: a.id, nickname: "에이", avatarUrl: null, bio: "" },
      editedAt: null,
      deleted: false,
    });
    expect(JSON.stringify(seenByA)).not.toContain("@example.com");
    expect(new Date(seenByA[0]?.createdAt).toISOString()).toBe(seenByA[0]?.createdAt);
    // Durable: the history route reads the same log.
    expect((await historyOf(b, room.id)).items).toEqual(seenByA);
    sa.close();
    sb.close();
  });

  it("sends typing to the others only and never stores it", async () => {
    const { a, room, sa, sb } = await pairTalking();
    sa.send({ type: "typing" });
    expect(await sb.nextOf("typing")).toEqual({ type: "typing", userId: a.id });
    expect(await sa.drain()).toEqual([]);
    expect((await historyOf(a, room.id)).items).toEqual([]);
    sa.close();
    sb.close();
  });

  it("answers the text ping with pong", async () => {
    const { a, room } = await pairWithRoom();
    const sa = await openRoomSocket(a, room.id);
    await sa.nextOf("ready");
    sa.send("ping");
    expect(await sa.next()).toEqual({ text: "pong" });
    sa.close();
  });
});

describe("chat room socket: who may connect and send", () => {
  it("refuses a missing or bad ticket (401), a non-member (403) and a foreign Origin (403) before upgrading", async () => {
    const { a, room } = await pairWithRoom();
    const outsider = await signUp("외부인");
    const path = `/api/chat/rooms/${room.id}/ws`;

    const noTicket = await upgrade(path);
    expect(noTicket.status).toBe(401);
    expect(noTicket.webSocket).toBeNull();
    expect(await errorCode(noTicket)).toBe("unauthorized");
    expect(noTicket.headers.get("X-Request-Id")).toBeTruthy();

    const badTicket = await upgrade(`${path}?ticket=${a.token}`); // an access token is not a ticket
    expect(badTicket.status).toBe(401);

    const nonMember = await upgrade(`${path}?ticket=${await ticketFor(outsider)}`);
    expect(nonMember.status).toBe(403);
    expect(nonMember.webSocket).toBeNull();
    expect(await errorCode(nonMember)).toBe("forbidden");

    const foreign = await upgrade(`${path}?ticket=${await ticketFor(a)}`, { Origin: "https://evil.example" });
    expect(foreign.status).toBe(403);

    const sameOrigin = await upgrade(`${path}?ticket=${await ticketFor(a)}`, {
      Origin: new URL(BASE).origin,
    });
    expect(sameOrigin.status).toBe(101);
    sameOrigin.webSocket?.accept();
    sameOrigin.webSocket?.close(1000);

    const notUpgrade = await call("GET", `${path}?ticket=${await ticketFor(a)}`);
    expect(notUpgrade.status).toBe(426);

    const badSince = await upgrade(`${path}?ticket=${await ticketFor(a)}&since=-1`);
    expect(badSince.status).toBe(422);
  });

  it("takes the sender from the ticket, never from a header the client sends", async () => {
    const { a, b, room } = await pairWithRoom();
    const outsider = await signUp("위조범");
    // The outsider claims to be a member through the internal header: still not a member.
    const forged = await upgrade(`/api/chat/rooms/${room.id}/ws?ticket=${await ticketFor(outsider)}`, {
      "X-OrGo-User-Id": a.id,
    });
    expect(forged.status).toBe(403);
    // A member claiming to be the other member still speaks as themself.
    const sa = await TestSocket.open(`/api/chat/rooms/${room.id}/ws?ticket=${await ticketFor(a)}`, {
      "X-OrGo-User-Id": b.id,
    });
    await sa.nextOf("ready");
    const message = await say(sa, "나는 누구?");
    expect(message.sender.id).toBe(a.id);
    sa.close();
  });

  it("stores one message for a send repeated with the same clientId", async () => {
    const { a, room, sa, sb } = await pairTalking();
    const id = clientId();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await say(sa, "한 번만", id));
    expect(new Set(answers.map((m) => m.id)).size).toBe(1);
    expect(answers.map((m) => m.seq)).toEqual([1, 1, 1]);
    expect((await sb.nextOf("message")).message.id).toBe(answers[0]?.id);
    expect((await sb.drain()).filter((f) => f.type === "message")).toEqual([]);
    expect((await historyOf(a, room.id)).items).toHaveLength(1);
    sa.close();
    sb.close();
  });

  it("keys a repeat by sender: another member's send with the same clientId is a message of its own", async () => {
    const { a, b, room, sa, sb } = await pairTalking();
    const id = clientId();
    const mine = await say(sa, "A의 메시지", id);
    // Each socket also hears the other's message under the same clientId: take it out of the way.
    await sb.next((f) => f.type === "message" && f.message.id === mine.id);
    // B guessing A's clientId gets B's own message stored, never A's back.
    const theirs = await say(sb, "B의 메시지", id);
    await sa.next((f) => f.type === "message" && f.message.id === theirs.id);
    expect(theirs).toMatchObject({ body: "B의 메시지", seq: 2 });
    expect(theirs.sender.id).toBe(b.id);
    // A deletes the message, then repeats the send: the stored (deleted) message answers, nothing new.
    sa.send({ type: "delete", id: mine.id });
    await sa.seen((f) => f.type === "updated" && f.message.id === mine.id);
    const repeated = await say(sa, "A의 메시지", id);
    expect(repeated).toMatchObject({ id: mine.id, seq: 1, deleted: true, body: "" });
    expect((await historyOf(a, room.id)).items.map((m) => m.seq)).toEqual([1, 2]);
    sa.close();
    sb.close();
  });

  it("closes both users' sockets on a block (4403) and refuses them until it is lifted, storing nothing", async () => {
    const { a, b, room, sa, sb } = await pairTalking();
    await say(sa, "차단 전");
    expect((await call("PUT", `/api/users/${a.id}/block`, { token: b.token })).status).toBe(204);
    // The block answered only after the room heard of it: both sockets are closing already.
    await expect.poll(() => sa.closed?.code).toBe(4403);
    await expect.poll(() => sb.closed?.code).toBe(4403);
    const refused = await upgrade(`/api/chat/rooms/${room.id}/ws?ticket=${await ticketFor(a)}`);
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe("blocked");
    expect((await historyOf(a, room.id)).items.map((m) => m.body)).toEqual(["차단 전"]);

    expect((await call("DELETE", `/api/users/${a.id}/block`, { token: b.token })).status).toBe(204);
    const again = await openRoomSocket(a, room.id);
    await again.nextOf("ready");
    expect((await say(again, "차단 해제 후")).seq).toBe(2);
    again.close();
  });

  it("closes the socket of a member who left and refuses their sends", async () => {
    const { a, b, room } = await pairWithRoom();
    const sb = await openRoomSocket(b, room.id);
    await sb.nextOf("ready");
    const left = await call("DELETE", `/api/chat/rooms/${room.id}`, { token: a.token });
    expect(left.status).toBe(204);
    // The room remains for b; a is no longer a member and cannot connect.
    const refused = await upgrade(`/api/chat/rooms/${room.id}/ws?ticket=${await ticketFor(a)}`);
    expect(refused.status).toBe(403);
    await say(sb, "아직 있어요");
    sb.close();
  });
});

describe("chat room socket: edits, deletes, limits", () => {
  it("lets only the sender edit or delete, broadcasting `updated`", async () => {
    const { b, room, sa, sb } = await pairTalking();
    const original = await say(sa, "오타있음");
    await sb.nextOf("message");

    sb.send({ type: "edit", id: original.id, body: "남의 것" });
    expect(await sb.nextOf("error")).toMatchObject({ code: "forbidden" });
    sb.send({ type: "delete", id: original.id });
    expect(await sb.nextOf("error")).toMatchObject({ code: "forbidden" });

    sa.send({ type: "edit", id: original.id, body: "오타 없음" });
    const edited = (await sb.nextOf("updated")).message;
    expect(edited).toMatchObject({ id: original.id, seq: 1, body: "오타 없음", deleted: false });
    expect(edited.editedAt).not.toBeNull();
    expect((await sa.nextOf("updated")).message).toEqual(edited);

    sa.send({ type: "delete", id: original.id });
    expect((await sb.nextOf("updated")).message).toMatchObject({ id: original.id, body: "", deleted: true });
    sa.send({ type: "edit", id: original.id, body: "되살리기" });
    expect(await sa.nextOf("error")).toMatchObject({ code: "not_found" });
    expect((await historyOf(b, room.id)).items[0]).toMatchObject({ deleted: true, body: "" });
    sa.close();
    sb.close();
  });

  it("answers every send with its message or an error echoing its clientId, rate_limited included", async () => {
    const { a, room } = await pairWithRoom();
    const sa = await openRoomSocket(a, room.id);
    await sa.nextOf("ready");
    // Far more frames than the bucket holds, whatever the room's pace: the sends after them are
    // refused (or, if the bucket refilled meanwhile, stored); either way each answer names its send.
    for (let i = 0; i < RATE_BURST * 5; i++) sa.send({ type: "typing" });
    const ids = [clientId(), clientId(), clientId()];
    for (const id of ids) sa.send({ type: "send", clientId: id, body: "너무 빠름" });
    const answers = await Promise.all(
      ids.map((id) =>
        sa.next(
          (f) =>
            (f.type === "message" && f.message.clientId === id) || (f.type === "error" && f.clientId === id),
        ),
      ),
    );
    for (const answer of answers) {
      if (answer.type === "error") expect(answer.code).toBe("rate_limited");
    }
    expect(answers.some((answer) => answer.type === "error")).toBe(true);
    sa.close();
  });

  it("answers oversized, malformed and too-fast frames with `error`, keeping the socket open", async () => {
    const { a, room } = await pairWithRoom();
    const sa = await openRoomSocket(a, room.id);
    await sa.nextOf("ready");

    sa.send({ type: "send", clientId: clientId(), body: "가".repeat(MAX_FRAME_BYTES / 3 + 10) });
    expect(await sa.nextOf("error")).toMatchObject({ code: "too_large" });
    sa.send("{not json");
    expect(await sa.nextOf("error")).toMatchObject({ code: "invalid_frame" });
    const id = clientId();
    sa.send({ type: "send", clientId: id, body: "x".repeat(2001) });
    expect(await sa.nextOf("error")).toMatchObject({ code: "invalid_frame", clientId: id });
    sa.send({ type: "send", clientId: clientId(), body: "   " });
    expect(await sa.nextOf("error")).toMatchObject({ code: "invalid_frame" });

    await new Promise((resolve) => setTimeout(resolve, 500)); // let the bucket refill
    for (let i = 0; i < RATE_BURST + 10; i++) sa.send({ type: "typing" });
    const limited = await sa.nextOf("error");
    expect(limited).toMatchObject({ code: "rate_limited" });
    expect(sa.closed).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 400));
    sa.frames.splice(0);
    await say(sa, "아직 열려 있음");
    expect((await historyOf(a, room.id)).items.map((m) => m.body)).toEqual(["아직 열려 있음"]);
    sa.close();
  });
});

describe("chat room socket: resuming", () => {
  it("replays exactly what a reconnecting client missed (since), in order, before `ready`, then goes live", async () => {
    const { b, room, sa, sb } = await pairTalking();
    for (let i = 1; i <= 3; i++) await say(sa, `메시지 ${i}`);
    expect((await messagesOf(sb, 3)).map((m) => m.seq)).toEqual([1, 2, 3]);
    sb.close();

    for (let i = 4; i <= 10; i++) await say(sa, `메시지 ${i}`);
    const back = await openRoomSocket(b, room.id, 3);
    const replayed: Frame[] = [];
    for (;;) {
      const frame = await back.next();
      if (frame.type === "ready") {
        expect(frame.lastSeq).toBe(10);
        break;
      }
      replayed.push(frame);
    }
    expect(replayed.map((f) => [f.type, f.message.seq, f.message.body])).toEqual(
      [4, 5, 6, 7, 8, 9, 10].map((seq) => ["message", seq, `메시지 ${seq}`]),
    );
    await say(sa, "다시 실시간");
    expect((await back.nextOf("message")).message.seq).toBe(11);
    expect(await back.drain()).toEqual([]);
    sa.close();
    back.close();
  });

  it("replays edits of earlier messages as `updated` on reconnect", async () => {
    const { a, b, room } = await pairWithRoom();
    const sa = await openRoomSocket(a, room.id);
    await sa.nextOf("ready");
    const first = await say(sa, "처음");
    sa.send({ type: "edit", id: first.id, body: "고침" });
    await sa.nextOf("updated");
    const sb = await openRoomSocket(b, room.id, 1);
    expect((await sb.next()).type).toBe("updated");
    expect(await sb.next()).toEqual({ type: "ready", lastSeq: 1 });
    sa.close();
    sb.close();
  });

  it("keeps seq and socket identities across hibernation (eviction)", async () => {
    const { a, b, room, sa, sb } = await pairTalking();
    await say(sa, "하나");
    await say(sb, "둘");
    await evictByIdling(chatRoomStub(env, room.id));

    const third = await say(sb, "셋");
    expect(third).toMatchObject({ seq: 3, sender: { id: b.id, nickname: "비" } });
    const fourth = await say(sa, "넷");
    expect(fourth).toMatchObject({ seq: 4, sender: { id: a.id, nickname: "에이" } });
    sa.send({ type: "typing" });
    expect(await sb.nextOf("typing")).toEqual({ type: "typing", userId: a.id });
    sa.send("ping");
    expect(await sa.next((f) => f.text === "pong")).toEqual({ text: "pong" });
    expect((await historyOf(a, room.id)).items.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    sa.close();
    sb.close();
  });

  it("keeps unread counts in the room list in step with `read` frames", async () => {
    const { a, b, room, sa, sb } = await pairTalking();
    for (let i = 1; i <= 4; i++) await say(sa, `읽어줘 ${i}`);

    const unreadOf = async (user: typeof a) => (await roomsOf(user)).find((r) => r.id === room.id);
    await expect.poll(async () => (await unreadOf(b))?.unreadCount).toBe(4);
    // The sender's own messages count as read.
    await expect.poll(async () => (await unreadOf(a))?.unreadCount).toBe(0);

    sb.send({ type: "read", seq: 2 });
    expect(await sa.nextOf("read")).toEqual({ type: "read", userId: b.id, seq: 2 });
    expect(await unreadOf(b)).toMatchObject({ unreadCount: 2, lastReadSeq: 2 });

    sb.send({ type: "read", seq: 1 }); // never backwards
    sb.send({ type: "read", seq: 99 }); // never past the end
    expect(await sa.nextOf("read")).toEqual({ type: "read", userId: b.id, seq: 4 });
    expect(await unreadOf(b)).toMatchObject({ unreadCount: 0, lastReadSeq: 4 });
    sa.close();
    sb.close();
  });
});
