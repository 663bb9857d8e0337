import { inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import type { Env } from "../env";
import { chunked } from "../shared/d1";
import { toUserCard, type UserCard, userCardColumns } from "../shared/user-card";

/**
 * Set by the worker on the request it hands to a Durable Object, after the ticket (and room
 * membership) checked out. Any copy the client sent is removed first, so it cannot be forged.
 */
export const USER_HEADER = "X-OrGo-User-Id";
export const ROOM_HEADER = "X-OrGo-Room-Id";

export const chatRoomStub = (env: Env, roomId: string) => env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId));
export const inboxStub = (env: Env, userId: string) => env.INBOX.get(env.INBOX.idFromName(userId));

export { CLOSE_ACCOUNT_GONE, CLOSE_NOT_MEMBER, CLOSE_ROOM_GONE } from "../shared/close-codes";

/** Echoes a peer's close. 1005/1006 and other reserved codes cannot be sent back, so they become 1000. */
export const closeBack = (ws: WebSocket, code: number, reason: string) => {
  const sendable = code === 1000 || (code >= 3000 && code <= 4999);
  try {
    ws.close(sendable ? code : 1000, sendable ? reason : "");
  } catch {
    // Already closed (the runtime may have answered the close itself).
  }
};

/** Sends without throwing on a socket that closed meanwhile: one dead tab must not stop a fan-out. */
export const sendTo = (ws: WebSocket, text: string) => {
  try {
    ws.send(text);
  } catch {
    // The socket went away; its close event cleans up.
  }
};

/** UserCards by id, in chunks that stay under D1's 100 bound parameters. Unknown ids are absent. */
export const cardsByIds = async (db: Db, ids: Iterable<string>): Promise<Map<string, UserCard>> => {
  const unique = [...new Set(ids)];
  const cards = new Map<string, UserCard>();
  for (const chunk of chunked(unique)) {
    const rows = await db.select(userCardColumns).from(users).where(inArray(users.id, chunk));
    for (const row of rows) cards.set(row.id, toUserCard(row));
  }
  return cards;
};
