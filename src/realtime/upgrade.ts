import { createMiddleware } from "hono/factory";
import { type Ticket, verifyTicket } from "../auth/tokens";
import type { Env } from "../env";
import type { AppEnv } from "../lib/context";
import { ApiError, forbidden, unauthorized } from "../lib/errors";
import {
  chatRoomStub,
  INTERNAL_HEADERS,
  inboxStub,
  ROOM_HEADER,
  SESSION_HEADER,
  TICKET_EXPIRES_HEADER,
  TICKET_HEADER,
  TICKET_ISSUED_HEADER,
  USER_HEADER,
} from "./internal";

/**
 * Guards a WebSocket route before anything is upgraded: a WebSocket request (426), from the
 * SPA's origin when a browser says where it comes from (403), with a ticket whose signature and
 * lifetime check out (401). Sets `userId` and `ticket`. Whether the ticket is still unused and its
 * session still open is the user's inbox's decision, made when the socket is opened. Clients
 * without an `Origin` (tools, tests) cannot be lured by a page, so they only need the ticket.
 */
export const requireTicket = createMiddleware<AppEnv & { Variables: { userId: string; ticket: Ticket } }>(
  async (c, next) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      throw new ApiError(426, "upgrade_required", "WebSocket 연결로만 열 수 있습니다.");
    }
    const origin = c.req.header("Origin");
    const allowed = c.var.config.appOrigin;
    if (origin !== undefined && origin !== allowed) throw forbidden("허용되지 않은 출처입니다.");
    const raw = c.req.query("ticket");
    const ticket = raw ? await verifyTicket(c.var.config.jwtSecret, raw) : null;
    if (!ticket) throw unauthorized("유효한 연결 티켓이 필요합니다.");
    c.set("userId", ticket.userId);
    c.set("ticket", ticket);
    await next();
  },
);

/**
 * The request handed to a Durable Object: the client's upgrade as it came, with the verified
 * ticket's fields set by us and any client-sent copy of our headers dropped. The object's 101
 * response is returned untouched (its headers are immutable).
 */
const forwardUpgrade = async (
  stub: { fetch(request: Request): Promise<Response> },
  raw: Request,
  ticket: Ticket,
  roomId?: string,
) => {
  const headers = new Headers(raw.headers);
  for (const name of INTERNAL_HEADERS) headers.delete(name);
  headers.set(USER_HEADER, ticket.userId);
  headers.set(SESSION_HEADER, ticket.sessionId);
  headers.set(TICKET_HEADER, ticket.ticketId);
  headers.set(TICKET_ISSUED_HEADER, String(ticket.issuedAt));
  headers.set(TICKET_EXPIRES_HEADER, String(ticket.expiresAt));
  if (roomId) headers.set(ROOM_HEADER, roomId);
  return answerOf(await stub.fetch(new Request(raw, { headers })));
};

/** The statuses an object refuses an upgrade with; anything else is the object failing. */
const REFUSALS = [400, 401, 403, 404, 429] as const;

const isApiErrorBody = (body: unknown): body is { error: { code: string; message: string } } =>
  typeof body === "object" &&
  body !== null &&
  "error" in body &&
  typeof body.error === "object" &&
  body.error !== null &&
  "code" in body.error &&
  "message" in body.error &&
  typeof body.error.code === "string" &&
  typeof body.error.message === "string";

/**
 * The object's 101 goes back untouched (its headers are immutable). A refusal becomes an ApiError,
 * so the worker's error handler answers it like any other (with `X-Request-Id`).
 */
const answerOf = async (response: Response): Promise<Response> => {
  if (response.status === 101) return response;
  const status = REFUSALS.find((refusal) => refusal === response.status);
  const body: unknown = await response.json().catch(() => null);
  if (!status || !isApiErrorBody(body)) throw new Error(`upgrade answered ${response.status}`);
  const retryAfter = response.headers.get("Retry-After");
  throw new ApiError(
    status,
    body.error.code,
    body.error.message,
    undefined,
    retryAfter ? { "Retry-After": retryAfter } : undefined,
  );
};

/** The notifications socket: the inbox admits the ticket and accepts in one step. */
export const openInboxSocket = (env: Env, raw: Request, ticket: Ticket) =>
  forwardUpgrade(inboxStub(env, ticket.userId), raw, ticket);

/**
 * A room socket: the user's inbox admits the ticket once (and notes the room for the session),
 * then the room checks membership, blocks and the socket limit against its own copy.
 */
export const openRoomSocket = async (env: Env, raw: Request, ticket: Ticket, roomId: string) => {
  const admission = await inboxStub(env, ticket.userId).admitTicket({
    ticketId: ticket.ticketId,
    sessionId: ticket.sessionId,
    issuedAt: ticket.issuedAt,
    expiresAt: ticket.expiresAt,
    roomId,
  });
  if (admission === "used") throw unauthorized("이미 사용한 연결 티켓입니다.");
  if (admission === "session_ended") throw unauthorized("세션이 끝났습니다. 다시 로그인하세요.");
  return forwardUpgrade(chatRoomStub(env, roomId), raw, ticket, roomId);
};
