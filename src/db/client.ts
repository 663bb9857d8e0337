import { drizzle } from "drizzle-orm/d1";

/**
 * A db per request (its D1 session). Without `schema`: drizzle would rebuild the relational-query
 * config of every table on each call (measured at ~9% of the feed's CPU), and nothing uses
 * `db.query`; the query builders take the tables from `./schema` directly.
 */
export const createDb = (d1: D1Database) => drizzle(d1);

export type Db = ReturnType<typeof createDb>;

/**
 * A D1 session (Sessions API) in the binding's shape, for drizzle 0.45, whose types take only the
 * binding: queries and batches go through the session, so reads may be served by a replica as
 * fresh as the session's bookmark. drizzle calls nothing else; the rest is the binding's own.
 */
export const sessionAsDatabase = (session: D1DatabaseSession, binding: D1Database): D1Database => ({
  prepare: (query) => session.prepare(query),
  batch: <T>(statements: D1PreparedStatement[]) => session.batch<T>(statements),
  exec: (query) => binding.exec(query),
  dump: () => binding.dump(),
  withSession: (constraintOrBookmark) => binding.withSession(constraintOrBookmark),
});
