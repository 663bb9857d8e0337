import { app } from "./app";
import { createDb } from "./db/client";
import type { Env } from "./env";
import { recordRoomMentions } from "./features/notifications/mentions";
import { notificationsSince, unreadCount } from "./features/notifications/service";
import { runScheduledCleanup } from "./jobs/cleanup";
import { REMINDER_CRON, sendDueReminders } from "./jobs/reminders";

import { ChatRoomObject, type RecordRoomMentions } from "./realtime/chat-room";
import { InboxObject, type NotificationReplay } from "./realtime/inbox";

export type { AppType } from "./app";

/** The ChatRoom Durable Object, recording study-room mentions through the notifications feature. */
export class ChatRoom extends ChatRoomObject {
  protected readonly recordMentions: RecordRoomMentions = recordRoomMentions;
}

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
