import { app } from "./app";
import { createDb } from "./db/client";
import type { Env } from "./env";
import { notificationsSince, unreadCount } from "./features/notifications/service";
import { runScheduledCleanup } from "./jobs/cleanup";
import { REMINDER_CRON, sendDueReminders } from "./jobs/reminders";

import { InboxObject, type NotificationReplay } from "./realtime/inbox";

export type { AppType } from "./app";
export { ChatRoom } from "./realtime/chat-room";

/** The Inbox Durable Object, replaying missed notifications from the notifications feature's D1 rows. */
export class Inbox extends InboxObject {
  protected readonly replay: NotificationReplay = { since: notificationsSince, unreadCount };
}

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    if (controller.cron === REMINDER_CRON) {
      ctx.waitUntil(sendDueReminders({ env, waitUntil: (task) => ctx.waitUntil(task) }));
    } else ctx.waitUntil(runScheduledCleanup(createDb(env.DB), env.IMAGES));
  },
} satisfies ExportedHandler<Env>;
