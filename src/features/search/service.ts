import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { posts } from "../../db/schema";
import { toUserCard, type UserCard, type UserCardRow } from "../../shared/user-card";
import { type PostSummary, selectSummaries, withImages } from "../posts/summary";
import { loadStudies, type Study } from "../studies/load";
import { decodeRankCursor, encodeRankCursor } from "./cursor";
import { type Hit, postTarget, type SearchTarget, selectHits, studyTarget, userTarget } from "./hits";
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

/** PostSummaries in the order of `ids`, through the posts feature's own loader. */
const postSummaries = async (db: Db, viewerId: string | null, ids: string[]) => {
  if (ids.length === 0) return [];
  const rows = await selectSummaries(db, viewerId).where(inArray(posts.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return withImages(
    db,
    ids.flatMap((id) => byId.get(id) ?? []),
  );
};

/**
 * API.md § Search. With `type=all`, up to `limit` of each kind and no `nextCursor`; with one type,
 * that kind's page and the cursor of the next. The number of statements is fixed whatever the
 * number of hits: one ranked hit query per kind (side by side), then post summaries, their images
 * and the studies (users come whole from their hit query): at most six.
 */
export const search = async (
  db: Db,
  viewerId: string | null,
  input: SearchInput,
  today: string,
): Promise<SearchResult> => {
  const terms = parseTerms(input.q);
  const cursor = decodeRankCursor(input.cursor);
  const wants = (type: SearchInput["type"]) => input.type === "all" || input.type === type;
  const hitsOf = <Extra extends object>(target: SearchTarget) =>
    selectHits<Extra>(db, target, terms, viewerId, cursor, input.limit);
  const [postHits, userHits, studyHits] = await Promise.all([
    wants("posts") ? hitsOf(postTarget) : [],
    wants("users") ? hitsOf<UserCardRow>(userTarget) : [],
    wants("studies") ? hitsOf(studyTarget) : [],
  ]);
  const kept = <T extends Hit>(hits: T[]) => hits.slice(0, input.limit);
  const [postItems, studyItems] = await Promise.all([
    postSummaries(
      db,
      viewerId,
      kept(postHits).map((hit) => hit.id),
    ),
    loadStudies(db, { ids: kept(studyHits).map((hit) => hit.id), viewerId, today }),
  ]);
  return {
    posts: postItems,
    users: kept(userHits).map(toUserCard),
    studies: studyItems,
    nextCursor:
      input.type === "all"
        ? null
        : nextCursorOf({ posts: postHits, users: userHits, studies: studyHits }[input.type], input.limit),
    terms: terms.words,
  };
};

/** The probe row beyond `limit` says there is more; the cursor is the last row shown. */
const nextCursorOf = (hits: Hit[], limit: number) => {
  const last = hits.length > limit ? hits[limit - 1] : undefined;
  return last ? encodeRankCursor({ rank: last.rank, time: last.time, id: last.id }) : null;
};
