import { and, eq, type SQL, sql } from "drizzle-orm";
import type { WriteGate } from "../../auth/write-gate";
import type { Db } from "../../db/client";
import { likes, posts } from "../../db/schema";
import type { Effects } from "../../effects";
import { notFound } from "../../lib/errors";
import { pushesOf, recordNotificationWithPush } from "../notifications/record";

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
    })
    .from(posts)
    .where(eq(posts.id, postId));

/** The counter is recounted in the same transaction as the change, so it is exact under any concurrency. */
const recountLikes = (db: Db, postId: string, open: SQL) =>
  db
    .update(posts)
    .set({ likeCount: sql`(SELECT count(*) FROM ${likes} WHERE ${likes.postId} = ${postId})` })
    .where(and(eq(posts.id, postId), open));

/**
 * PUT (liked = true) or DELETE (false) of the caller's like; repeating either changes nothing. One
 * round trip: the write's admission, the change (guarded on the admission and the post), the
 * recount, the author's notification (only when this request made the like) and the new state.
 */
export const setLike = async (
  db: Db,
  { viewerId: userId, postId, liked }: { viewerId: string; postId: string; liked: boolean },
  gate: WriteGate,
  effects: Effects,
): Promise<LikeState> => {
  const now = Date.now();
  const change = liked
    ? db
        .insert(likes)
        .select(
          sql`SELECT ${posts.id}, ${userId}, ${now} FROM ${posts} WHERE ${posts.id} = ${postId} AND ${gate.open}`,
        )
        .onConflictDoNothing()
    : db.delete(likes).where(and(eq(likes.postId, postId), eq(likes.userId, userId), gate.open));
  // Only a like this request made notifies (an unlike, or a like already there, never does).
  const madeNow = sql`EXISTS (SELECT 1 FROM ${likes} WHERE ${likes.postId} = ${postId} AND ${likes.userId} = ${userId} AND ${likes.createdAt} = ${now})`;
  const [counted, session, , , , pushed, [after]] = await db.batch([
    gate.count,
    gate.session,
    change,
    recountLikes(db, postId, gate.open),
    ...recordNotificationWithPush(
      db,
      {
        recipientId: sql`(SELECT ${posts.authorId} FROM ${posts} WHERE ${posts.id} = ${postId})`,
        actorId: userId,
        kind: "like",
        targetId: postId,
        postId,
        onlyIf: madeNow,
      },
      now,
    ),
    likeState(db, userId, postId),
  ]);
  gate.admit(counted, session);
  if (!after) throw notFound("게시글");
  effects.deliver(pushesOf([pushed]));
  return { likeCount: after.likeCount, likedByMe: after.likedByMe };
};
