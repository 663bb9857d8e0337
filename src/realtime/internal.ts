import type { Env } from "../env";
import { DEFAULT_SOCKETS_PER_USER } from "./sockets";

/**
 * Set by the worker on the request it hands to a Durable Object, after the ticket checked out.
 * Any copy the client sent is removed first, so none can be forged.
 */
export const USER_HEADER = "X-OrGo-User-Id";
export const SESSION_HEADER = "X-OrGo-Session-Id";
export const ROOM_HEADER = "X-OrGo-Room-Id";
/** The ticket's id, `iat` and `exp` (seconds): the inbox admits each ticket once, while its session lasts. */
export const TICKET_HEADER = "X-OrGo-Ticket-Id";
export const TICKET_ISSUED_HEADER = "X-OrGo-Ticket-Issued";
export const TICKET_EXPIRES_HEADER = "X-OrGo-Ticket-Expires";
export const INTERNAL_HEADERS = [
  USER_HEADER,
  SESSION_HEADER,
  ROOM_HEADER,
  TICKET_HEADER,
  TICKET_ISSUED_HEADER,
  TICKET_EXPIRES_HEADER,
];

export const chatRoomStub = (env: Env, roomId: string) => env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId));
export const inboxStub = (env: Env, userId: string) => env.INBOX.get(env.INBOX.idFromName(userId));

export {
  CLOSE_NOT_MEMBER,
  CLOSE_REASON_SESSION_ENDED,
  CLOSE_REASON_SUSPENDED,
  CLOSE_ROOM_GONE,
  CLOSE_SESSION_ENDED,
} from "../shared/close-codes";

/** Sockets one user may hold per room and per inbox (`REALTIME_SOCKETS_PER_USER`, default 5). */
export const socketsPerUser = (env: Env): number => {
  const configured = Number(env.REALTIME_SOCKETS_PER_USER);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_SOCKETS_PER_USER;
};
