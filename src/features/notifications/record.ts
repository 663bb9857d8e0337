import { type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { notifications } from "../../db/schema";
import { newId } from "../../lib/ids";
import type { NotificationKind } from "../../shared/notification-kinds";
import { selectPush } from "./service";

// What a writer needs to push what its batch read (other features import only this file).
export { type NotificationPush, pushesOf, selectPush } from "./service";

export const NOTIFICATION_DEDUPE_MS = 24 * 60 * 60 * 1000;

/**
 * What a notification records. Ids may also be `sql.placeholder`s, for a batch drizzle builds once
 * (see `compiledStatement`).
 */
export interface NotificationEvent {
  /** A user id, or SQL that reads it inside the batch (the author of a post not read before). */
  recipientId: string | SQL;
  actorId: string | Placeholder;
  kind: NotificationKind;
  /** The key for de-duplication: actor id (follow), post, room or study id. */
  targetId: string | Placeholder;
  postId?: string | Placeholder;
  commentId?: string;
  roomId?: string;
  studyId?: string;
  /**
   * A further condition, for a change that may turn out to be a no-op inside its own batch (a join
   * that found no seat): the notification is recorded only when it holds.
   */
  onlyIf?: SQL;
}

/**
 * The recipient has not switched this kind off (API.md § "Privacy and notification settings"):
 * `users.settings` holds only changed switches, so an absent one is on.
 */
const switchedOn = (recipient: string | SQL, kind: NotificationKind) =>
  sql`NOT EXISTS (SELECT 1 FROM users s WHERE s.id = ${recipient}
        AND json_extract(s.settings, ${`$.notify.${kind}`}) = 0)`;

/**
 * One conditional INSERT that applies every rule of API.md § Notifications at once: nothing for
 * your own action, nothing between two users when either blocked the other, nothing of a kind the
 * recipient switched off, and nothing when the same (actor, kind, target) already notified the
 * recipient in the last 24 hours.
 *
 * It returns a batchable statement so the notification commits in the same D1 transaction as the
 * change that causes it; its result rows carry the new notification's id (none when suppressed).
 * Put it AFTER the statement that makes the change, so a failed change never notifies.
 */
export const recordNotification = (
  db: Db,
  event: NotificationEvent,
  now: number | Placeholder = Date.now(),
  id: string | Placeholder = newId(),
) =>
  // A query builder, not `db.all(sql)`: drizzle 0.45 cannot put a raw statement with bound
  // parameters into a D1 batch (it reads a prepared statement the raw query never made). The
  // SELECT lists every column of `notifications` in table order, as INSERT … SELECT requires.
  db
    .insert(notifications)
    .select(sql`
    SELECT ${id}, ${event.recipientId}, ${event.actorId}, ${event.kind}, ${event.targetId},
           ${event.postId ?? null}, ${event.commentId ?? null}, ${event.roomId ?? null}, ${event.studyId ?? null},
           NULL, ${now}
    WHERE ${event.recipientId} != ${event.actorId}
      AND NOT EXISTS (
        SELECT 1 FROM blocks
        WHERE (blocker_id = ${event.recipientId} AND blocked_id = ${event.actorId})
           OR (blocker_id = ${event.actorId} AND blocked_id = ${event.recipientId}))
      AND NOT EXISTS (
        SELECT 1 FROM notifications
        WHERE user_id = ${event.recipientId} AND actor_id = ${event.actorId} AND kind = ${event.kind}
          AND target_id = ${event.targetId} AND created_at > ${now} - ${NOTIFICATION_DEDUPE_MS})
      AND ${switchedOn(event.recipientId, event.kind)}
      AND ${event.onlyIf ?? sql`1`}`)
    .returning({ id: notifications.id, userId: notifications.userId });

/** The notifications a batch actually created, from the results of `recordNotification`. */
export const createdNotifications = (results: { id: string; userId: string }[][]) => results.flat();

/**
 * `recordNotification` followed by the read of what its push carries (the notification as the API
 * shows it and the recipient's unread count), for the same batch: after the commit the push goes
 * out with what the batch returned, without another round trip (`pushesOf`, `effects.deliver`).
 */
export const recordNotificationWithPush = (db: Db, event: NotificationEvent, now = Date.now()) => {
  const id = newId();
  return [recordNotification(db, event, now, id), selectPush(db, id)] as const;
};

export interface FanOutEvent {
  /** A statement selecting the recipients as one column named `user_id`. */
  recipients: SQL;
  actorId: string;
  kind: NotificationKind;
  targetId: string;
  postId?: string;
  commentId?: string;
  roomId?: string;
  studyId?: string;
  onlyIf?: SQL;
}

/**
 * `recordNotification` for many recipients in ONE statement (a study's members, the members going
 * to a session), with the same rules per recipient: never the actor, nothing across a block,
 * nothing switched off (`study_session` is a switch too), nothing repeated within 24 hours. Batchable; its rows are the created notifications.
 */
export const recordNotificationFanOut = (db: Db, event: FanOutEvent, now = Date.now()) =>
  // Same column order as `recordNotification`; ids are 20 random hex characters (ids are opaque).
  db
    .insert(notifications)
    .select(sql`
    SELECT lower(hex(randomblob(10))), r.user_id, ${event.actorId}, ${event.kind}, ${event.targetId},
           ${event.postId ?? null}, ${event.commentId ?? null}, ${event.roomId ?? null}, ${event.studyId ?? null},
           NULL, ${now}
    FROM (${event.recipients}) r
    WHERE r.user_id != ${event.actorId}
      AND NOT EXISTS (
        SELECT 1 FROM blocks
        WHERE (blocker_id = r.user_id AND blocked_id = ${event.actorId})
           OR (blocker_id = ${event.actorId} AND blocked_id = r.user_id))
      AND NOT EXISTS (
        SELECT 1 FROM notifications n
        WHERE n.user_id = r.user_id AND n.actor_id = ${event.actorId} AND n.kind = ${event.kind}
          AND n.target_id = ${event.targetId} AND n.created_at > ${now - NOTIFICATION_DEDUPE_MS})
      AND ${switchedOn(sql`r.user_id`, event.kind)}
      AND ${event.onlyIf ?? sql`1`}`)
    .returning({ id: notifications.id, userId: notifications.userId });
