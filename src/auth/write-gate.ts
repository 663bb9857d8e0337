import { and, eq, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { sessions, users } from "../db/schema";
import type { RateRule } from "../lib/config";
import { suspended, unauthorized } from "../lib/errors";
import {
  assertWithinLimit,
  type CountedWindow,
  countedWindow,
  countIn,
  withinWindowLimit,
} from "../lib/rate-limit";
import { suspensionUntil } from "../shared/moderation";

/**
 * What a write needs to be let through: its session still exists (an access token outlives a
 * logout, a password change or the account's deletion by up to 15 minutes) and the caller's
 * write limit is not used up. Both go into the write's own D1 batch, so a write is one round trip:
 *
 *   const [counted, session, ...] = await db.batch([gate.count, gate.session, <statements guarded by gate.open>]);
 *   gate.admit(counted, session);
 *
 * `count` must come first: `open` reads the count it left. Every statement that changes something
 * carries `open` in its condition, so nothing is written when the session is gone, the user is
 * suspended or the limit is reached; `admit` then answers 401, 403 `suspended` or 429 from the same
 * batch. So every write route refuses a suspended user without a statement of its own.
 */
export interface WriteGate {
  count: ReturnType<typeof countIn>;
  session: ReturnType<typeof selectSession>;
  open: SQL;
  /**
   * The same facts by `gatePlaceholders`' names: what a batch built once with `gateParts(db,
   * gatePlaceholders)` is given to run as this gate (see `compiledStatement`).
   */
  values: Record<string, string | number>;
  admit: (counted: { count: number }[], session: { id: string; suspendedUntil: number | null }[]) => void;
}

export interface WriteCaller {
  userId: string;
  /** Null for a token without a session id: such a caller never writes. */
  sessionId: string | null;
}

/** What the gate's statements carry: values, or placeholders in a batch drizzle builds once. */
interface GateFacts<Value = never> {
  userId: string | Value;
  sessionId: string | Value;
  now: number | Value;
  window: CountedWindow<Value>;
}

const selectSession = (db: Db, { userId, sessionId }: GateFacts<Placeholder>) =>
  db
    .select({ id: sessions.id, suspendedUntil: users.suspendedUntil })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));

export interface GateOptions {
  /**
   * Let a suspended user through: only for looking after one's own account (password, sessions,
   * deleting it, marking notifications read), never for anything others see.
   */
  allowSuspended?: boolean;
}

/** The gate's statements for `facts`; with `gatePlaceholders`, for a batch built once per isolate. */
export const gateParts = (db: Db, facts: GateFacts<Placeholder>, options: GateOptions = {}) => {
  const { userId, sessionId, now, window } = facts;
  const notSuspended = options.allowSuspended
    ? sql`1`
    : sql`NOT EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId} AND ${users.suspendedUntil} > ${now})`;
  return {
    count: countIn(db, window),
    session: selectSession(db, facts),
    open: sql`(EXISTS (SELECT 1 FROM ${sessions} WHERE ${sessions.id} = ${sessionId} AND ${sessions.userId} = ${userId})
      AND ${notSuspended} AND ${withinWindowLimit(window)})`,
  };
};

export const gatePlaceholders: GateFacts<Placeholder> = {
  userId: sql.placeholder("gate.userId"),
  sessionId: sql.placeholder("gate.sessionId"),
  now: sql.placeholder("gate.now"),
  window: {
    key: sql.placeholder("gate.key"),
    start: sql.placeholder("gate.start"),
    end: sql.placeholder("gate.end"),
    limit: sql.placeholder("gate.limit"),
  },
};

const valuesByPlaceholder = ({ userId, sessionId, now, window }: GateFacts) => ({
  "gate.userId": userId,
  "gate.sessionId": sessionId,
  "gate.now": now,
  "gate.key": window.key,
  "gate.start": window.start,
  "gate.end": window.end,
  "gate.limit": window.limit,
});

export const writeGate = (
  db: Db,
  caller: WriteCaller,
  rule: RateRule,
  now = Date.now(),
  options: GateOptions = {},
): WriteGate => {
  const { userId, sessionId } = caller;
  if (sessionId === null) throw unauthorized();
  const facts: GateFacts = { userId, sessionId, now, window: countedWindow(`writes:${userId}`, rule, now) };
  return {
    ...gateParts(db, facts, options),
    values: valuesByPlaceholder(facts),
    admit: (counted, session) => {
      const [open] = session;
      if (!open) throw unauthorized();
      const until = options.allowSuspended ? null : suspensionUntil(open.suspendedUntil, now);
      if (until !== null) throw suspended(until);
      assertWithinLimit(counted[0]?.count, rule, now);
    },
  };
};
