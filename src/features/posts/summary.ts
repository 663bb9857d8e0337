import { asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { blocks, images, likes, posts, users } from "../../db/schema";
import { type Image, toImage } from "../../shared/image";
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
}

export interface Post extends PostSummary {
  body: string;
}

export const EXCERPT_LENGTH = 200;

/**
 * Whether the viewer liked the row's post, computed in the same SELECT (no query per post). Outer
 * columns in subqueries are named literally ("posts"."id"), see users/profile.ts.
 */
const likedByViewer = (viewerId: string | null) =>
  (viewerId
    ? sql`EXISTS (SELECT 1 FROM ${likes} WHERE ${likes.postId} = "posts"."id" AND ${likes.userId} = ${viewerId})`
    : sql`0`
  )
    .mapWith(Boolean)
    .as("liked_by_me");

const summaryColumns = (viewerId: string | null) => ({
  id: posts.id,
  title: posts.title,
  // One character more than the excerpt shows, to know whether the body goes on.
  excerptSource: sql<string>`substr(${posts.body}, 1, ${EXCERPT_LENGTH + 1})`.as("excerpt_source"),
  likeCount: posts.likeCount,
  commentCount: posts.commentCount,
  viewCount: posts.viewCount,
  likedByMe: likedByViewer(viewerId),
  createdAt: posts.createdAt,
  updatedAt: posts.updatedAt,
  author: userCardColumnsAs("author"),
});

/** `SELECT` of PostSummary rows (author joined); add `where`, `orderBy`, `limit`. */
export const selectSummaries = (db: Db, viewerId: string | null) =>
  db.select(summaryColumns(viewerId)).from(posts).innerJoin(users, eq(users.id, posts.authorId));

/** Same as `selectSummaries` plus the full body, for one post. */
export const selectPost = (db: Db, { viewerId, postId }: { viewerId: string | null; postId: string }) =>
  db
    .select({ ...summaryColumns(viewerId), body: posts.body })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(eq(posts.id, postId));

export type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>["all"]>>[number];

/** Hides posts whose author blocked the viewer or whom the viewer blocked (feeds only). */
export const notBlockedFor = (viewerId: string | null): SQL | undefined =>
  viewerId
    ? sql`NOT EXISTS (SELECT 1 FROM ${blocks} WHERE (${blocks.blockerId} = ${viewerId} AND ${blocks.blockedId} = "posts"."author_id") OR (${blocks.blockerId} = "posts"."author_id" AND ${blocks.blockedId} = ${viewerId}))`
    : undefined;

const imageColumns = {
  id: images.id,
  key: images.key,
  width: images.width,
  height: images.height,
  alt: images.alt,
  postId: images.postId,
};

/** The images of the given posts in their order: one query for a whole page. */
export const selectImagesOf = (db: Db, postIds: string[]) =>
  db
    .select(imageColumns)
    .from(images)
    .where(inArray(images.postId, postIds))
    .orderBy(asc(images.postId), asc(images.position));

export type ImageOfPostRow = Awaited<ReturnType<ReturnType<typeof selectImagesOf>["all"]>>[number];

const toExcerpt = (source: string) => {
  const characters = [...source.replace(/\s+/g, " ").trim()];
  return characters.length > EXCERPT_LENGTH
    ? `${characters.slice(0, EXCERPT_LENGTH).join("")}…`
    : characters.join("");
};

const groupImages = (rows: ImageOfPostRow[]) => {
  const byPost = new Map<string, Image[]>();
  for (const row of rows) {
    if (!row.postId) continue;
    const list = byPost.get(row.postId) ?? [];
    list.push(toImage(row));
    byPost.set(row.postId, list);
  }
  return byPost;
};

export const toSummary = (row: SummaryRow, postImages: Image[]): PostSummary => ({
  id: row.id,
  author: toUserCard(row.author),
  title: row.title,
  excerpt: toExcerpt(row.excerptSource),
  images: postImages,
  likeCount: row.likeCount,
  commentCount: row.commentCount,
  viewCount: row.viewCount,
  likedByMe: row.likedByMe,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** Summaries for a page of rows with one more query (their images) whatever the page size. */
export const withImages = async (db: Db, rows: SummaryRow[]): Promise<PostSummary[]> => {
  if (rows.length === 0) return [];
  const byPost = groupImages(
    await selectImagesOf(
      db,
      rows.map((row) => row.id),
    ),
  );
  return rows.map((row) => toSummary(row, byPost.get(row.id) ?? []));
};

export const toPost = (row: SummaryRow & { body: string }, imageRows: ImageOfPostRow[]): Post => ({
  ...toSummary(row, imageRows.map(toImage)),
  body: row.body,
});
