import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { comments, posts } from "../../db/schema";

/**
 * `comment_count` = the post's comments that are neither deleted nor hidden by a moderator,
 * replies included; recounted in the batch of every change (a comment, a delete, a hide).
 */
export const recountComments = (db: Db, postId: string, open: SQL = sql`1`) =>
  db
    .update(posts)
    .set({
      commentCount: sql`(SELECT count(*) FROM ${comments} WHERE ${comments.postId} = ${postId}
        AND ${comments.deletedAt} IS NULL AND ${comments.hiddenAt} IS NULL)`,
    })
    .where(and(eq(posts.id, postId), open));
