import { and, eq } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import type { Db } from "../db/client";
import { sessions } from "../db/schema";
import type { RateRule } from "../lib/config";
import type { AppEnv } from "../lib/context";
import { unauthorized } from "../lib/errors";
import { assertWithinLimit, countEvent } from "../lib/rate-limit";
import { type TokenSubject, verifyAccessToken } from "./tokens";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const bearerToken = (header: string | undefined) => {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
};

const authenticate = async (config: AppEnv["Variables"]["config"], header: string | undefined) => {
  const token = bearerToken(header);
  if (!token) return null;
  return verifyAccessToken(config.jwtSecret, token);
};

/**
 * An access token outlives its session by up to 15 minutes. Reads may use it meanwhile, but a write
 * needs the session to still exist: after logout, a password change elsewhere or the account's
 * deletion (whose rows would then fail their foreign keys as a 500) it is a 401. The check and the
 * write-limit count share one D1 round trip.
 */
const admitWrite = async (db: Db, caller: TokenSubject, rule: RateRule) => {
  if (caller.sessionId === null) throw unauthorized();
  const [session, counted] = await db.batch([
    db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.id, caller.sessionId), eq(sessions.userId, caller.userId))),
    countEvent(db, `writes:${caller.userId}`, rule),
  ]);
  if (session.length === 0) throw unauthorized();
  assertWithinLimit(counted[0]?.count, rule);
};

/** 401 unless a valid access token is presented; counts the caller's writes against their limit. */
export const requireAuth = createMiddleware<AppEnv & { Variables: { userId: string } }>(async (c, next) => {
  const caller = await authenticate(c.var.config, c.req.header("Authorization"));
  if (!caller) throw unauthorized();
  c.set("userId", caller.userId);
  c.set("sessionId", caller.sessionId);
  if (MUTATING.has(c.req.method)) await admitWrite(c.var.db, caller, c.var.config.rateLimits.writesPerUser);
  await next();
});

/** Sets `userId` when a valid token is presented; an invalid one is still a 401, never ignored. */
export const optionalAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization");
  if (header) {
    const caller = await authenticate(c.var.config, header);
    if (!caller) throw unauthorized();
    c.set("userId", caller.userId);
    c.set("sessionId", caller.sessionId);
  }
  await next();
});
