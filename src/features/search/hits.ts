import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { RankCursor } from "./cursor";
import { likeAny, type SearchTerms } from "./terms";

/** How one kind of result is found: its FTS5 table and the source columns LIKE looks at. */
export interface SearchTarget {
  /** The FTS5 table; its rowids are the source table's. */
  fts: "posts_fts" | "users_fts" | "studies_fts";
  /** The source table under the alias `x`. */
  source: SQL;
  /** bm25 column weights, in the FTS table's column order: a hit in a title counts most. */
  weights: number[];
  /** What LIKE searches for short words; the first is the "title" that ranks a LIKE hit higher. */
  columns: SQL[];
  /** The user whose block hides this row from the viewer (and the viewer from them). */
  owner: SQL;
  /** Extra columns returned with each hit. */
  extra?: SQL;
}

export interface Hit {
  id: string;
  rank: number;
  time: number;
}

const notBlocked = (owner: SQL, viewerId: string | null): SQL[] =>
  viewerId
    ? [
        sql`NOT EXISTS (SELECT 1 FROM blocks b
          WHERE (b.blocker_id = ${viewerId} AND b.blocked_id = ${owner})
             OR (b.blocker_id = ${owner} AND b.blocked_id = ${viewerId}))`,
      ]
    : [];

const afterCursor = (cursor: RankCursor | undefined): SQL =>
  cursor
    ? sql`WHERE rank > ${cursor.rank}
        OR (rank = ${cursor.rank} AND (time < ${cursor.time} OR (time = ${cursor.time} AND id < ${cursor.id})))`
    : sql``;

/**
 * One statement per kind, whatever the table size: the best `limit + 1` hits after the cursor,
 * ranked by bm25 (words of 3+ characters, through the trigram index) or, when every word is
 * shorter, by whether the title holds them all; then newest first. Short words next to long ones
 * filter the FTS hits with LIKE.
 */
export const selectHits = <Extra extends object = object>(
  db: Db,
  target: SearchTarget,
  terms: SearchTerms,
  viewerId: string | null,
  cursor: RankCursor | undefined,
  limit: number,
) => {
  const filters = [
    ...terms.likes.map((pattern) => likeAny(target.columns, pattern)),
    ...notBlocked(target.owner, viewerId),
  ];
  const fts = sql.raw(target.fts);
  let from: SQL;
  let rank: SQL;
  if (terms.match) {
    from = sql`${fts} JOIN ${target.source} ON x.rowid = ${fts}.rowid`;
    filters.unshift(sql`${fts} MATCH ${terms.match}`);
    rank = sql`bm25(${fts}, ${sql.raw(target.weights.join(", "))})`;
  } else {
    from = target.source;
    const [title] = target.columns;
    const inTitle = sql.join(
      terms.likes.map((pattern) => sql`${title} LIKE ${pattern} ESCAPE '\\'`),
      sql` AND `,
    );
    rank = sql`CASE WHEN ${inTitle} THEN 0 ELSE 1 END`;
  }
  return db.all<Hit & Extra>(sql`
    WITH hits AS (
      SELECT x.id AS id, ${rank} AS rank, x.created_at AS time ${target.extra ?? sql``}
      FROM ${from}
      WHERE ${sql.join(filters, sql` AND `)}
    )
    SELECT * FROM hits ${afterCursor(cursor)}
    ORDER BY rank, time DESC, id DESC
    LIMIT ${limit + 1}`);
};

export const postTarget: SearchTarget = {
  fts: "posts_fts",
  source: sql`posts x`,
  weights: [3, 1],
  columns: [sql`x.title`, sql`x.body`],
  owner: sql`x.author_id`,
};

export const userTarget: SearchTarget = {
  fts: "users_fts",
  source: sql`users x`,
  weights: [3, 1],
  columns: [sql`x.nickname`, sql`x.bio`],
  owner: sql`x.id`,
  // The card's columns, so users need no second query; never the email.
  extra: sql`, x.nickname AS nickname, x.avatar_key AS avatarKey, x.bio AS bio`,
};

export const studyTarget: SearchTarget = {
  fts: "studies_fts",
  source: sql`studies x`,
  weights: [3, 1, 2],
  columns: [
    sql`x.title`,
    sql`x.description`,
    sql`(SELECT group_concat(t.name, ' ') FROM study_tags t WHERE t.study_id = x.id)`,
  ],
  owner: sql`x.leader_id`,
};
