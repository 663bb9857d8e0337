import { and, eq, type SQL, sql } from "drizzle-orm";
import { gateParts, gatePlaceholders, type WriteGate } from "../../auth/write-gate";
import type { Db } from "../../db/client";
import { compiledStatement } from "../../db/compiled";
import { blocks, likes, posts } from "../../db/schema";
import type { Effects } from "../../effects";
import { blockedInteraction, notFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { pushesOf, recordNotification, selectPush } from "../notifications/record";

export interface LikeState {
  likeCount: number;
  likedByMe: boolean;
}

// The like's batch is built once (`likeBatch`): its values are these placeholders.
const userId = sql.placeholder("userId");
const postId = sql.placeholder("postId");
const now = sql.placeholder("now");
const notificationId = sql.placeholder("notificationId");

/**
 * The post as the liker may see it after the change: its count and whether they like it, whether
 * they may see it at all (a hidden post only by its author) and whether a block stands between
 * them and its author (API.md § "Realtime limits and blocks": no likes across a block). The
 * change moves none of the last two, so reading them after it decides the answer as before it.
 */
const likeState = (db: Db) =>
  db
    .select({
      likeCount: posts.likeCount,
      likedByMe:
        sql`EXISTS (SELECT 1 FROM ${likes} WHERE ${likes.postId} = "posts"."id" AND ${likes.userId} = ${userId})`
          .mapWith(Boolean)
          .as("liked_by_me"),
      visible: sql<number>`(${posts.hiddenAt} IS NULL OR ${posts.authorId} = ${userId})`.as("visible"),
      blocked: sql<number>`EXISTS (SELECT 1 FROM ${blocks}
        WHERE (${blocks.blockerId} = ${posts.authorId} AND ${blocks.blockedId} = ${userId})
           OR (${blocks.blockerId} = ${userId} AND ${blocks.blockedId} = ${posts.authorId}))`.as("blocked"),
    })
    .from(posts)
    .where(eq(posts.id, postId));

/** The counter is recounted in the same transaction as the change, so it is exact under any concurrency. */
const recountLikes = (db: Db, open: SQL) =>
  db
    .update(posts)
    .set({ likeCount: sql`(SELECT count(*) FROM ${likes} WHERE ${likes.postId} = ${postId})` })
    .where(and(eq(posts.id, postId), open));

/** The like's own change: the row goes in (guarded) or out. */
const changeOf = (db: Db, liked: boolean, open: SQL) =>
  liked
    ? db
        .insert(likes)
        .select(
          sql`SELECT ${posts.id}, ${userId}, ${now} FROM ${posts} WHERE ${posts.id} = ${postId}
              AND (${posts.hiddenAt} IS NULL OR ${posts.authorId} = ${userId})
              AND NOT EXISTS (SELECT 1 FROM ${blocks}
                WHERE (${blocks.blockerId} = ${posts.authorId} AND ${blocks.blockedId} = ${userId})
                   OR (${blocks.blockerId} = ${userId} AND ${blocks.blockedId} = ${posts.authorId}))
              AND ${open}`,
        )
        .onConflictDoNothing()
    : db.delete(likes).where(and(eq(likes.postId, postId), eq(likes.userId, userId), open));

/**
 * The batch of a like (or an unlike), built once per isolate: the write's admission, the change
 * (guarded on the admission, the post's visibility and the absence of a block), the recount, the
 * author's notification (only when this request made the like: an unlike, or a like already
 * there, never notifies) and the post as the liker now sees it.
 */
const likeBatch = (liked: boolean) => ({
  count: compiledStatement((db) => gateParts(db, gatePlaceholders).count),
  session: compiledStatement((db) => gateParts(db, gatePlaceholders).session),
  change: compiledStatement((db) => changeOf(db, liked, gateParts(db, gatePlaceholders).open)),
  recount: compiledStatement((db) => recountLikes(db, gateParts(db, gatePlaceholders).open)),
  notification: compiledStatement((db) =>
    recordNotification(
      db,
      {
        recipientId: sql`(SELECT ${posts.authorId} FROM ${posts} WHERE ${posts.id} = ${postId})`,
        actorId: userId,
        kind: "like",
        targetId: postId,
        postId,
        onlyIf: sql`EXISTS (SELECT 1 FROM ${likes} WHERE ${likes.postId} = ${postId} AND ${likes.userId} = ${userId} AND ${likes.createdAt} = ${now})`,
      },
      now,
      notificationId,
    ),
  ),
  push: compiledStatement((db) => selectPush(db, notificationId)),
  state: compiledStatement(likeState),
});

const likeBatches = { like: likeBatch(true), unlike: likeBatch(false) };

/**
 * PUT (liked = true) or DELETE (false) of the caller's like; repeating either changes nothing. One
 * round trip (`likeBatch`). The gate's own shape (`gateParts` with `gatePlaceholders`) is the
 * default one: a suspended user may not like.
 */
export const setLike = async (
  db: Db,
  { viewerId, postId: id, liked }: { viewerId: string; postId: string; liked: boolean },
  gate: WriteGate,
  effects: Effects,
): Promise<LikeState> => {
  const batch = liked ? likeBatches.like : likeBatches.unlike;
  const values = { ...gate.values, userId: viewerId, postId: id, now: Date.now(), notificationId: newId() };
  const count = batch.count(db, values);
  const session = batch.session(db, values);
  const push = batch.push(db, values);
  const state = batch.state(db, values);
  const results = await db.$client.batch([
    count.statement,
    session.statement,
    batch.change(db, values).statement,
    batch.recount(db, values).statement,
    batch.notification(db, values).statement,
    push.statement,
    state.statement,
  ]);
  gate.admit(count.read(results[0]), session.read(results[1]));
  const [post] = state.read(results[6]);
  if (!post?.visible) throw notFound("게시글");
  if (liked && post.blocked) throw blockedInteraction();
  effects.deliver(pushesOf([push.read(results[5])]));
  return { likeCount: post.likeCount, likedByMe: post.likedByMe };
};
