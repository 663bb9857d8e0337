import { eq } from "drizzle-orm";
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
      createdAt: comments.createdAt,
      updatedAt: comments.updatedAt,
      author: userCardColumnsAs("author"),
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId));

export type CommentRow = Awaited<ReturnType<ReturnType<typeof selectComments>["all"]>>[number];

export const selectComment = (db: Db, commentId: string) =>
  selectComments(db).where(eq(comments.id, commentId));

export const toComment = (row: CommentRow): Comment => {
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    postId: row.postId,
    parentId: row.parentId,
    // A left join without a user gives a card of nulls, not a null card.
    author: deleted || row.author.id === null ? null : toUserCard(row.author),
    body: deleted ? null : row.body,
    deleted,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
};
