import { fillPlaceholders, type Query } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";

// Statements drizzle builds once per isolate, with their per-request values left as
// `sql.placeholder`s, then bound on each request's db (its D1 session). Placeholders are filled as
// they are, not through a column's encoder: pass driver values (a time as its Unix milliseconds).

/** Builds queries without a database, for `compiledSelect`. */
export const queryBuilder = new QueryBuilder();

const bound = (db: Db, query: Query, values: Record<string, unknown>) =>
  db.$client.prepare(query.sql).bind(...fillPlaceholders(query.params, values));

/**
 * A SELECT run on its own. Rows come back as arrays of the columns in the order they were
 * selected: `Row` is that tuple, which the caller declares next to its selection and its tests hold
 * to the drizzle-built query.
 *
 * Why not drizzle's own `select()` for such a query: on the latest feed, building the SQL anew for
 * each request and mapping every column of every row through drizzle were a third of the worker's
 * CPU (inspector profile under `bench/compare.mjs feed`), for a query whose text never changes.
 */
export const compiledSelect = <Row extends unknown[]>(build: () => { toSQL(): Query }) => {
  let query: Query | undefined;
  return (db: Db, values: Record<string, unknown>): Promise<Row[]> => {
    query ??= build().toSQL();
    return bound(db, query, values).raw<Row>();
  };
};

/** What `compiledStatement` needs of a drizzle query builder: its prepared query. */
interface Preparable {
  prepare(): { getQuery(): Query; mapResult(response: unknown, isFromBatch?: boolean): unknown };
}

/** A compiled statement with this request's values, ready for `db.$client.batch`. */
export interface BoundStatement<Result> {
  statement: D1PreparedStatement;
  /** The statement's result in the batch, as drizzle maps it for the builder. */
  read: (result: D1Result | undefined) => Result;
}

/**
 * A statement of a write batch: each request puts it, bound, in its batch and reads its result
 * mapped by drizzle with the builder's own fields. The builder is built on the first request with
 * that request's db; its prepared D1 statement is never run.
 *
 * Why: building the SQL of a write's batch anew on each request was the largest part of the
 * worker's own CPU on the like (inspector profile under `bench/compare.mjs like`: drizzle's `sql`,
 * `is` and `mergeQueries` ahead of everything of ours).
 */
export const compiledStatement = <Builder extends Preparable & PromiseLike<unknown>>(
  build: (db: Db) => Builder,
) => {
  let prepared: ReturnType<Preparable["prepare"]> | undefined;
  return (db: Db, values: Record<string, unknown>): BoundStatement<Awaited<Builder>> => {
    const compiled = prepared ?? build(db).prepare();
    prepared = compiled;
    return {
      statement: bound(db, compiled.getQuery(), values),
      // drizzle's own mapping of this builder's batch result: the builder's result type.
      read: (result) => {
        if (!result) throw new Error("the batch answered fewer results than it had statements");
        return compiled.mapResult(result, true) as Awaited<Builder>;
      },
    };
  };
};
