import { and, desc, eq, gt, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { compiledSelect, queryBuilder } from "../../db/compiled";
import { follows, posts, postViews, users } from "../../db/schema";
import { notFound, unauthorized } from "../../lib/errors";
import { afterCursor, decodeCursor, type Page, type PageRequest, toPage } from "../../lib/pagination";
import {
  notBlockedFor,
  type PostSummary,
  type SummaryRow,
  type SummaryTuple,
  selectSummaries,
  summariesQuery,
  summaryRowOf,
  toSummary,
  visibleTo,
} from "./summary";

export const POPULAR_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
export const POPULAR_SIZE = 5;

const cursorOf = (row: SummaryRow) => ({ time: row.createdAt.getTime(), id: row.id });

/** A page of rows newest first by (created_at, id), images included: one statement per page. */
const selectPage = (db: Db, viewerId: string | null, filter: SQL | undefined, page: PageRequest) =>
  selectSummaries(db, viewerId)
    .where(
      and(
        filter,
        visibleTo(viewerId),
        afterCursor(posts.createdAt, posts.id, decodeCursor(page.cursor), true),
      ),
    )
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(page.limit + 1);

const toSummaryPage = (rows: SummaryRow[], page: PageRequest): Page<PostSummary> =>
  toPage(rows, page.limit, cursorOf, toSummary);

type Feed = "latest" | "following";

/** A feed page's SELECT in one shape; the request's values are placeholders. */
const feedSelect = (feed: Feed, signedIn: boolean, paged: boolean) => {
  const viewer = signedIn ? sql.placeholder("viewerId") : null;
  const followed =
    feed === "following" && viewer
      ? inArray(
          posts.authorId,
          queryBuilder.select({ id: follows.followeeId }).from(follows).where(eq(follows.followerId, viewer)),
        )
      : undefined;
  const after = paged
    ? afterCursor(
        posts.createdAt,
        posts.id,
        { time: sql.placeholder("cursorTime"), id: sql.placeholder("cursorId") },
        true,
      )
    : undefined;
  return summariesQuery(viewer)
    .where(and(followed, notBlockedFor(viewer), visibleTo(viewer), after))
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(sql.placeholder("limit"));
};

/**
 * The feed query of each shape (which feed, signed in or not, first page or not), compiled once
 * per isolate: the feeds are the most requested reads (db/compiled.ts says why).
 */
const feedQueries = new Map<string, ReturnType<typeof compiledSelect<SummaryTuple>>>();

const feedQuery = (feed: Feed, signedIn: boolean, paged: boolean) => {
  const shape = `${feed}:${signedIn}:${paged}`;
  let query = feedQueries.get(shape);
  if (!query) {
    query = compiledSelect<SummaryTuple>(() => feedSelect(feed, signedIn, paged));
    feedQueries.set(shape, query);
  }
  return query;
};

/**
 * `latest`: everyone's posts; `following`: posts of the people the viewer follows. Either way the
 * posts of users the viewer blocked, or who blocked the viewer, are left out.
 */
export const listFeed = async (
  db: Db,
  viewerId: string | null,
  feed: Feed,
  page: PageRequest,
): Promise<Page<PostSummary>> => {
  if (feed === "following" && !viewerId) throw unauthorized("팔로잉 피드는 로그인이 필요합니다.");
  const cursor = decodeCursor(page.cursor);
  const query = feedQuery(feed, viewerId !== null, cursor !== undefined);
  const rows = await query(db, {
    viewerId,
    cursorTime: cursor?.time,
    cursorId: cursor?.id,
    limit: page.limit + 1,
  });
  return toSummaryPage(rows.map(summaryRowOf), page);
};

/**
 * One user's posts, newest first. The feeds' block rule holds here too: a viewer and a user with a
 * block between them (either way) see none of each other's posts (docs/api/moderation.md).
 */
export const listUserPosts = async (
  db: Db,
  { viewerId, userId, page }: { viewerId: string | null; userId: string; page: PageRequest },
): Promise<Page<PostSummary>> => {
  const [exists, rows] = await db.batch([
    db.select({ id: users.id }).from(users).where(eq(users.id, userId)),
    selectPage(db, viewerId, and(eq(posts.authorId, userId), notBlockedFor(viewerId)), page),
  ]);
  if (exists.length === 0) throw notFound("사용자");
  return toSummaryPage(rows, page);
};

/** The 5 most liked posts created in the last 7 days, ties newest first. */
export const popularPosts = async (
  db: Db,
  viewerId: string | null,
  now = Date.now(),
): Promise<{ items: PostSummary[] }> => {
  const rows = await selectSummaries(db, viewerId)
    .where(
      and(
        gt(posts.createdAt, new Date(now - POPULAR_WINDOW_MS)),
        notBlockedFor(viewerId),
        visibleTo(viewerId),
      ),
    )
    .orderBy(desc(posts.likeCount), desc(posts.createdAt), desc(posts.id))
    .limit(POPULAR_SIZE);
  return { items: rows.map(toSummary) };
};

/** Keeps `post_views` small: only the current hour's rows still decide anything. */
export const purgeOldPostViews = (db: Db, now = Date.now()) =>
  db.delete(postViews).where(lt(postViews.hour, Math.floor(now / 3_600_000)));
