import { and, eq, inArray, isNull, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { WriteGate } from "../../auth/write-gate";
import type { Db } from "../../db/client";
import { images, posts, postViews } from "../../db/schema";
import type { Effects } from "../../effects";
import { forbidden, notFound, validationFailed } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { addedMentions, mentionsIn } from "../../shared/markdown/mentions";
import { recordMentions } from "../notifications/mentions";
import { type Post, selectPost, toPost, visibleTo } from "./summary";

const HOUR_MS = 3_600_000;

const imagesUnavailable = () =>
  validationFailed("첨부할 수 없는 이미지가 있습니다.", [
    { path: "imageIds", message: "only your own images not attached to another post" },
  ]);

/** `CASE id WHEN <first> THEN 0 WHEN <second> THEN 1 … END`: the position each image takes. */
const positionsOf = (ids: string[]) =>
  sql`CASE ${images.id} ${sql.join(
    ids.map((id, index) => sql`WHEN ${id} THEN ${index}`),
    sql` `,
  )} END`;

/** An image no post holds, or (`postId` given) one this post already holds. */
const freeFor = (postId: string | null): SQL | undefined =>
  postId === null ? isNull(images.postId) : or(isNull(images.postId), eq(images.postId, postId));

/**
 * True when every listed image belongs to `ownerId` and is free or already on `postId`. It goes
 * into each statement of the batch, so a concurrent change makes the whole change a no-op instead
 * of half-applied. Statements of the batch never change its value (see callers).
 */
const imagesUsable = (ids: string[], ownerId: string, postId: string | null): SQL => {
  if (ids.length === 0) return sql`1`;
  return sql`(SELECT count(*) FROM ${images} WHERE ${and(inArray(images.id, ids), eq(images.ownerId, ownerId), freeFor(postId))}) = ${ids.length}`;
};

/**
 * Points the listed images at the post, in list order. `heldBy` is the post that may already hold
 * some of them (an edit), null for a new post; `guard` keeps it a no-op when the batch's change did
 * not happen. Without images it is an empty statement, so batch positions stay fixed.
 */
const attachImages = (
  db: Db,
  ids: string[],
  ownerId: string,
  postId: string,
  heldBy: string | null,
  guard: SQL,
) =>
  ids.length > 0
    ? db
        .update(images)
        .set({ postId, position: positionsOf(ids) })
        .where(and(inArray(images.id, ids), eq(images.ownerId, ownerId), freeFor(heldBy), guard))
    : db.run(sql`SELECT 1`);

/**
 * Creates a post and attaches the caller's unattached uploads in the given order, atomically, in
 * one round trip with the write's admission (every statement guarded on it). `@handle`s in the
 * body are notified in the same batch.
 */
export const createPost = async (
  db: Db,
  authorId: string,
  input: { title: string; body: string; imageIds?: string[] | undefined },
  gate: WriteGate,
  effects: Effects,
): Promise<Post> => {
  const ids = input.imageIds ?? [];
  const postId = newId();
  const now = Date.now();
  const usable = imagesUsable(ids, authorId, null);
  const made = sql`EXISTS (SELECT 1 FROM ${posts} WHERE ${posts.id} = ${postId})`;
  const [counted, session, created, , [row], mentioned] = await db.batch([
    gate.count,
    gate.session,
    db
      .insert(posts)
      .select(
        // Every column in table order (id, author, title, body, 3 counters, created, updated, hidden).
        sql`SELECT ${postId}, ${authorId}, ${input.title}, ${input.body}, 0, 0, 0, ${now}, ${now}, NULL WHERE ${usable} AND ${gate.open}`,
      )
      .returning({ id: posts.id }),
    attachImages(db, ids, authorId, postId, null, made),
    selectPost(db, { viewerId: authorId, postId }),
    recordMentions(
      db,
      { handles: mentionsIn(input.body), actorId: authorId, place: { postId }, onlyIf: made },
      now,
    ),
  ]);
  gate.admit(counted, session);
  if (created.length === 0 || !row) throw imagesUnavailable();
  effects.notify(mentioned);
  return toPost(row);
};

/**
 * Reads a post and counts a view unless this viewer already viewed it this hour. The view row is
 * inserted-or-ignored and the counter moves only when that insert changed a row (`changes()`), in
 * one transaction, so concurrent reads by one viewer count once.
 */
export const viewPost = async (
  db: Db,
  { viewerId, viewerKey, postId }: { viewerId: string | null; viewerKey: string; postId: string },
  now = Date.now(),
): Promise<Post> => {
  const hour = Math.floor(now / HOUR_MS);
  const [, , [row]] = await db.batch([
    db
      .insert(postViews)
      .select(
        sql`SELECT ${posts.id}, ${viewerKey}, ${hour} FROM ${posts} WHERE ${posts.id} = ${postId} AND ${visibleTo(viewerId)}`,
      )
      .onConflictDoNothing(),
    db
      .update(posts)
      .set({ viewCount: sql`${posts.viewCount} + 1` })
      .where(and(eq(posts.id, postId), sql`changes() = 1`)),
    selectPost(db, { viewerId, postId }),
  ]);
  if (!row) throw notFound("게시글");
  return toPost(row);
};

/** The post's author, read in the write's batch: 404 when the post is missing, 403 when not the caller. */
const selectAuthor = (db: Db, postId: string) =>
  db.select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, postId));

const assertAuthor = (post: { authorId: string } | undefined, userId: string) => {
  if (!post) throw notFound("게시글");
  if (post.authorId !== userId) throw forbidden("작성자만 할 수 있습니다.");
};

/**
 * The caller's post's body as it stands, read before an edit that changes the body: the mentions
 * the edit adds are found by comparing the two (so such an edit costs a second round trip). Null
 * when it is not the caller's post: the batch answers that, after the admission.
 */
const ownBodyBefore = async (db: Db, { userId, postId }: { userId: string; postId: string }) => {
  const [post] = await db
    .select({ body: posts.body })
    .from(posts)
    .where(and(eq(posts.id, postId), eq(posts.authorId, userId)));
  return post?.body ?? null;
};

/** The caller wrote the post: with the write's admission, the guard of every statement of an edit or delete. */
const authoredBy = (postId: string, userId: string) =>
  sql`EXISTS (SELECT 1 FROM ${posts} WHERE ${posts.id} = ${postId} AND ${posts.authorId} = ${userId})`;

/**
 * Edits a post. `imageIds`, when given, is the complete new ordered list: new entries must be the
 * caller's unattached uploads, entries left out are deleted (rows now, R2 objects after the answer).
 * One round trip (two when the body changes, see `ownBodyBefore`): the admission, the author as it
 * stands, the guarded changes, the post after and the new mentions' notifications.
 */
export const updatePost = async (
  db: Db,
  {
    viewerId: userId,
    postId,
    changes,
  }: {
    viewerId: string;
    postId: string;
    changes: { title?: string | undefined; body?: string | undefined; imageIds?: string[] | undefined };
  },
  gate: WriteGate,
  effects: Effects,
): Promise<Post> => {
  const before = changes.body === undefined ? null : await ownBodyBefore(db, { userId, postId });
  // Only people the edit newly names are notified (API.md § Content).
  const added = before === null || changes.body === undefined ? [] : addedMentions(before, changes.body);
  const ids = changes.imageIds;
  // Deleting images outside the list and re-attaching those in it never changes this value, nor
  // does any statement of the batch change the author or the admission.
  const allowed =
    and(imagesUsable(ids ?? [], userId, postId), authoredBy(postId, userId), gate.open) ?? sql`0`;
  const set = {
    ...(changes.title !== undefined ? { title: changes.title } : {}),
    ...(changes.body !== undefined ? { body: changes.body } : {}),
    updatedAt: new Date(),
  };
  const [counted, session, [post], updated, dropped, , [row], mentioned] = await db.batch([
    gate.count,
    gate.session,
    selectAuthor(db, postId),
    db
      .update(posts)
      .set(set)
      .where(and(eq(posts.id, postId), allowed))
      .returning({ id: posts.id }),
    ids !== undefined
      ? db
          .delete(images)
          .where(
            and(eq(images.postId, postId), ids.length > 0 ? notInArray(images.id, ids) : undefined, allowed),
          )
          .returning({ key: images.key })
      : db.all<{ key: string }>(sql`SELECT NULL AS key WHERE 0`),
    attachImages(db, ids ?? [], userId, postId, postId, allowed),
    selectPost(db, { viewerId: userId, postId }),
    recordMentions(db, { handles: added, actorId: userId, place: { postId }, onlyIf: allowed }),
  ]);
  gate.admit(counted, session);
  assertAuthor(post, userId);
  if (!row) throw notFound("게시글");
  if (updated.length === 0) throw imagesUnavailable();
  effects.deleteObjects(dropped.map((image) => image.key));
  effects.notify(mentioned);
  return toPost(row);
};

/** Deletes a post (one round trip); cascades take its comments, likes, views, notifications and image rows. */
export const deletePost = async (
  db: Db,
  { viewerId: userId, postId }: { viewerId: string; postId: string },
  gate: WriteGate,
  effects: Effects,
) => {
  const [counted, session, [post], removedImages] = await db.batch([
    gate.count,
    gate.session,
    selectAuthor(db, postId),
    db
      .delete(images)
      .where(and(eq(images.postId, postId), authoredBy(postId, userId), gate.open))
      .returning({ key: images.key }),
    db.delete(posts).where(and(eq(posts.id, postId), eq(posts.authorId, userId), gate.open)),
  ]);
  gate.admit(counted, session);
  assertAuthor(post, userId);
  effects.deleteObjects(removedImages.map((image) => image.key));
};
