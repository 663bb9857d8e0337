import { createMiddleware } from "hono/factory";
import { verifyTicket } from "../auth/tokens";
import type { AppEnv } from "../lib/context";
import { ApiError, forbidden, unauthorized } from "../lib/errors";
import { USER_HEADER } from "./internal";

/**
 * Guards a WebSocket route before anything is upgraded: a WebSocket request (426), from the
 * SPA's origin when a browser says where it comes from (403), with a valid ticket (401). Sets
 * `userId` from the ticket. Clients without an `Origin` (tools, tests) cannot be lured by a page,
 * so they only need the ticket.
 */
export const requireTicket = createMiddleware<AppEnv & { Variables: { userId: string } }>(async (c, next) => {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(426, "upgrade_required", "WebSocket 연결로만 열 수 있습니다.");
  }
  const origin = c.req.header("Origin");
  const allowed = c.var.config.appOrigin ?? new URL(c.req.url).origin;
  if (origin !== undefined && origin !== allowed) throw forbidden("허용되지 않은 출처입니다.");
  const ticket = c.req.query("ticket");
  const caller = ticket ? await verifyTicket(c.var.config.jwtSecret, ticket) : null;
  if (!caller) throw unauthorized("유효한 연결 티켓이 필요합니다.");
  c.set("userId", caller.userId);
  await next();
});

/**
 * The request handed to a Durable Object: the client's upgrade as it came, with the verified
 * user (and any extra routing headers) set by us and any client-sent copy dropped. The object's
 * 101 response is returned untouched (its headers are immutable).
 */
export const forwardUpgrade = (
  stub: { fetch(request: Request): Promise<Response> },
  raw: Request,
  userId: string,
  extra: Record<string, string> = {},
) => {
  const headers = new Headers(raw.headers);
  headers.delete(USER_HEADER);
  for (const name of Object.keys(extra)) headers.delete(name);
  headers.set(USER_HEADER, userId);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return stub.fetch(new Request(raw, { headers }));
};
