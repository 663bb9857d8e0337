import { and, eq, inArray } from "drizzle-orm";
import { createDb, type Db } from "../../db/client";
import { chatRooms, roomMembers, studies } from "../../db/schema";
import type { Env } from "../../env";
import { chatRoomStub, inboxStub } from "../../realtime/internal";
import { chunked } from "../../shared/d1";

/**
 * Deletes a room's message log (its Durable Object's storage) and closes its sockets. Call it,
 * deferred, after the D1 batch that deleted the room's `chat_rooms` row committed.
 */
export const purgeRoom = (env: Env, roomId: string): Promise<void> => chatRoomStub(env, roomId).purge();

export interface AccountChatPlan {
  userId: string;
  /** Rooms that go whole: the user's direct rooms and the rooms of studies they lead (the study goes with them). */
  directRoomIds: string[];
  ledStudyRoomIds: string[];
  /** Study rooms that stay, minus the user's messages. */
  otherRoomIds: string[];
}

/**
 * The rooms of a user about to delete their account. Read it BEFORE the deletion batch (the
 * memberships go with the user), then pass it to `purgeDeletedAccountChat` after it committed.
 */
export const accountChatPlan = async (db: Db, userId: string): Promise<AccountChatPlan> => {
  // Led studies are read on their own, not through the memberships: their rows cascade away with
  // the user whether or not the leader is (still) a member of the room.
  const [rows, led] = await db.batch([
    db
      .select({ id: chatRooms.id, kind: chatRooms.kind })
      .from(roomMembers)
      .innerJoin(chatRooms, eq(chatRooms.id, roomMembers.roomId))
      .where(eq(roomMembers.userId, userId)),
    db
      .select({ id: chatRooms.id })
      .from(studies)
      .innerJoin(chatRooms, eq(chatRooms.studyId, studies.id))
      .where(eq(studies.leaderId, userId)),
  ]);
  const ledStudyRoomIds = led.map((row) => row.id);
  const ledIds = new Set(ledStudyRoomIds);
  return {
    userId,
    directRoomIds: rows.filter((row) => row.kind === "direct").map((row) => row.id),
    ledStudyRoomIds,
    otherRoomIds: rows.filter((row) => row.kind !== "direct" && !ledIds.has(row.id)).map((row) => row.id),
  };
};

/**
 * After an account was deleted: its direct rooms go entirely (a conversation with nobody is
 * nothing to keep), so do the logs of the studies it led (their rows cascaded away with it), its
 * messages leave the other study rooms (which re-read their members), every session's sockets
 * close and its inbox forgets its conversation list.
 */
export const purgeDeletedAccountChat = async (env: Env, plan: AccountChatPlan): Promise<void> => {
  const db = createDb(env.DB);
  for (const ids of chunked(plan.directRoomIds)) {
    await db.delete(chatRooms).where(and(inArray(chatRooms.id, ids), eq(chatRooms.kind, "direct")));
  }
  const results = await Promise.allSettled([
    inboxStub(env, plan.userId).accountDeleted(plan.userId),
    ...[...plan.directRoomIds, ...plan.ledStudyRoomIds].map((roomId) => purgeRoom(env, roomId)),
    ...plan.otherRoomIds.map((roomId) => chatRoomStub(env, roomId).removeSender(roomId, plan.userId)),
  ]);
  for (const result of results) {
    if (result.status === "rejected") console.error("chat purge failed", result.reason);
  }
};
