import { app } from "./app";
import { createDb } from "./db/client";
import type { Env } from "./env";
import { runScheduledCleanup } from "./jobs/cleanup";

export type { AppType } from "./app";
export { ChatRoom } from "./realtime/chat-room";
export { Inbox } from "./realtime/inbox";

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runScheduledCleanup(createDb(env.DB), env.IMAGES));
  },
} satisfies ExportedHandler<Env>;
