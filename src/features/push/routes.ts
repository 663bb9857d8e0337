import { Hono } from "hono";
import { requireAuth } from "../../auth/middleware";
import type { AppEnv } from "../../lib/context";
import { notFound } from "../../lib/errors";
import { validate } from "../../lib/validate";
import { subscribeBody, subscriptionIdParam } from "./schema";
import { listDevices, removeDevice, subscribe } from "./subscriptions";

/** `/api/push/key`: the VAPID public key a browser subscribes with (404 while push is not configured). */
export const pushKeyRoutes = new Hono<AppEnv>().get("/key", (c) => {
  const vapid = c.var.config.vapid;
  if (!vapid) throw notFound("푸시 설정", "push_not_configured");
  return c.json({ publicKey: vapid.publicKey });
});

/** `/api/users/me/push-subscriptions`: the caller's devices that receive Web Push. */
export const pushSubscriptionRoutes = new Hono<AppEnv>()
  .get("/", requireAuth, async (c) =>
    c.json({ items: await listDevices(c.var.db, { userId: c.var.userId }) }),
  )
  .post("/", requireAuth, validate("json", subscribeBody), async (c) => {
    const { device, created } = await subscribe(c.var.db, {
      userId: c.var.userId,
      input: c.req.valid("json"),
    });
    return c.json(device, created ? 201 : 200);
  })
  .delete("/:id", requireAuth, validate("param", subscriptionIdParam), async (c) => {
    await removeDevice(c.var.db, { userId: c.var.userId, deviceId: c.req.valid("param").id });
    return c.body(null, 204);
  });
