import { and, eq, type SQL, sql } from "drizzle-orm";
import type { WriteGate } from "../../auth/write-gate";
import type { Db } from "../../db/client";
import { blocks, likes, posts } from "../../db/schema";
import type { Effects } from "../../effects";
import { blockedInteraction, notFound } from "../../lib/errors";
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
 * Where the post stands for this liker: whether they may see it (a hidden post only by its
 * author) and whether a block stands between them and its author (API.md § "Realtime limits and
 * blocks": no likes across a block). Read inside the write's batch.
 */
const postFor = (db: Db, userId: string, postId: string) =>
  db
    .select({
      visible: sql<number>`(${posts.hiddenAt} IS NULL OR ${posts.authorId} = ${userId})`.as("visible"),
      blocked: sql<number>`EXISTS (SELECT 1 FROM ${blocks}
        WHERE (${blocks.blockerId} = ${posts.authorId} AND ${blocks.blockedId} = ${userId})
           OR (${blocks.blockerId} = ${userId} AND ${blocks.blockedId} = ${posts.authorId}))`.as("blocked"),
    })
    .from(posts)
    .where(eq(posts.id, postId));

/**
 * PUT (liked = true) or DELETE (false) of the caller's like; repeating either changes nothing. One
 * round trip: the write's admission, the post as the liker may see it, the change (guarded on the
 * admission, the post's visibility and the absence of a block), the recount, the author's
 * notification (only when this request made the like) and the new state.
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
          sql`SELECT ${posts.id}, ${userId}, ${now} FROM ${posts} WHERE ${posts.id} = ${postId}
              AND (${posts.hiddenAt} IS NULL OR ${posts.authorId} = ${userId})
              AND NOT EXISTS (SELECT 1 FROM ${blocks}
                WHERE (${blocks.blockerId} = ${posts.authorId} AND ${blocks.blockedId} = ${userId})
                   OR (${blocks.blockerId} = ${userId} AND ${blocks.blockedId} = ${posts.authorId}))
              AND ${gate.open}`,
        )
        .onConflictDoNothing()
    : db.delete(likes).where(and(eq(likes.postId, postId), eq(likes.userId, userId), gate.open));
  // Only a like this request made notifies (an unlike, or a like already there, never does).
  const madeNow = sql`EXISTS (SELECT 1 FROM ${likes} WHERE ${likes.postId} = ${postId} AND ${likes.userId} = ${userId} AND ${likes.createdAt} = ${now})`;
  const [counted, session, [post], , , , pushed, [after]] = await db.batch([
    gate.count,
    gate.session,
    postFor(db, userId, postId),
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
  if (!after || !post?.visible) throw notFound("게시글");
  if (liked && post.blocked) throw blockedInteraction();
  effects.deliver(pushesOf([pushed]));
  return { likeCount: after.likeCount, likedByMe: after.likedByMe };
};
