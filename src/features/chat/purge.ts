import { and, eq, inArray } from "drizzle-orm";
import { createDb, type Db } from "../../db/client";
import { chatRooms, roomMembers } from "../../db/schema";
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
  directRoomIds: string[];
  otherRoomIds: string[];
}

/**
 * The rooms of a user about to delete their account. Read it BEFORE the deletion batch (the
 * memberships go with the user), then pass it to `purgeDeletedAccountChat` after it committed.
 */
export const accountChatPlan = async (db: Db, userId: string): Promise<AccountChatPlan> => {
  const rows = await db
    .select({ id: chatRooms.id, kind: chatRooms.kind })
    .from(roomMembers)
    .innerJoin(chatRooms, eq(chatRooms.id, roomMembers.roomId))
    .where(eq(roomMembers.userId, userId));
  return {
    userId,
    directRoomIds: rows.filter((row) => row.kind === "direct").map((row) => row.id),
    otherRoomIds: rows.filter((row) => row.kind !== "direct").map((row) => row.id),
  };
};

/**
 * After an account was deleted: its direct rooms go entirely (a conversation with nobody is
 * nothing to keep), its messages leave the study rooms (which re-read their members), every
 * session's sockets close and its inbox forgets its conversation list.
 */
export const purgeDeletedAccountChat = async (env: Env, plan: AccountChatPlan): Promise<void> => {
  const db = createDb(env.DB);
  for (const ids of chunked(plan.directRoomIds)) {
    await db.delete(chatRooms).where(and(inArray(chatRooms.id, ids), eq(chatRooms.kind, "direct")));
  }
  const results = await Promise.allSettled([
    inboxStub(env, plan.userId).accountDeleted(plan.userId),
    ...plan.directRoomIds.map((roomId) => purgeRoom(env, roomId)),
    ...plan.otherRoomIds.map((roomId) => chatRoomStub(env, roomId).removeSender(roomId, plan.userId)),
  ]);
  for (const result of results) {
    if (result.status === "rejected") console.error("chat purge failed", result.reason);
  }
};
