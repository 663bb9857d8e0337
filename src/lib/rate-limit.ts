import { and, eq, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { rateLimits } from "../db/schema";
import type { RateRule } from "./config";
import { rateLimited } from "./errors";

// Fixed windows in D1: one upsert per counted request, so the limit holds across isolates and
// under `wrangler dev` and the test pool alike (the Workers rate-limit binding only knows 10 s
// and 60 s periods, too short for "10 failed logins per 15 minutes").

const windowOf = (rule: RateRule, now: number) => {
  const size = rule.windowSeconds * 1000;
  const start = Math.floor(now / size) * size;
  return { start, end: start + size };
};

const retryAfterSeconds = (end: number, now: number) => Math.max(1, Math.ceil((end - now) / 1000));

/** The statement `consume` runs, for callers that batch it with their own reads; judge its row with `assertWithinLimit`. */
export const countEvent = (db: Db, key: string, rule: RateRule, now = Date.now()) =>
  record(db, key, rule, now).returning({ count: rateLimits.count });

/**
 * True while `key`'s current window holds at most the limit: the condition a write's statements
 * carry when `countEvent` ran before them in the same batch (so the count includes this write).
 */
export const withinLimit = (key: string, rule: RateRule, now = Date.now()): SQL =>
  sql`coalesce((SELECT ${rateLimits.count} FROM ${rateLimits} WHERE ${rateLimits.key} = ${key} AND ${rateLimits.windowStart} = ${windowOf(rule, now).start}), 0) <= ${rule.limit}`;

/** Throws 429 when a window's count (as `countEvent` returned it) passed the limit. */
export const assertWithinLimit = (count: number | undefined, rule: RateRule, now = Date.now()) => {
  if (count !== undefined && count > rule.limit)
    throw rateLimited(retryAfterSeconds(windowOf(rule, now).end, now));
};

/** Counts one event against `key`; throws 429 once the window's count passes the limit. */
export const consume = async (db: Db, key: string, rule: RateRule, now = Date.now()): Promise<void> =>
  assertWithinLimit((await countEvent(db, key, rule, now).get())?.count, rule, now);

/** Throws 429 when `key` already used up its window, without counting anything. */
export const assertNotLimited = async (db: Db, key: string, rule: RateRule, now = Date.now()) => {
  const window = windowOf(rule, now);
  const row = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, window.start)))
    .get();
  if (row && row.count >= rule.limit) throw rateLimited(retryAfterSeconds(window.end, now));
};

/** Counts one event without judging it (a failed login, judged on the next attempt); batchable. */
export const record = (db: Db, key: string, rule: RateRule, now = Date.now()) => {
  const window = windowOf(rule, now);
  return db
    .insert(rateLimits)
    .values({ key, windowStart: window.start, count: 1, expiresAt: window.end })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    });
};

export const purgeExpiredWindows = (db: Db, now = Date.now()) =>
  db.delete(rateLimits).where(lt(rateLimits.expiresAt, now));
