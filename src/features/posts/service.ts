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

/** 404 when the post is missing, 403 when the caller is not its author; else the body as it was. */
const requireAuthor = async (db: Db, { userId, postId }: { userId: string; postId: string }) => {
  const [post] = await db
    .select({ authorId: posts.authorId, body: posts.body })
    .from(posts)
    .where(eq(posts.id, postId));
  if (!post) throw notFound("게시글");
  if (post.authorId !== userId) throw forbidden("작성자만 할 수 있습니다.");
  return post;
};

/**
 * Edits a post. `imageIds`, when given, is the complete new ordered list: new entries must be the
 * caller's unattached uploads, entries left out are deleted (rows now, R2 objects after the answer).
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
  effects: Effects,
): Promise<Post> => {
  const before = await requireAuthor(db, { userId, postId });
  const ids = changes.imageIds;
  // Only people the edit newly names are notified (API.md § Content).
  const added = changes.body === undefined ? [] : addedMentions(before.body, changes.body);
  // Deleting images outside the list and re-attaching those in it never changes this value.
  const usable = imagesUsable(ids ?? [], userId, postId);
  const set = {
    ...(changes.title !== undefined ? { title: changes.title } : {}),
    ...(changes.body !== undefined ? { body: changes.body } : {}),
    updatedAt: new Date(),
  };
  const [updated, dropped, , [row], mentioned] = await db.batch([
    db
      .update(posts)
      .set(set)
      .where(and(eq(posts.id, postId), usable))
      .returning({ id: posts.id }),
    ids !== undefined
      ? db
          .delete(images)
          .where(
            and(eq(images.postId, postId), ids.length > 0 ? notInArray(images.id, ids) : undefined, usable),
          )
          .returning({ key: images.key })
      : db.all<{ key: string }>(sql`SELECT NULL AS key WHERE 0`),
    attachImages(db, ids ?? [], userId, postId, postId, usable),
    selectPost(db, { viewerId: userId, postId }),
    recordMentions(db, { handles: added, actorId: userId, place: { postId }, onlyIf: usable }),
  ]);
  if (!row) throw notFound("게시글");
  if (updated.length === 0) throw imagesUnavailable();
  effects.deleteObjects(dropped.map((image) => image.key));
  effects.notify(mentioned);
  return toPost(row);
};

/** Deletes a post; cascades take its comments, likes, views, notifications and image rows. */
export const deletePost = async (
  db: Db,
  { viewerId: userId, postId }: { viewerId: string; postId: string },
  effects: Effects,
) => {
  await requireAuthor(db, { userId, postId });
  const [removedImages] = await db.batch([
    db.delete(images).where(eq(images.postId, postId)).returning({ key: images.key }),
    db.delete(posts).where(and(eq(posts.id, postId), eq(posts.authorId, userId))),
  ]);
  effects.deleteObjects(removedImages.map((image) => image.key));
};
