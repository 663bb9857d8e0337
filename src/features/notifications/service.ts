import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNull,
  or,
  type Placeholder,
  type SQL,
  sql,
} from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { WriteGate } from "../../auth/write-gate";
import type { Db } from "../../db/client";
import { notifications, posts, studies, users } from "../../db/schema";
import { afterCursor, decodeCursor, type Page, toPage } from "../../lib/pagination";
import type { Notification, NotificationTarget } from "../../realtime/protocol";
import { chunked } from "../../shared/d1";
import { parseSessionTarget } from "../../shared/session-target";
import { toUserCard } from "../../shared/user-card";
import { parseRoomMentionTarget } from "./mentions";

const actor = alias(users, "actor");

/**
 * A notification about hidden content (a hidden post or comment) is left out for its recipient,
 * unless the recipient wrote it, and counts as nothing unread; lifting the hide brings it back
 * (API.md § Moderation). `table` is the name the notifications row goes by in the statement.
 */
const shownToRecipient = (table = "notifications") => {
  const n = sql.raw(`"${table}"`);
  return sql`(${n}.post_id IS NULL OR NOT EXISTS (SELECT 1 FROM posts hp WHERE hp.id = ${n}.post_id
      AND hp.hidden_at IS NOT NULL AND hp.author_id != ${n}.user_id))
    AND (${n}.comment_id IS NULL OR NOT EXISTS (SELECT 1 FROM comments hc WHERE hc.id = ${n}.comment_id
      AND hc.hidden_at IS NOT NULL AND hc.author_id IS NOT ${n}.user_id))`;
};

/**
 * Joined columns that share a name with another (`id`, `title`) are aliased: D1 hands batch rows
 * to drizzle as objects, where a second `id` would overwrite the first (README § Pitfalls).
 */
const notificationColumns = {
  id: notifications.id,
  kind: notifications.kind,
  targetId: notifications.targetId,
  postId: notifications.postId,
  commentId: notifications.commentId,
  roomId: notifications.roomId,
  studyId: notifications.studyId,
  readAt: notifications.readAt,
  createdAt: notifications.createdAt,
  actor: {
    id: sql<string>`${actor.id}`.as("actor_id"),
    handle: sql<string>`${actor.handle}`.as("actor_handle"),
    nickname: sql<string>`${actor.nickname}`.as("actor_nickname"),
    avatarKey: sql<string | null>`${actor.avatarKey}`.as("actor_avatar_key"),
    bio: sql<string>`${actor.bio}`.as("actor_bio"),
  },
  postTitle: sql<string | null>`${posts.title}`.as("post_title"),
  studyTitle: sql<string | null>`${studies.title}`.as("study_title"),
};

const selectNotifications = (db: Db) =>
  db
    .select(notificationColumns)
    .from(notifications)
    .innerJoin(actor, eq(actor.id, notifications.actorId))
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(studies, eq(studies.id, notifications.studyId));

type NotificationRow = Awaited<ReturnType<ReturnType<typeof selectNotifications>["all"]>>[number];

/** What the recipient's open tabs are sent for one new notification. */
export interface NotificationPush {
  userId: string;
  notification: Notification;
  unreadCount: number;
}

/** The notification `id` with its recipient and their unread count (no row when none was created). */
export const selectPush = (db: Db, id: string | Placeholder) =>
  db
    .select({
      ...notificationColumns,
      userId: sql<string>`${notifications.userId}`.as("recipient_id"),
      unreadCount: sql<number>`(SELECT count(*) FROM ${notifications} AS unread
        WHERE unread.user_id = "notifications"."user_id" AND unread.read_at IS NULL
          AND ${shownToRecipient("unread")})`.as("unread_count"),
    })
    .from(notifications)
    .innerJoin(actor, eq(actor.id, notifications.actorId))
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(studies, eq(studies.id, notifications.studyId))
    .where(eq(notifications.id, id));

type PushRow = Awaited<ReturnType<ReturnType<typeof selectPush>["all"]>>[number];

/** The pushes from the results of `selectPush` statements of one batch. */
export const pushesOf = (results: PushRow[][]): NotificationPush[] =>
  results.flat().map((row) => ({
    userId: row.userId,
    notification: toNotification(row),
    unreadCount: Number(row.unreadCount),
  }));

const targetOf = (row: NotificationRow): NotificationTarget => {
  switch (row.kind) {
    case "follow":
      return { type: "user", id: row.actor.id };
    case "comment":
    case "reply":
    case "like": {
      const target = { type: "post" as const, id: row.postId ?? row.targetId, title: row.postTitle ?? "" };
      return row.commentId ? { ...target, commentId: row.commentId } : target;
    }
    case "mention":
      if (row.roomId) return { type: "room", id: row.roomId, seq: parseRoomMentionTarget(row.targetId) };
      return row.commentId
        ? { type: "post", id: row.postId ?? "", title: row.postTitle ?? "", commentId: row.commentId }
        : { type: "post", id: row.postId ?? "", title: row.postTitle ?? "" };
    case "chat_room":
      return { type: "room", id: row.roomId ?? row.targetId };
    case "study_join":
      return { type: "study", id: row.studyId ?? row.targetId, title: row.studyTitle ?? "" };
    case "study_session":
      return {
        type: "session",
        ...parseSessionTarget(row.targetId),
        studyId: row.studyId ?? "",
        title: row.studyTitle ?? "",
      };
  }
};

/** API.md's Notification. */
const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  kind: row.kind,
  actor: toUserCard(row.actor),
  target: targetOf(row),
  read: row.readAt !== null,
  createdAt: row.createdAt.toISOString(),
});

const selectUnreadCount = (db: Db, userId: string) =>
  db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), shownToRecipient()));

export const unreadCount = async (db: Db, userId: string): Promise<number> =>
  (await selectUnreadCount(db, userId).get())?.n ?? 0;

/** The caller's notifications, newest first, with the number still unread. */
export const listNotifications = async (
  db: Db,
  userId: string,
  query: { cursor?: string; limit: number },
): Promise<Page<Notification> & { unreadCount: number }> => {
  const [rows, [unread]] = await db.batch([
    selectNotifications(db)
      .where(
        and(
          eq(notifications.userId, userId),
          shownToRecipient(),
          afterCursor(notifications.createdAt, notifications.id, decodeCursor(query.cursor), true),
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(query.limit + 1),
    selectUnreadCount(db, userId),
  ]);
  const page = toPage(
    rows,
    query.limit,
    (row) => ({ time: row.createdAt.getTime(), id: row.id }),
    toNotification,
  );
  return { ...page, unreadCount: unread?.n ?? 0 };
};

/** Notifications by id, in creation order (for pushing the ones a batch just created). */
export const notificationsByIds = async (db: Db, ids: string[]): Promise<Notification[]> => {
  const rows: NotificationRow[] = [];
  for (const chunk of chunked(ids)) {
    rows.push(...(await selectNotifications(db).where(inArray(notifications.id, chunk))));
  }
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  return rows.map(toNotification);
};

/**
 * What a reconnecting tab missed: the user's notifications created after `sinceId`, oldest first.
 * An unknown `sinceId` (never the user's, or deleted with its post) replays nothing.
 */
export const notificationsSince = async (
  db: Db,
  { userId, sinceId, limit }: { userId: string; sinceId: string; limit: number },
): Promise<Notification[]> => {
  const since = await db
    .select({ createdAt: notifications.createdAt })
    .from(notifications)
    .where(and(eq(notifications.id, sinceId), eq(notifications.userId, userId)))
    .get();
  if (!since) return [];
  const after: SQL | undefined = or(
    gt(notifications.createdAt, since.createdAt),
    and(eq(notifications.createdAt, since.createdAt), gt(notifications.id, sinceId)),
  );
  const rows = await selectNotifications(db)
    .where(and(eq(notifications.userId, userId), after, shownToRecipient()))
    .orderBy(asc(notifications.createdAt), asc(notifications.id))
    .limit(limit);
  return rows.map(toNotification);
};

/** Unread counts of several users at once (users with none are 0). */
export const unreadCounts = async (db: Db, userIds: string[]): Promise<Map<string, number>> => {
  const counts = new Map(userIds.map((id) => [id, 0]));
  for (const chunk of chunked(userIds)) {
    const rows = await db
      .select({ userId: notifications.userId, n: count() })
      .from(notifications)
      .where(and(inArray(notifications.userId, chunk), isNull(notifications.readAt), shownToRecipient()))
      .groupBy(notifications.userId);
    for (const row of rows) counts.set(row.userId, row.n);
  }
  return counts;
};

export type ReadSelection = { ids: string[] } | { all: true };

/**
 * Marks the caller's own notifications read (others' ids are ignored); returns what stays unread.
 * One round trip: the write's admission, the change and the count.
 */
export const markNotificationsRead = async (
  db: Db,
  { userId, selection }: { userId: string; selection: ReadSelection },
  gate: WriteGate,
) => {
  const mine = and(eq(notifications.userId, userId), isNull(notifications.readAt), gate.open);
  const which = "all" in selection ? mine : and(mine, inArray(notifications.id, selection.ids));
  const [counted, session, , [remaining]] = await db.batch([
    gate.count,
    gate.session,
    db.update(notifications).set({ readAt: new Date() }).where(which),
    selectUnreadCount(db, userId),
  ]);
  gate.admit(counted, session);
  return remaining?.n ?? 0;
};
