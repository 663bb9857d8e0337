import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { likes, posts } from "../../db/schema";
import type { Effects } from "../../effects";
import { notFound } from "../../lib/errors";
import { whenTargetGone } from "../../shared/constraint-errors";
import { createdNotifications, recordNotification } from "../notifications/record";

export interface LikeState {
  likeCount: number;
  likedByMe: boolean;
}

const likeState = (db: Db, userId: string, postId: string) =>
  db
    .select({
      likeCount: posts.likeCount,
      likedByMe:
        sql`EXISTS (SELECT 1 FROM ${likes} WHERE ${likes.postId} = "posts"."id" AND ${likes.userId} = ${userId})`
          .mapWith(Boolean)
          .as("liked_by_me"),
      authorId: posts.authorId,
    })
    .from(posts)
    .where(eq(posts.id, postId));

/** The counter is recounted in the same transaction as the change, so it is exact under any concurrency. */
const recountLikes = (db: Db, postId: string) =>
  db
    .update(posts)
    .set({ likeCount: sql`(SELECT count(*) FROM ${likes} WHERE ${likes.postId} = ${postId})` })
    .where(eq(posts.id, postId));

/** PUT (liked = true) or DELETE (false) of the caller's like; repeating either changes nothing. */
export const setLike = async (
  db: Db,
  { viewerId: userId, postId, liked }: { viewerId: string; postId: string; liked: boolean },
  effects: Effects,
): Promise<LikeState> => {
  const [before] = await likeState(db, userId, postId);
  if (!before) throw notFound("게시글");
  const change = liked
    ? db
        .insert(likes)
        .select(sql`SELECT ${posts.id}, ${userId}, ${Date.now()} FROM ${posts} WHERE ${posts.id} = ${postId}`)
        .onConflictDoNothing()
    : db.delete(likes).where(and(eq(likes.postId, postId), eq(likes.userId, userId)));
  if (liked && !before.likedByMe) {
    const [, , notified, [after]] = await whenTargetGone(
      db.batch([
        change,
        recountLikes(db, postId),
        recordNotification(db, {
          recipientId: before.authorId,
          actorId: userId,
          kind: "like",
          targetId: postId,
          postId,
        }),
        likeState(db, userId, postId),
      ]),
      () => notFound("게시글"),
    );
    effects.notify(createdNotifications([notified]));
    if (!after) throw notFound("게시글");
    return { likeCount: after.likeCount, likedByMe: after.likedByMe };
  }
  const [, , [after]] = await db.batch([change, recountLikes(db, postId), likeState(db, userId, postId)]);
  if (!after) throw notFound("게시글");
  return { likeCount: after.likeCount, likedByMe: after.likedByMe };
};
