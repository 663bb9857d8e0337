import { Hono } from "hono";
import { requireAuth, requireAuthInBatchSelfCare } from "../../auth/middleware";
import type { AppEnv } from "../../lib/context";
import { pageQuery } from "../../lib/pagination";
import { validate } from "../../lib/validate";
import { openInboxSocket, requireTicket } from "../../realtime/upgrade";
import { markReadBody, notificationSocketQuery } from "./schema";
import { listNotifications, markNotificationsRead } from "./service";

/** `/api/notifications`: the caller's notifications. */
export const notificationRoutes = new Hono<AppEnv>()
  .get("/", requireAuth, validate("query", pageQuery), async (c) =>
    c.json(await listNotifications(c.var.db, c.var.userId, c.req.valid("query"))),
  )
  .post("/read", requireAuthInBatchSelfCare, validate("json", markReadBody), async (c) => {
    const userId = c.var.userId;
    const unreadCount = await markNotificationsRead(
      c.var.db,
      { userId, selection: c.req.valid("json") },
      c.var.writeGate,
    );
    // Every tab of the user, this one included, shows the new count.
    c.var.effects.pushUnread({ userId, unreadCount });
    return c.json({ unreadCount });
  });

/**
 * `/api/notifications/ws`: the live socket. Mounted apart (see app.ts): the Durable Object's 101
 * response has immutable headers, so no header middleware may run on it.
 */
export const notificationSocketRoutes = new Hono<AppEnv>().get(
  "/ws",
  requireTicket,
  validate("query", notificationSocketQuery),
  async (c) => openInboxSocket(c.env, c.req.raw, c.var.ticket),
);
