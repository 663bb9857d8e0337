import { type SQL, sql } from "drizzle-orm";
import { handlePrefixRange } from "../../shared/handle";
import type { RankCursor } from "./cursor";
import type { SearchTerms } from "./terms";

/** How one kind of result is found: its two FTS5 indexes, both keyed by the source table's rowid. */
export interface SearchTarget {
  /** The trigram index, for words of 3+ characters. */
  fts: "posts_fts" | "users_fts" | "studies_fts";
  /** The gram index, for words of 1–2 characters (migration 0002_search_grams). */
  grams: "posts_grams" | "users_grams" | "studies_grams";
  /** The source table under the alias `x`. */
  source: SQL;
  /** bm25 column weights, in both indexes' column order: a hit in a title counts most. */
  weights: number[];
  /** The user whose block hides this row from the viewer (and the viewer from them). */
  owner: SQL;
  /** Extra columns returned with each hit. */
  extra?: SQL;
  /** Whether the viewer may see the row (a hidden post: only its author). */
  visible?: (viewerId: string | null) => SQL;
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

/** The page after the cursor of some ranked rows `(id, rank, time, …)`: best rank, then newest. */
const pageOf = (hits: SQL, cursor: RankCursor | undefined, take: number): SQL => sql`
    WITH hits AS (${hits})
    SELECT * FROM hits ${afterCursor(cursor)}
    ORDER BY rank, time DESC, id DESC
    LIMIT ${take}`;

/**
 * A kind's rows that match the words, each with its bm25 score. The index that ranks is the trigram
 * one when there is a word of 3+ characters, else the gram one; the short words next to long ones
 * narrow the trigram hits through the gram index. Either way only index hits are read, never the
 * whole table. `except` leaves out rows another branch already found.
 */
const textHits = (target: SearchTarget, terms: SearchTerms, viewerId: string | null, except?: SQL): SQL => {
  const grams = sql.raw(target.grams);
  const ranking = terms.match === null ? grams : sql.raw(target.fts);
  const filters = [sql`${ranking} MATCH ${terms.match ?? terms.gramMatch}`];
  if (terms.match !== null && terms.gramMatch !== null) {
    filters.push(sql`x.rowid IN (SELECT rowid FROM ${grams} WHERE ${grams} MATCH ${terms.gramMatch})`);
  }
  filters.push(...notBlocked(target.owner, viewerId));
  if (target.visible) filters.push(target.visible(viewerId));
  if (except) filters.push(sql`NOT (${except})`);
  const rank = sql`bm25(${ranking}, ${sql.raw(target.weights.join(", "))})`;
  return sql`
      SELECT x.id AS id, ${rank} AS rank, x.created_at AS time ${target.extra ?? sql``}
      FROM ${ranking} JOIN ${target.source} ON x.rowid = ${ranking}.rowid
      WHERE ${sql.join(filters, sql` AND `)}`;
};

/**
 * One subquery per kind, whatever the table size: the best `take` hits after the cursor, then
 * newest first.
 */
export const hitsQuery = (
  target: SearchTarget,
  terms: SearchTerms,
  viewerId: string | null,
  cursor: RankCursor | undefined,
  take: number,
): SQL => pageOf(textHits(target, terms, viewerId), cursor, take);

/**
 * The rank of a handle hit: below any bm25 score (negative, and above -16 words × 2.2 × ln(2 ×
 * rows), i.e. above -10⁴ for any table D1 can hold), so handle hits come before text hits. Plus the handle's length: the
 * exact handle (as long as the prefix typed) first, then the closer prefixes. An exact number, not a
 * score, so the cursor's (rank, time, id) pages through handle and text hits alike.
 */
export const HANDLE_RANK = -1_000_000_000;

const handleStartsWith = (prefix: string) => {
  const { from, below } = handlePrefixRange(prefix);
  return sql`x.handle >= ${from} AND x.handle < ${below}`;
};

/**
 * Users: when q can start a handle, the users whose handle starts with it (a range on the unique
 * handle index, so only its hits are read), then the text hits of everyone else — each user once.
 */
export const userHitsQuery = (
  terms: SearchTerms,
  viewerId: string | null,
  cursor: RankCursor | undefined,
  take: number,
): SQL => {
  if (terms.handlePrefix === null) return hitsQuery(userTarget, terms, viewerId, cursor, take);
  const byHandle = handleStartsWith(terms.handlePrefix);
  const handleHits = sql`
      SELECT x.id AS id, ${HANDLE_RANK} + length(x.handle) AS rank, x.created_at AS time ${userTarget.extra}
      FROM users x
      WHERE ${sql.join([byHandle, ...notBlocked(userTarget.owner, viewerId)], sql` AND `)}`;
  return pageOf(
    sql`${handleHits} UNION ALL ${textHits(userTarget, terms, viewerId, byHandle)}`,
    cursor,
    take,
  );
};

export const postTarget: SearchTarget = {
  fts: "posts_fts",
  grams: "posts_grams",
  source: sql`posts x`,
  weights: [3, 1],
  owner: sql`x.author_id`,
  visible: (viewerId) =>
    viewerId ? sql`(x.hidden_at IS NULL OR x.author_id = ${viewerId})` : sql`x.hidden_at IS NULL`,
};

export const userTarget = {
  fts: "users_fts",
  grams: "users_grams",
  source: sql`users x`,
  weights: [3, 1],
  owner: sql`x.id`,
  // The card's columns, so users need no second query; never the email.
  extra: sql`, x.handle AS handle, x.nickname AS nickname, x.avatar_key AS avatarKey, x.bio AS bio`,
} satisfies SearchTarget;

export const studyTarget: SearchTarget = {
  fts: "studies_fts",
  grams: "studies_grams",
  source: sql`studies x`,
  weights: [3, 1, 2],
  owner: sql`x.leader_id`,
};
