import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { roomMembers } from "../db/schema";
import type { Env } from "../env";
import { CLOSE_REASON_SUSPENDED, chatRoomStub } from "./internal";
import { roomMembershipChanged } from "./membership";
import { closeSessionSockets } from "./sessions";

/**
 * Call after a suspension was set or lifted in D1: every room of the user re-reads its access
 * copy (a suspended member's frames and upgrades are refused there, and their sockets close with
 * 4401), and on a suspension every socket of every session of theirs closes (4401) and tickets
 * minted before it fail.
 */
export const suspensionChanged = async (
  env: Env,
  db: Db,
  { userId, suspended }: { userId: string; suspended: boolean },
) => {
  const rooms = await db
    .select({ roomId: roomMembers.roomId })
    .from(roomMembers)
    .where(eq(roomMembers.userId, userId));
  await Promise.all([
    suspended
      ? closeSessionSockets(env, { userId, sessionIds: "all", reason: CLOSE_REASON_SUSPENDED })
      : Promise.resolve(),
    ...rooms.map(({ roomId }) => roomMembershipChanged(env, { roomId })),
  ]);
};

/** Hides (or restores) a message in its room's log; the room tells its sockets at once. */
export const messageModerated = (
  env: Env,
  { roomId, messageId, hidden }: { roomId: string; messageId: string; hidden: boolean },
) => chatRoomStub(env, roomId).moderateMessage(roomId, messageId, hidden);

/** A message with a few around it, as its room has it (a read: not an effect). */
export const messageInContext = (env: Env, { roomId, messageId }: { roomId: string; messageId: string }) =>
  chatRoomStub(env, roomId).messageInContext(roomId, messageId);
