/**
 * What the ChatRoom and the Inbox do with their hibernating sockets, in one place: accept a socket
 * tagged with its user and session, find a user's or a session's sockets by tag (the runtime keeps
 * the index, so nothing is deserialised to find them), read an attachment back validated, send
 * without throwing, broadcast, refuse an upgrade, and close sockets with a code.
 */
import { PING, PONG } from "./protocol";

/** The socket's owner, fixed at accept time. Kept small: it is read back after every wake. */
export interface SocketOwner {
  userId: string;
  sessionId: string;
}

/** Tags are strings of at most 256 characters; ids are at most 64 (the worker checks them). */
export const userTag = (userId: string) => `u:${userId}`;
export const sessionTag = (sessionId: string) => `s:${sessionId}`;

/** At most this many sockets per user per object: a 6th upgrade is refused with 429. */
export const DEFAULT_SOCKETS_PER_USER = 5;

/** Answers `ping` with `pong` without waking the object. */
export const enableAutoPong = (ctx: DurableObjectState) =>
  ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));

const owners = new WeakMap<WebSocket, SocketOwner | null>();

const isOwner = (value: unknown): value is SocketOwner =>
  typeof value === "object" &&
  value !== null &&
  "userId" in value &&
  "sessionId" in value &&
  typeof value.userId === "string" &&
  typeof value.sessionId === "string";

/**
 * The socket's owner, read back from its attachment once per socket per instance (then cached).
 * A socket whose attachment is not one this code wrote (an older deployment's shape, or none)
 * gives null: callers close it rather than trust it.
 */
export const ownerOf = (ws: WebSocket): SocketOwner | null => {
  const cached = owners.get(ws);
  if (cached !== undefined) return cached;
  let owner: SocketOwner | null = null;
  try {
    const attachment: unknown = ws.deserializeAttachment();
    if (isOwner(attachment)) owner = { userId: attachment.userId, sessionId: attachment.sessionId };
  } catch {
    owner = null;
  }
  owners.set(ws, owner);
  return owner;
};

/** Accepts the server end of a new pair for `owner`, tagged so it can be found by user or session. */
export const acceptFor = (
  ctx: DurableObjectState,
  owner: SocketOwner,
): { client: WebSocket; server: WebSocket } => {
  const { 0: client, 1: server } = new WebSocketPair();
  ctx.acceptWebSocket(server, [userTag(owner.userId), sessionTag(owner.sessionId)]);
  const attachment: SocketOwner = { userId: owner.userId, sessionId: owner.sessionId };
  server.serializeAttachment(attachment);
  owners.set(server, attachment);
  return { client, server };
};

/** `readyState` of an open socket (READY_STATE_OPEN in workerd, OPEN in the DOM: both 1). */
const OPEN = 1;
const isOpen = (ws: WebSocket) => ws.readyState === OPEN;

/** The open sockets with `tag` (all open sockets without one). */
export const openSockets = (ctx: DurableObjectState, tag?: string): WebSocket[] =>
  ctx.getWebSockets(tag).filter(isOpen);

/** Whether `userId` may open one more socket here. */
export const hasRoomForSocket = (ctx: DurableObjectState, userId: string, limit: number) =>
  openSockets(ctx, userTag(userId)).length < limit;

/** Sends without throwing on a socket that closed meanwhile: one dead tab must not stop a fan-out. */
export const sendText = (ws: WebSocket, text: string) => {
  try {
    ws.send(text);
  } catch {
    // The socket went away; its close event cleans up.
  }
};

/** To every open socket, except those of `exceptUserId` (found by tag, never by attachment). */
export const broadcastText = (ctx: DurableObjectState, text: string, exceptUserId?: string) => {
  const skipped = exceptUserId ? new Set(ctx.getWebSockets(userTag(exceptUserId))) : null;
  for (const ws of ctx.getWebSockets()) {
    if (skipped?.has(ws)) continue;
    sendText(ws, text);
  }
};

/** Closes with `code` when the runtime allows sending it (1000 or 3000–4999), else with 1000. */
export const closeWith = (ws: WebSocket, code: number, reason: string) => {
  const sendable = code === 1000 || (code >= 3000 && code <= 4999);
  try {
    ws.close(sendable ? code : 1000, sendable ? reason : "");
  } catch {
    // Already closed (the runtime may have answered the close itself).
  }
};

export const closeAll = (sockets: Iterable<WebSocket>, code: number, reason: string) => {
  for (const ws of sockets) closeWith(ws, code, reason);
};

/** Closes the sockets of `userId` opened under `sessionIds` (every session with "all"). */
export const closeSessionsHere = (
  ctx: DurableObjectState,
  userId: string,
  sessionIds: readonly string[] | "all",
  code: number,
  reason: string,
): number => {
  const sockets =
    sessionIds === "all"
      ? ctx.getWebSockets(userTag(userId))
      : sessionIds.flatMap((sessionId) =>
          ctx.getWebSockets(sessionTag(sessionId)).filter((ws) => ownerOf(ws)?.userId === userId),
        );
  closeAll(sockets, code, reason);
  return sockets.length;
};

/** A JSON error answer to an upgrade that is refused before anything is accepted. */
export const refuseUpgrade = (status: number, code: string, message: string, headers?: HeadersInit) =>
  Response.json({ error: { code, message } }, { status, headers });

export const isUpgrade = (request: Request) => request.headers.get("Upgrade")?.toLowerCase() === "websocket";
