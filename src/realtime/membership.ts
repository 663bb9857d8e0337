import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { chatRooms } from "../db/schema";
import type { Env } from "../env";
import { chatRoomStub, inboxStub } from "./internal";

/** One direct room per pair of users, whoever opens it. */
export const directKeyOf = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);

export interface MembershipChange {
  roomId: string;
  /** Users who just joined (or re-joined): their inbox starts with everything so far read. */
  joined?: readonly string[];
  /** Users who just left: the room leaves their conversation list. */
  left?: readonly string[];
}

/**
 * Call after the D1 batch that changed who may speak in a room committed (join, leave, block,
 * unblock, account deletion, suspension): the room re-reads its copy from D1 and closes the
 * sockets of anyone who may no longer speak there (4403).
 */
export const roomMembershipChanged = async (
  env: Env,
  { roomId, joined = [], left = [] }: MembershipChange,
) => {
  await Promise.all([
    chatRoomStub(env, roomId).membershipChanged(roomId, [...joined]),
    ...left.map((userId) => inboxStub(env, userId).forgetRoom(roomId)),
  ]);
};

/**
 * Call after a block between two users was made or lifted in D1: their direct room, if they have
 * one, re-reads whether a block stands (closing both users' sockets there with 4403 when it does).
 */
export const blockChanged = async (env: Env, db: Db, { userIds }: { userIds: [string, string] }) => {
  const room = await db
    .select({ id: chatRooms.id })
    .from(chatRooms)
    .where(eq(chatRooms.directKey, directKeyOf(...userIds)))
    .get();
  if (room) await roomMembershipChanged(env, { roomId: room.id });
};
