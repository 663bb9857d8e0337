import { and, eq, lt, type Placeholder, type SQL, sql } from "drizzle-orm";
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

/**
 * One key's current window and its limit: the values the counting statements carry. Each may be a
 * `sql.placeholder` instead, for a statement drizzle builds once (see `compiledStatement`).
 */
export interface CountedWindow<Value = never> {
  key: string | Value;
  start: number | Value;
  end: number | Value;
  limit: number | Value;
}

export const countedWindow = (key: string, rule: RateRule, now: number): CountedWindow => {
  const { start, end } = windowOf(rule, now);
  return { key, start, end, limit: rule.limit };
};

const retryAfterSeconds = (end: number, now: number) => Math.max(1, Math.ceil((end - now) / 1000));

/** The statement `consume` runs, for callers that batch it with their own reads; judge its row with `assertWithinLimit`. */
export const countEvent = (db: Db, key: string, rule: RateRule, now = Date.now()) =>
  countIn(db, countedWindow(key, rule, now));

/** `countEvent` for a window given as values (or placeholders). */
export const countIn = (db: Db, window: CountedWindow<Placeholder>) =>
  recordIn(db, window).returning({ count: rateLimits.count });

/**
 * True while the key's current window holds at most the limit: the condition a write's statements
 * carry when `countIn` ran before them in the same batch (so the count includes this write).
 */
export const withinWindowLimit = ({ key, start, limit }: CountedWindow<Placeholder>): SQL =>
  sql`coalesce((SELECT ${rateLimits.count} FROM ${rateLimits} WHERE ${rateLimits.key} = ${key} AND ${rateLimits.windowStart} = ${start}), 0) <= ${limit}`;

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
export const record = (db: Db, key: string, rule: RateRule, now = Date.now()) =>
  recordIn(db, countedWindow(key, rule, now));

const recordIn = (db: Db, { key, start, end }: CountedWindow<Placeholder>) =>
  db
    .insert(rateLimits)
    .values({ key, windowStart: start, count: 1, expiresAt: end })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    });

export const purgeExpiredWindows = (db: Db, now = Date.now()) =>
  db.delete(rateLimits).where(lt(rateLimits.expiresAt, now));
