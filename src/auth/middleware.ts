import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/context";
import { unauthorized } from "../lib/errors";
import { consume } from "../lib/rate-limit";
import { verifyAccessToken } from "./tokens";

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

/** 401 unless a valid access token is presented; counts the caller's writes against their limit. */
export const requireAuth = createMiddleware<AppEnv & { Variables: { userId: string } }>(async (c, next) => {
  const caller = await authenticate(c.var.config, c.req.header("Authorization"));
  if (!caller) throw unauthorized();
  c.set("userId", caller.userId);
  c.set("sessionId", caller.sessionId);
  if (MUTATING.has(c.req.method)) {
    await consume(c.var.db, `writes:${caller.userId}`, c.var.config.rateLimits.writesPerUser);
  }
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
