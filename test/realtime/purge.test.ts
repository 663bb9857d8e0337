import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { accountChatPlan, purgeRoom } from "../../src/features/chat/purge";
import { chatRoomStub } from "../../src/realtime/internal";
import { call, json, SETTLED } from "../helpers";
import { db, historyOf, openRoomSocket, pairWithRoom, roomsOf, say } from "./support";

const storedSenders = (roomId: string) =>
  runInDurableObject(chatRoomStub(env, roomId), (_instance, state) => {
    const exists = state.storage.sql
      .exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages'")
      .toArray().length;
    if (!exists) return [];
    return state.storage.sql
      .exec<{ sender_id: string }>("SELECT sender_id FROM messages ORDER BY seq")
      .toArray()
      .map((row) => row.sender_id);
  });

/** A study of two (leader and member) with both connected to its room and `ready`. */
const studyRoomWithBothInside = async (title: string) => {
  const { a: leader, b: member } = await pairWithRoom();
  const study = await json<{ id: string }>(
    await call("POST", "/api/studies", {
      token: leader.token,
      body: { title, mode: "online", startDate: "2026-12-01", endDate: "2026-12-31", maxMembers: 5 },
    }),
  );
  expect((await call("PUT", `/api/studies/${study.id}/membership`, { token: member.token })).status).toBe(
    200,
  );
  const studyRoom = (await roomsOf(leader)).find((r) => r.studyId === study.id);
  if (!studyRoom) throw new Error("no study room");
  const memberSocket = await openRoomSocket(member, studyRoom.id);
  const leaderSocket = await openRoomSocket(leader, studyRoom.id);
  await memberSocket.nextOf("ready");
  await leaderSocket.nextOf("ready");
  return { leader, member, study, studyRoom, memberSocket, leaderSocket };
};

const roomRows = async (roomId: string) =>
  (
    await env.DB.prepare("SELECT count(*) AS n FROM chat_rooms WHERE id = ?")
      .bind(roomId)
      .first<{ n: number }>()
  )?.n;

describe("purging chat", () => {
  it("purgeRoom deletes a room's whole log and closes its sockets", async () => {
    const { a, room } = await pairWithRoom();
    const socket = await openRoomSocket(a, room.id);
    await socket.nextOf("ready");
    await say(socket, "지워질 것");
    expect(await storedSenders(room.id)).toEqual([a.id]);
    await purgeRoom(env, room.id);
    await expect.poll(() => socket.closed?.code).toBe(4410);
    expect(await storedSenders(room.id)).toEqual([]);
  });

  it("after an account deletion: its direct rooms go, its messages leave study rooms, the rest stays", async () => {
    const { a: leaving, b: friend, room: direct } = await pairWithRoom();
    const created = await call("POST", "/api/studies", {
      token: friend.token,
      body: {
        title: "남는 스터디",
        mode: "online",
        startDate: "2026-12-01",
        endDate: "2026-12-31",
        maxMembers: 5,
      },
    });
    const study = await json<{ id: string }>(created);
    expect((await call("PUT", `/api/studies/${study.id}/membership`, { token: leaving.token })).status).toBe(
      200,
    );
    const studyRoom = (await roomsOf(friend)).find((r) => r.studyId === study.id);
    if (!studyRoom) throw new Error("no study room");

    const directSocket = await openRoomSocket(leaving, direct.id);
    await directSocket.nextOf("ready");
    await say(directSocket, "안녕");
    const studyLeaving = await openRoomSocket(leaving, studyRoom.id);
    const studyFriend = await openRoomSocket(friend, studyRoom.id);
    await studyLeaving.nextOf("ready");
    await studyFriend.nextOf("ready");
    const kept = await say(studyFriend, "남을 말");
    await say(studyLeaving, "사라질 말");

    const plan = await accountChatPlan(db, leaving.id);
    expect(plan).toEqual({
      userId: leaving.id,
      directRoomIds: [direct.id],
      ledStudyRoomIds: [],
      otherRoomIds: [studyRoom.id],
    });
    const deleted = await call("DELETE", "/api/users/me", {
      token: leaving.token,
      body: { password: leaving.password },
    });
    expect(deleted.status).toBe(204);

    // The route purges after its answer (waitUntil).
    await vi.waitFor(async () => {
      expect(await roomRows(direct.id)).toBe(0);
      expect(await storedSenders(direct.id)).toEqual([]);
      expect(await storedSenders(studyRoom.id)).toEqual([friend.id]);
    }, SETTLED);
    expect((await roomsOf(friend)).map((r) => r.id)).not.toContain(direct.id);
    expect(await storedSenders(studyRoom.id)).toEqual([friend.id]);
    expect((await historyOf(friend, studyRoom.id)).items).toEqual([kept]);
    // The members' inboxes hear of the new last message right after the removal.
    await expect
      .poll(async () => (await roomsOf(friend)).find((r) => r.id === studyRoom.id)?.lastMessage)
      .toEqual(kept);
    await expect.poll(() => studyLeaving.closed?.code).toBe(4403);
    expect(studyFriend.closed).toBeNull();
    studyFriend.close();
  });

  it("after a leader's account deletion: the logs of the studies they led go too", async () => {
    const { leader, member, studyRoom, memberSocket, leaderSocket } =
      await studyRoomWithBothInside("리더와 함께 사라질 스터디");
    await say(memberSocket, "멤버의 말");
    await say(leaderSocket, "리더의 말");
    expect(await storedSenders(studyRoom.id)).toEqual([member.id, leader.id]);

    expect((await accountChatPlan(db, leader.id)).ledStudyRoomIds).toEqual([studyRoom.id]);
    const deleted = await call("DELETE", "/api/users/me", {
      token: leader.token,
      body: { password: leader.password },
    });
    expect(deleted.status).toBe(204);

    // The study (and its room row) cascaded away with the leader; its log, the member's lines
    // included, must not outlive it in the Durable Object.
    await expect.poll(() => memberSocket.closed?.code).toBe(4410);
    await vi.waitFor(async () => {
      expect(await roomRows(studyRoom.id)).toBe(0);
      expect(await storedSenders(studyRoom.id)).toEqual([]);
    });
  });

  it("deleting a study purges its room's log; leaving a study closes the member's sockets there", async () => {
    const { leader, member, study, studyRoom, memberSocket, leaderSocket } =
      await studyRoomWithBothInside("곧 사라질 스터디");
    await say(memberSocket, "곧 나갑니다");

    expect(
      (await call("DELETE", `/api/studies/${study.id}/membership`, { token: member.token })).status,
    ).toBe(200);
    await expect.poll(() => memberSocket.closed?.code).toBeDefined();
    expect(leaderSocket.closed).toBeNull();

    expect((await call("DELETE", `/api/studies/${study.id}`, { token: leader.token })).status).toBe(204);
    await expect.poll(() => leaderSocket.closed?.code).toBe(4410);
    expect(await storedSenders(studyRoom.id)).toEqual([]);
    expect(await roomRows(studyRoom.id)).toBe(0);
  });
});
