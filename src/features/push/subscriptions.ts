import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pushSubscriptions } from "../../db/schema";
import { notFound, validationFailed } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { PUSH_DEVICES_MAX } from "../../shared/limits";
import { checkSubscriptionKeys, PushKeyError } from "./encrypt";
import type { SubscribeInput } from "./schema";

export interface PushDevice {
  id: string;
  label: string;
  /** Only the push service's host: the full endpoint is a capability and stays on the server. */
  service: string;
  createdAt: string;
}

const toDevice = (row: { id: string; label: string; endpoint: string; createdAt: Date }): PushDevice => ({
  id: row.id,
  label: row.label,
  service: new URL(row.endpoint).hostname,
  createdAt: row.createdAt.toISOString(),
});

const deviceColumns = {
  id: pushSubscriptions.id,
  label: pushSubscriptions.label,
  endpoint: pushSubscriptions.endpoint,
  createdAt: pushSubscriptions.createdAt,
};

export const listDevices = async (db: Db, { userId }: { userId: string }): Promise<PushDevice[]> =>
  (
    await db
      .select(deviceColumns)
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, userId))
      .orderBy(desc(pushSubscriptions.createdAt), desc(pushSubscriptions.id))
  ).map(toDevice);

/**
 * Stores a browser's subscription for the caller. The endpoint identifies the browser: when it is
 * already stored (the same browser, perhaps signed in as someone else before), that row is taken
 * over with the new keys. The device limit (a browser that subscribes again replaces its own row,
 * never adds one) is part of the one INSERT, so concurrent subscribes
 * cannot pass it.
 */
export const subscribe = async (
  db: Db,
  { userId, input }: { userId: string; input: SubscribeInput },
): Promise<{ device: PushDevice; created: boolean }> => {
  // Keys of the right length may still be no P-256 point: refused now, not skipped on every send.
  await checkSubscriptionKeys(input.keys).catch((error: unknown) => {
    if (!(error instanceof PushKeyError)) throw error;
    throw validationFailed("푸시 구독 키가 올바르지 않습니다.", [
      { path: "keys.p256dh", message: error.message },
    ]);
  });
  const id = newId();
  const now = Date.now();
  const [stored] = await db.batch([
    // Columns in table order: id, user_id, endpoint, p256dh, auth, label, created_at.
    db
      .insert(pushSubscriptions)
      .select(sql`SELECT ${id}, ${userId}, ${input.endpoint}, ${input.keys.p256dh}, ${input.keys.auth},
          ${input.label}, ${now}
        WHERE (SELECT count(*) FROM push_subscriptions WHERE user_id = ${userId} AND endpoint != ${input.endpoint})
          < ${PUSH_DEVICES_MAX}`)
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: {
          userId: sql`excluded.user_id`,
          p256dh: sql`excluded.p256dh`,
          auth: sql`excluded.auth`,
          label: sql`excluded.label`,
        },
      })
      .returning(deviceColumns),
  ]);
  const row = stored[0];
  if (!row) {
    throw validationFailed(`알림을 받을 기기는 ${PUSH_DEVICES_MAX}대까지입니다.`, [
      {
        path: "endpoint",
        message: `알림을 받을 기기는 ${PUSH_DEVICES_MAX}대까지입니다. 다른 기기를 먼저 지우세요.`,
      },
    ]);
  }
  return { device: toDevice(row), created: row.id === id };
};

export const removeDevice = async (db: Db, { userId, deviceId }: { userId: string; deviceId: string }) => {
  const removed = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, deviceId), eq(pushSubscriptions.userId, userId)))
    .returning({ id: pushSubscriptions.id });
  // Someone else's device is as unknown as a missing one.
  if (removed.length === 0) throw notFound("기기");
};
