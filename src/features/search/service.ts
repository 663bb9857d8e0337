import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { toUserCard, type UserCard } from "../../shared/user-card";
import { type PostSummary, selectRankedSummaries, toSummary } from "../posts/summary";
import { type Study, selectRankedStudyRows, toStudy } from "../studies/load";
import { decodeRankCursor, encodeRankCursor, type RankCursor } from "./cursor";
import { hitsQuery, postTarget, studyTarget, userHitsQuery } from "./hits";
import type { SearchInput } from "./schema";
import { parseTerms } from "./terms";

export interface SearchResult {
  posts: PostSummary[];
  users: UserCard[];
  studies: Study[];
  nextCursor: string | null;
  /** The lower-cased words the results matched, for the client to highlight. */
  terms: string[];
}

/** A user hit carries the card's columns itself (never the email). */
const selectUserHits = (db: Db, hits: ReturnType<typeof userHitsQuery>) =>
  db
    .select({
      id: sql<string>`id`,
      rank: sql<number>`rank`,
      time: sql<number>`time`,
      handle: sql<string>`handle`,
      nickname: sql<string>`nickname`,
      avatarKey: sql<string | null>`avatarKey`,
      bio: sql<string>`bio`,
    })
    .from(sql`(${hits})`)
    .orderBy(sql`rank`, sql`time DESC`, sql`id DESC`);

/**
 * API.md § Search. With `type=all`, up to `limit` of each kind and no `nextCursor`; with one type,
 * that kind's page and the cursor of the next. One D1 round trip whatever the number of hits: a
 * batch of one statement per kind, each its ranked hits joined to everything its items show (a
 * kind not asked for reads nothing: LIMIT 0).
 */
export const search = async (
  db: Db,
  viewerId: string | null,
  input: SearchInput,
  today: string,
): Promise<SearchResult> => {
  const terms = parseTerms(input.q);
  const cursor = decodeRankCursor(input.cursor);
  // One row past the page says there is more.
  const take = (type: SearchInput["type"]) =>
    input.type === "all" || input.type === type ? input.limit + 1 : 0;
  const hitsOf = (target: Parameters<typeof hitsQuery>[0], type: SearchInput["type"]) =>
    hitsQuery(target, terms, viewerId, cursor, take(type));
  const [postRows, userRows, studyRows] = await db.batch([
    selectRankedSummaries(db, viewerId, hitsOf(postTarget, "posts")),
    selectUserHits(db, userHitsQuery(terms, viewerId, cursor, take("users"))),
    selectRankedStudyRows(db, viewerId, hitsOf(studyTarget, "studies")),
  ]);
  const kept = <T>(rows: T[]) => rows.slice(0, input.limit);
  const lastOf = {
    posts: () =>
      nextCursorOf(postRows, input.limit, (row) => ({
        rank: row.rank,
        time: row.createdAt.getTime(),
        id: row.id,
      })),
    users: () =>
      nextCursorOf(userRows, input.limit, (row) => ({ rank: row.rank, time: row.time, id: row.id })),
    studies: () =>
      nextCursorOf(studyRows, input.limit, (row) => ({ rank: row.rank, time: row.createdAt, id: row.id })),
  };
  return {
    posts: kept(postRows).map(toSummary),
    users: kept(userRows).map(toUserCard),
    studies: kept(studyRows).map((row) => toStudy(row, today)),
    nextCursor: input.type === "all" ? null : lastOf[input.type](),
    terms: terms.words,
  };
};

/** The probe row beyond `limit` says there is more; the cursor is the last row shown. */
const nextCursorOf = <T>(rows: T[], limit: number, positionOf: (row: T) => RankCursor) => {
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return last ? encodeRankCursor(positionOf(last)) : null;
};
