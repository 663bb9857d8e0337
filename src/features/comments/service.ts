import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { WriteGate } from "../../auth/write-gate";
import type { Db } from "../../db/client";
import { blocks, comments, notifications, posts } from "../../db/schema";
import type { Effects } from "../../effects";
import { blockedInteraction, forbidden, notFound, validationFailed } from "../../lib/errors";
import { newId } from "../../lib/ids";
import type { PageRequest } from "../../lib/pagination";
import { afterCursor, decodeCursor, type Page, toPage } from "../../lib/pagination";
import { addedMentions, mentionsIn } from "../../shared/markdown/mentions";
import { recordMentions } from "../notifications/mentions";
import { pushesOf, recordNotificationWithPush } from "../notifications/record";
import { type Comment, type CommentThread, selectComment, selectComments, toComment } from "./comment";
import { recountComments } from "./count";

const invalidParent = (message: string) => validationFailed(message, [{ path: "parentId", message }]);

/**
 * Top-level comments oldest first, a page at a time, each with all its replies (oldest first).
 * One batch of three statements whatever the page size: the post, the page, the page's replies.
 */
export const listComments = async (
  db: Db,
  { viewerId, postId, page }: { viewerId: string | null; postId: string; page: PageRequest },
): Promise<Page<CommentThread>> => {
  const topLevel = and(
    eq(comments.postId, postId),
    isNull(comments.parentId),
    afterCursor(comments.createdAt, comments.id, decodeCursor(page.cursor), false),
  );
  const pageIds = db
    .select({ id: comments.id })
    .from(comments)
    .where(topLevel)
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(page.limit);
  const [post, rows, replyRows] = await db.batch([
    db
      .select({ id: posts.id })
      .from(posts)
      .where(
        and(
          eq(posts.id, postId),
          viewerId
            ? sql`(${posts.hiddenAt} IS NULL OR ${posts.authorId} = ${viewerId})`
            : isNull(posts.hiddenAt),
        ),
      ),
    selectComments(db)
      .where(topLevel)
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .limit(page.limit + 1),
    selectComments(db)
      .where(inArray(comments.parentId, pageIds))
      .orderBy(asc(comments.createdAt), asc(comments.id)),
  ]);
  if (post.length === 0) throw notFound("게시글");
  const replies = new Map<string, Comment[]>();
  for (const row of replyRows) {
    const list = replies.get(row.parentId ?? "") ?? [];
    list.push(toComment(row, viewerId));
    replies.set(row.parentId ?? "", list);
  }
  return toPage(
    rows,
    page.limit,
    (row) => ({ time: row.createdAt.getTime(), id: row.id }),
    (row) => ({ ...toComment(row, viewerId), replies: replies.get(row.id) ?? [] }),
  );
};

/**
 * Comments on a post, or replies to one of its top-level comments. Notifies the post's author
 * (`comment`) and, for a reply, the parent's author (`reply`); a post author who also wrote the
 * parent gets only the `reply`. One round trip: the write's admission, the post and parent as they
 * stand, the guarded insert, the recount, the new comment and the notifications, whose recipients
 * are read inside the batch; the answer's checks read the same transaction the insert saw.
 */
export const createComment = async (
  db: Db,
  {
    viewerId: authorId,
    postId,
    input,
  }: { viewerId: string; postId: string; input: { body: string; parentId?: string | null | undefined } },
  gate: WriteGate,
  effects: Effects,
): Promise<Comment> => {
  const parentId = input.parentId ?? null;
  const id = newId();
  const now = Date.now();
  const parentStillOpen = parentId
    ? sql`EXISTS (SELECT 1 FROM ${comments} WHERE ${comments.id} = ${parentId} AND ${comments.postId} = ${postId} AND ${comments.parentId} IS NULL AND ${comments.deletedAt} IS NULL)`
    : sql`1`;
  const postAuthor = sql`(SELECT ${posts.authorId} FROM ${posts} WHERE ${posts.id} = ${postId})`;
  const parentAuthor = sql`(SELECT ${comments.authorId} FROM ${comments} WHERE ${comments.id} = ${parentId})`;
  const made = sql`EXISTS (SELECT 1 FROM ${comments} WHERE ${comments.id} = ${id})`;
  const onPost = { targetId: postId, postId, commentId: id, actorId: authorId };
  // No comment on, or reply to, the post or comment of someone with a block either way (API.md §
  // "Realtime limits and blocks"); a hidden post exists only for its author.
  const blockWith = (other: SQL) => sql`EXISTS (SELECT 1 FROM ${blocks}
    WHERE (${blocks.blockerId} = ${other} AND ${blocks.blockedId} = ${authorId})
       OR (${blocks.blockerId} = ${authorId} AND ${blocks.blockedId} = ${other}))`;
  const blocked = parentId
    ? sql`(${blockWith(postAuthor)} OR ${blockWith(parentAuthor)})`
    : blockWith(postAuthor);
  const postVisible = sql`EXISTS (SELECT 1 FROM ${posts} WHERE ${posts.id} = ${postId}
    AND (${posts.hiddenAt} IS NULL OR ${posts.authorId} = ${authorId}))`;
  const [counted, session, [post], [parent], , , [row], , replyPush, , commentPush, mentioned] =
    await db.batch([
      gate.count,
      gate.session,
      db
        .select({
          authorId: posts.authorId,
          visible: sql<number>`${postVisible}`.as("visible"),
          blocked: sql<number>`${blocked}`.as("blocked"),
        })
        .from(posts)
        .where(eq(posts.id, postId)),
      db
        .select({
          postId: comments.postId,
          parentId: comments.parentId,
          authorId: comments.authorId,
          deletedAt: comments.deletedAt,
        })
        .from(comments)
        .where(eq(comments.id, parentId ?? "")),
      db.insert(comments).select(
        // Every column in table order (id, post, parent, author, body, deleted_at, created, updated, hidden).
        sql`SELECT ${id}, ${postId}, ${parentId}, ${authorId}, ${input.body}, NULL, ${now}, ${now}, NULL
          WHERE ${postVisible} AND ${parentStillOpen} AND NOT ${blocked} AND ${gate.open}`,
      ),
      recountComments(db, postId, gate.open),
      selectComment(db, id),
      // The parent's author (none for a top-level comment: the recipient is then NULL).
      ...recordNotificationWithPush(
        db,
        { ...onPost, recipientId: parentAuthor, kind: "reply", onlyIf: made },
        now,
      ),
      ...recordNotificationWithPush(
        db,
        {
          ...onPost,
          recipientId: postAuthor,
          kind: "comment",
          onlyIf: parentId ? sql`${made} AND ${postAuthor} IS NOT ${parentAuthor}` : made,
        },
        now,
      ),
      recordMentions(
        db,
        {
          handles: mentionsIn(input.body),
          actorId: authorId,
          place: { postId, commentId: id },
          onlyIf: made,
        },
        now,
      ),
    ]);
  gate.admit(counted, session);
  if (!post?.visible) throw notFound("게시글");
  if (post.blocked) throw blockedInteraction();
  if (parentId !== null) {
    if (!parent || parent.postId !== postId)
      throw invalidParent("이 게시글의 댓글에만 답글을 달 수 있습니다.");
    if (parent.parentId !== null) throw invalidParent("답글에는 답글을 달 수 없습니다.");
    if (parent.deletedAt !== null) throw invalidParent("삭제된 댓글에는 답글을 달 수 없습니다.");
  }
  if (!row) throw notFound("게시글");
  effects.deliver(pushesOf([replyPush, commentPush]));
  effects.notify(mentioned);
  return toComment(row, authorId);
};

/** The comment as the answer's checks need it; none for a missing or already deleted comment (404). */
const selectLiveComment = (db: Db, commentId: string) =>
  db
    // Named apart: a batch reads rows by column name, and both columns are `author_id`.
    .select({
      authorId: sql<string | null>`${comments.authorId}`.as("comment_author_id"),
      postAuthorId: sql<string>`${posts.authorId}`.as("post_author_id"),
    })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .where(and(eq(comments.id, commentId), isNull(comments.deletedAt)));

/**
 * Edits the caller's own comment; people the edit newly `@`mentions are notified (none named
 * before). Two round trips: the comment as it stands (its body, for the mentions the edit adds),
 * then one batch with the write's admission, the guarded change, the comment after and the
 * notifications. The batch decides the answer (401/429, then 404/403).
 */
export const updateComment = async (
  db: Db,
  { viewerId: userId, commentId, body }: { viewerId: string; commentId: string; body: string },
  gate: WriteGate,
  effects: Effects,
): Promise<Comment> => {
  const [before] = await db
    .select({ postId: comments.postId, body: comments.body })
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.authorId, userId), isNull(comments.deletedAt)));
  const [counted, session, [comment], changed, [row], mentioned] = await db.batch([
    gate.count,
    gate.session,
    selectLiveComment(db, commentId),
    db
      .update(comments)
      .set({ body, updatedAt: new Date() })
      .where(
        and(eq(comments.id, commentId), eq(comments.authorId, userId), isNull(comments.deletedAt), gate.open),
      )
      .returning({ id: comments.id }),
    selectComment(db, commentId),
    recordMentions(db, {
      handles: before ? addedMentions(before.body ?? "", body) : [],
      actorId: userId,
      place: { postId: before?.postId ?? "", commentId },
      onlyIf: sql`EXISTS (SELECT 1 FROM ${comments} WHERE ${comments.id} = ${commentId} AND ${comments.authorId} = ${userId} AND ${comments.deletedAt} IS NULL) AND ${gate.open}`,
    }),
  ]);
  gate.admit(counted, session);
  if (!comment) throw notFound("댓글");
  if (comment.authorId !== userId) throw forbidden("댓글 작성자만 고칠 수 있습니다.");
  if (!row || changed.length === 0) throw notFound("댓글");
  effects.notify(mentioned);
  return toComment(row, userId);
};

/**
 * Deletes a comment (its author or the post's author may). A top-level comment that has replies
 * stays as a placeholder so the replies keep their place; otherwise the row goes. Removing the
 * last reply of a placeholder removes the placeholder too. Decided inside the statements, so a
 * reply arriving meanwhile cannot be lost.
 *
 * One round trip with the write's admission. Every changing statement carries `allowed`, which
 * reads the comment as it stood, so the statements that need it (the recount, the parent's
 * cleanup, the notifications) run before the one that removes or blanks it.
 */
export const deleteComment = async (
  db: Db,
  { viewerId: userId, commentId }: { viewerId: string; commentId: string },
  gate: WriteGate,
) => {
  // Aliased tables: the statements carrying it change `comments` or `posts` themselves.
  const allowed = sql`${gate.open} AND EXISTS (SELECT 1 FROM ${comments} AS target
    INNER JOIN ${posts} AS target_post ON target_post.id = target.post_id
    WHERE target.id = ${commentId} AND target.deleted_at IS NULL
      AND (target.author_id = ${userId} OR target_post.author_id = ${userId}))`;
  const hasReplies = sql`EXISTS (SELECT 1 FROM ${comments} AS reply WHERE reply.parent_id = ${commentId})`;
  const now = new Date();
  const [counted, session, [comment]] = await db.batch([
    gate.count,
    gate.session,
    selectLiveComment(db, commentId),
    // A placeholder's notifications would open a comment that shows nothing.
    db.delete(notifications).where(and(eq(notifications.commentId, commentId), allowed)),
    // The count after this batch: the comment itself stops counting; a placeholder parent removed
    // below was not counted.
    db
      .update(posts)
      .set({
        commentCount: sql`(SELECT count(*) FROM ${comments} WHERE ${comments.postId} = "posts"."id"
          AND ${comments.deletedAt} IS NULL AND ${comments.id} != ${commentId})`,
      })
      .where(and(sql`${posts.id} = (SELECT post_id FROM ${comments} WHERE id = ${commentId})`, allowed)),
    // The parent placeholder whose last reply this is (the reply goes with it, by cascade, or below).
    db
      .delete(comments)
      .where(
        and(
          sql`${comments.id} = (SELECT parent_id FROM ${comments} AS child WHERE child.id = ${commentId})`,
          sql`${comments.deletedAt} IS NOT NULL`,
          sql`NOT EXISTS (SELECT 1 FROM ${comments} AS reply WHERE reply.parent_id = "comments"."id" AND reply.id != ${commentId})`,
          allowed,
        ),
      ),
    db
      .update(comments)
      .set({ authorId: null, body: null, deletedAt: now, updatedAt: now })
      .where(and(eq(comments.id, commentId), hasReplies, allowed)),
    db.delete(comments).where(and(eq(comments.id, commentId), sql`NOT ${hasReplies}`, allowed)),
  ]);
  gate.admit(counted, session);
  if (!comment) throw notFound("댓글");
  if (comment.authorId !== userId && comment.postAuthorId !== userId) {
    throw forbidden("댓글 작성자나 게시글 작성자만 지울 수 있습니다.");
  }
};
