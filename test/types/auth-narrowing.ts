/**
 * Type-level test, checked by `npm run typecheck` (never run): a route handler only sees
 * `c.var.userId: string` when `requireAuth` (or `requireTicket`) ran before it. If someone drops the
 * middleware from a route, passing `c.var.userId` where a user id is required stops compiling —
 * which is why the routes carry no `as string` casts (`scripts/check-casts.mjs` keeps it that way).
 */
import { Hono } from "hono";
import { optionalAuth, requireAuth } from "../../src/auth/middleware";
import type { AppEnv } from "../../src/lib/context";
import { requireTicket } from "../../src/realtime/upgrade";

const needsUser = (userId: string) => userId;

export const typeChecks = new Hono<AppEnv>()
  .get("/with-auth", requireAuth, (c) => c.text(needsUser(c.var.userId)))
  .get("/with-ticket", requireTicket, (c) => c.text(needsUser(c.var.userId)))
  // @ts-expect-error optionalAuth leaves userId `string | null`
  .get("/optional", optionalAuth, (c) => c.text(needsUser(c.var.userId)))
  // @ts-expect-error without requireAuth userId is `string | null`
  .get("/without-auth", (c) => c.text(needsUser(c.var.userId)));

export const routerWideAuth = new Hono<AppEnv>()
  .use(requireAuth)
  .get("/", (c) => c.text(needsUser(c.var.userId)));
