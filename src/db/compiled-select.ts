import { fillPlaceholders, type Query } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";

/** Builds queries without a database, for `compiledSelect`. */
export const queryBuilder = new QueryBuilder();

/**
 * A SELECT that drizzle builds once per isolate, with its per-request values left as
 * `sql.placeholder`s, then runs on each request's db (its D1 session) with the values filled in.
 * Rows come back as arrays of the columns in the order they were selected: `Row` is that tuple,
 * which the caller declares next to its selection and its tests hold to the drizzle-built query.
 *
 * Why not drizzle's own `select()` for such a query: on the latest feed, building the SQL anew for
 * each request and mapping every column of every row through drizzle were a third of the worker's
 * CPU (inspector profile under `bench/compare.mjs feed`), for a query whose text never changes.
 * Placeholders are filled as they are, not through a column's encoder: pass driver values (a time
 * as its Unix milliseconds).
 */
export const compiledSelect = <Row extends unknown[]>(build: () => { toSQL(): Query }) => {
  let query: Query | undefined;
  return (db: Db, values: Record<string, unknown>): Promise<Row[]> => {
    query ??= build().toSQL();
    return db.$client
      .prepare(query.sql)
      .bind(...fillPlaceholders(query.params, values))
      .raw<Row>();
  };
};
