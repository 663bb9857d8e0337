import { and, desc, eq, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queryBuilder } from "../../db/compiled";
import { blocks, images, likes, posts, users } from "../../db/schema";
import { type Image, type ImageRow, toImage } from "../../shared/image";
import { parseMarkdown } from "../../shared/markdown/parse";
import { toPlainText } from "../../shared/markdown/plain";
import { toUserCard, type UserCard, userCardColumnsAs } from "../../shared/user-card";

export interface PostSummary {
  id: string;
  author: UserCard;
  title: string;
  excerpt: string;
  images: Image[];
  likeCount: number;
  commentCount: number;
  viewCount: number;
  likedByMe: boolean;
  createdAt: string;
  updatedAt: string;
  /** Hidden by a moderator; only its author still sees it (API.md § Moderation). */
  hidden: boolean;
}

export interface Post extends PostSummary {
  body: string;
}

/**
 * Who is looking: a user id, a placeholder for it in a query compiled once (feeds.ts), or null for
 * no one signed in.
 */
type Viewer = string | Placeholder | null;

export const EXCERPT_LENGTH = 200;
/**
 * How much of the body the excerpt is made from: Markdown's marks and link targets take room, so
 * more source than excerpt; one character more says the body goes on.
 */
const EXCERPT_SOURCE_LENGTH = 1000;

/**
 * Whether the viewer liked the row's post, computed in the same SELECT (no query per post). Outer
 * columns in subqueries are named literally ("posts"."id"), see users/profile.ts.
 */
const likedByViewer = (viewerId: Viewer) =>
  (viewerId
    ? sql`EXISTS (SELECT 1 FROM ${likes} WHERE ${likes.postId} = "posts"."id" AND ${likes.userId} = ${viewerId})`
    : sql`0`
  )
    .mapWith(Boolean)
    .as("liked_by_me");

/**
 * The post's images in their order as one JSON array, in the same SELECT: a page of any size is
 * one statement. `json_group_array` keeps the order of the ordered subquery it reads.
 */
const imagesJson =
  sql<string>`(SELECT json_group_array(json_object('id', i.id, 'key', i.key, 'width', i.width, 'height', i.height, 'alt', i.alt, 'variantWidths', i.variant_widths))
  FROM (SELECT id, key, width, height, alt, variant_widths FROM ${images} WHERE ${images.postId} = "posts"."id" ORDER BY ${images.position}) AS i)`.as(
    "images_json",
  );

const summaryColumns = (viewerId: Viewer) => ({
  id: posts.id,
  title: posts.title,
  excerptSource: sql<string>`substr(${posts.body}, 1, ${EXCERPT_SOURCE_LENGTH + 1})`.as("excerpt_source"),
  likeCount: posts.likeCount,
  commentCount: posts.commentCount,
  viewCount: posts.viewCount,
  likedByMe: likedByViewer(viewerId),
  createdAt: posts.createdAt,
  updatedAt: posts.updatedAt,
  hiddenAt: posts.hiddenAt,
  imagesJson,
  author: userCardColumnsAs("author"),
});

/** `SELECT` of PostSummary rows (author joined); add `where`, `orderBy`, `limit`. */
export const selectSummaries = (db: Db, viewerId: string | null) =>
  db.select(summaryColumns(viewerId)).from(posts).innerJoin(users, eq(users.id, posts.authorId));

/** The same SELECT without a db, for `compiledSelect`: its rows are `SummaryTuple`s. */
export const summariesQuery = (viewer: Viewer) =>
  queryBuilder.select(summaryColumns(viewer)).from(posts).innerJoin(users, eq(users.id, posts.authorId));

/** `summaryColumns` as stored, in the order they are selected (the author's, nested, last). */
export type SummaryTuple = [
  id: string,
  title: string,
  excerptSource: string,
  likeCount: number,
  commentCount: number,
  viewCount: number,
  likedByMe: number,
  createdAt: number,
  updatedAt: number,
  hiddenAt: number | null,
  imagesJson: string,
  authorId: string,
  authorHandle: string,
  authorNickname: string,
  authorAvatarKey: string | null,
  authorBio: string,
];

/**
 * PostSummary rows of a ranked hit list (a subquery of `id`, `rank`, … joined as `h`), best first,
 * each with its `rank` for the next page's cursor: one statement for hits and summaries.
 */
export const selectRankedSummaries = (db: Db, viewerId: string | null, hits: SQL) =>
  db
    .select({ ...summaryColumns(viewerId), rank: sql<number>`h.rank`.as("hit_rank") })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .innerJoin(sql`(${hits}) AS h`, sql`h.id = ${posts.id}`)
    .orderBy(sql`h.rank`, desc(posts.createdAt), desc(posts.id));

/**
 * A hidden post exists only for its author: everyone else's feeds, lists, search and post page
 * leave it out (API.md § Moderation). Outer columns named literally, as in `likedByViewer`.
 */
export const visibleTo = (viewerId: Viewer): SQL =>
  viewerId
    ? sql`("posts"."hidden_at" IS NULL OR "posts"."author_id" = ${viewerId})`
    : sql`"posts"."hidden_at" IS NULL`;

/** Same as `selectSummaries` plus the full body, for one post (none when hidden from the viewer). */
export const selectPost = (db: Db, { viewerId, postId }: { viewerId: string | null; postId: string }) =>
  db
    .select({ ...summaryColumns(viewerId), body: posts.body })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(eq(posts.id, postId), visibleTo(viewerId)));

export type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>["all"]>>[number];

/** A compiled row as drizzle would have mapped it. */
export const summaryRowOf = ([
  id,
  title,
  excerptSource,
  likeCount,
  commentCount,
  viewCount,
  likedByMe,
  createdAt,
  updatedAt,
  hiddenAt,
  imagesJson,
  authorId,
  handle,
  nickname,
  avatarKey,
  bio,
]: SummaryTuple): SummaryRow => ({
  id,
  title,
  excerptSource,
  likeCount,
  commentCount,
  viewCount,
  likedByMe: Boolean(likedByMe),
  createdAt: new Date(createdAt),
  updatedAt: new Date(updatedAt),
  hiddenAt,
  imagesJson,
  author: { id: authorId, handle, nickname, avatarKey, bio },
});

/** Hides posts whose author blocked the viewer or whom the viewer blocked (feeds only). */
export const notBlockedFor = (viewerId: Viewer): SQL | undefined =>
  viewerId
    ? sql`NOT EXISTS (SELECT 1 FROM ${blocks} WHERE (${blocks.blockerId} = ${viewerId} AND ${blocks.blockedId} = "posts"."author_id") OR (${blocks.blockerId} = "posts"."author_id" AND ${blocks.blockedId} = ${viewerId}))`
    : undefined;

/** API.md: the excerpt is plain text (the body is Markdown), at most 200 characters and `…`. */
export const toExcerpt = (source: string) => {
  const characters = [...toPlainText(parseMarkdown(source))];
  return characters.length > EXCERPT_LENGTH || source.length > EXCERPT_SOURCE_LENGTH
    ? `${characters.slice(0, EXCERPT_LENGTH).join("").trimEnd()}…`
    : characters.join("");
};

/**
 * Excerpts kept per isolate by post id and update time: parsing the Markdown was more than half of
 * a feed page's CPU (measured with the inspector's profiler), and the same posts are served over
 * and over. An edit moves `updatedAt`, so an edited post is parsed again; the oldest entries go
 * first once the map is full.
 */
const excerpts = new Map<string, string>();
const EXCERPT_CACHE_SIZE = 2000;

const excerptOf = (row: { id: string; updatedAt: Date; excerptSource: string }) => {
  const key = `${row.id}:${row.updatedAt.getTime()}`;
  const cached = excerpts.get(key);
  if (cached !== undefined) return cached;
  const excerpt = toExcerpt(row.excerptSource);
  if (excerpts.size >= EXCERPT_CACHE_SIZE) {
    const oldest = excerpts.keys().next();
    if (!oldest.done) excerpts.delete(oldest.value);
  }
  excerpts.set(key, excerpt);
  return excerpt;
};

/** `imagesJson` back to Images; the column is built above, so its shape is known. */
const parseImages = (json: string): Image[] => {
  const rows: ImageRow[] = JSON.parse(json);
  return rows.map(toImage);
};

export const toSummary = (row: SummaryRow): PostSummary => ({
  id: row.id,
  author: toUserCard(row.author),
  title: row.title,
  excerpt: excerptOf(row),
  images: parseImages(row.imagesJson),
  likeCount: row.likeCount,
  commentCount: row.commentCount,
  viewCount: row.viewCount,
  likedByMe: row.likedByMe,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  hidden: row.hiddenAt !== null,
});

export const toPost = (row: SummaryRow & { body: string }): Post => ({ ...toSummary(row), body: row.body });
