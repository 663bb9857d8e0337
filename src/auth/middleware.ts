import { createMiddleware } from "hono/factory";
import type { Db } from "../db/client";
import type { RateRule } from "../lib/config";
import type { AppEnv } from "../lib/context";
import { unauthorized } from "../lib/errors";
import { type TokenSubject, verifyAccessToken } from "./tokens";
import { type GateOptions, type WriteGate, writeGate } from "./write-gate";

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

/** A write's admission in a round trip of its own, for writes that do not batch it themselves. */
const admitWrite = async (db: Db, caller: TokenSubject, rule: RateRule, options: GateOptions = {}) => {
  const gate = writeGate(db, caller, rule, Date.now(), options);
  const [counted, session] = await db.batch([gate.count, gate.session]);
  gate.admit(counted, session);
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

/**
 * `requireAuth` for looking after one's own account (password, deleting it, ending sessions): a
 * suspended user may still do these (docs/api/moderation.md); every other write refuses them.
 */
export const requireAuthSelfCare = createMiddleware<AppEnv & { Variables: { userId: string } }>(
  async (c, next) => {
    const caller = await authenticate(c.var.config, c.req.header("Authorization"));
    if (!caller) throw unauthorized();
    c.set("userId", caller.userId);
    c.set("sessionId", caller.sessionId);
    if (MUTATING.has(c.req.method)) {
      await admitWrite(c.var.db, caller, c.var.config.rateLimits.writesPerUser, { allowSuspended: true });
    }
    await next();
  },
);

/**
 * 401 unless a valid access token is presented; leaves the session check and the write limit to
 * the handler's own batch through `c.var.writeGate` (see write-gate.ts), so the write costs one
 * D1 round trip. Only for handlers that pass the gate to their domain function.
 */
const authInBatch = (options: GateOptions) =>
  createMiddleware<AppEnv & { Variables: { userId: string; writeGate: WriteGate } }>(async (c, next) => {
    const caller = await authenticate(c.var.config, c.req.header("Authorization"));
    if (!caller) throw unauthorized();
    c.set("userId", caller.userId);
    c.set("sessionId", caller.sessionId);
    c.set(
      "writeGate",
      writeGate(c.var.db, caller, c.var.config.rateLimits.writesPerUser, Date.now(), options),
    );
    await next();
  });

/**
 * 401 unless a valid access token is presented; leaves the session check, the suspension check and
 * the write limit to the handler's own batch through `c.var.writeGate` (see write-gate.ts), so the
 * write costs one D1 round trip. Only for handlers that pass the gate to their domain function.
 */
export const requireAuthInBatch = authInBatch({});

/** `requireAuthInBatch` for a write that is only the caller's own reading (marking notifications read). */
export const requireAuthInBatchSelfCare = authInBatch({ allowSuspended: true });

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
