import { fillPlaceholders, type Query } from "drizzle-orm";
import type { Db } from "./client";

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
 * A statement of a write batch that drizzle builds once per isolate, with its per-request values
 * left as `sql.placeholder`s; each request binds its values on its own db (its D1 session) and
 * puts the statement in its batch. Results are mapped by drizzle, with the builder's own fields.
 *
 * Why: building the SQL of a write's batch anew on each request was the largest part of the
 * worker's own CPU on the like (inspector profile under `bench/compare.mjs like`: drizzle's `sql`,
 * `is` and `mergeQueries` ahead of everything of ours). The builder is built on the first request
 * with that request's db; its prepared D1 statement is never run.
 * Placeholders are filled as they are, not through a column's encoder: pass driver values.
 */
export const compiledStatement = <Builder extends Preparable & PromiseLike<unknown>>(
  build: (db: Db) => Builder,
) => {
  let prepared: ReturnType<Preparable["prepare"]> | undefined;
  return (db: Db, values: Record<string, unknown>): BoundStatement<Awaited<Builder>> => {
    const compiled = prepared ?? build(db).prepare();
    prepared = compiled;
    const query = compiled.getQuery();
    return {
      statement: db.$client.prepare(query.sql).bind(...fillPlaceholders(query.params, values)),
      // drizzle's own mapping of this builder's batch result: the builder's result type.
      read: (result) => {
        if (!result) throw new Error("the batch answered fewer results than it had statements");
        return compiled.mapResult(result, true) as Awaited<Builder>;
      },
    };
  };
};
