import { createDb } from "../../db/client";
import type { Env } from "../../env";
import { inboxStub } from "../../realtime/internal";
import type { Notification } from "../../realtime/protocol";
import { notificationsByIds, unreadCounts } from "./service";

export interface CreatedNotification {
  id: string;
  userId: string;
}

/**
 * Pushes notifications that just committed to their recipients' Inbox Durable Objects: each
 * `notification` frame (actor card and target filled in from D1), then that user's `unread` count.
 * Call it in `executionCtx.waitUntil(...)` after the batch that recorded them. A failed push is
 * only logged: the rows are in D1, and a tab that missed them replays them with `since`.
 */
export const publishNotifications = async (env: Env, created: CreatedNotification[]): Promise<void> => {
  if (created.length === 0) return;
  try {
    const db = createDb(env.DB);
    const items = await notificationsByIds(
      db,
      created.map((row) => row.id),
    );
    const byUser = new Map<string, Notification[]>();
    for (const row of created) byUser.set(row.userId, []);
    const recipientOf = new Map(created.map((row) => [row.id, row.userId]));
    for (const item of items) byUser.get(recipientOf.get(item.id) ?? "")?.push(item);
    const counts = await unreadCounts(db, [...byUser.keys()]);
    const pushes = await Promise.allSettled(
      [...byUser].map(([userId, notifications]) =>
        inboxStub(env, userId).deliver(notifications, counts.get(userId) ?? 0),
      ),
    );
    for (const push of pushes) {
      if (push.status === "rejected") console.error("notification push failed", push.reason);
    }
  } catch (error) {
    console.error("notification publish failed", error);
  }
};
