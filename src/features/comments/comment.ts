import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { comments, users } from "../../db/schema";
import { toUserCard, type UserCard, userCardColumnsAs } from "../../shared/user-card";

export interface Comment {
  id: string;
  postId: string;
  parentId: string | null;
  author: UserCard | null;
  body: string | null;
  deleted: boolean;
  /** Hidden by a moderator: only its author sees it so (to everyone else it reads as deleted). */
  hidden: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CommentThread extends Comment {
  replies: Comment[];
}

/** `SELECT` of comments with their author's card (null for a placeholder). */
export const selectComments = (db: Db) =>
  db
    .select({
      id: comments.id,
      postId: comments.postId,
      parentId: comments.parentId,
      body: comments.body,
      deletedAt: comments.deletedAt,
      hiddenAt: comments.hiddenAt,
      // Named apart from the card's `author_id`: batch rows are objects keyed by column name.
      authorId: sql<string | null>`${comments.authorId}`.as("comment_author_id"),
      createdAt: comments.createdAt,
      updatedAt: comments.updatedAt,
      author: userCardColumnsAs("author"),
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId));

export type CommentRow = Awaited<ReturnType<ReturnType<typeof selectComments>["all"]>>[number];

export const selectComment = (db: Db, commentId: string) =>
  selectComments(db).where(eq(comments.id, commentId));

/**
 * API.md's Comment as `viewerId` sees it: a hidden comment reads as a deleted placeholder to
 * everyone but its author (so the replies under it keep their place), who sees `hidden: true`.
 */
export const toComment = (row: CommentRow, viewerId: string | null): Comment => {
  const hidden = row.hiddenAt !== null;
  const deleted = row.deletedAt !== null || (hidden && row.authorId !== viewerId);
  return {
    id: row.id,
    postId: row.postId,
    parentId: row.parentId,
    // A left join without a user gives a card of nulls, not a null card.
    author: deleted || row.author.id === null ? null : toUserCard(row.author),
    body: deleted ? null : row.body,
    deleted,
    hidden: hidden && !deleted,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
};
