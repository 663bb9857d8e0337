import { app } from "./app";
import { createDb } from "./db/client";
import type { Env } from "./env";
import { runScheduledCleanup } from "./jobs/cleanup";
import { REMINDER_CRON, sendDueReminders } from "./jobs/reminders";

export type { AppType } from "./app";
export { ChatRoom } from "./realtime/chat-room";
export { Inbox } from "./realtime/inbox";

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    if (controller.cron === REMINDER_CRON) {
      ctx.waitUntil(sendDueReminders({ env, waitUntil: (task) => ctx.waitUntil(task) }));
    } else ctx.waitUntil(runScheduledCleanup(createDb(env.DB), env.IMAGES));
  },
} satisfies ExportedHandler<Env>;
