import { buildPushPayload } from "@block65/webcrypto-web-push";
import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pushSubscriptions } from "../../db/schema";
import type { VapidConfig } from "../../lib/config";
import { chunked } from "../../shared/d1";

/** What the service worker shows (src/web/public/sw.js reads exactly these fields). */
export interface PushNotice {
  title: string;
  body: string;
  /** The SPA path a click opens. */
  url: string;
  /** Notifications with the same tag replace each other on the device. */
  tag: string;
}

export interface PushOptions {
  /** Seconds (not ms) the push service keeps it for an offline device (a reminder is useless after the start). */
  ttl: number;
  urgency: "low" | "normal" | "high";
}

/** Gone for good (RFC 8030 §7.3: 404 and 410 mean the subscription expired or was removed). */
const isExpired = (status: number) => status === 404 || status === 410;

/**
 * Sends one notice to every device of these users: the payload is encrypted per subscription
 * (RFC 8291, aes128gcm) and signed with the VAPID key (RFC 8292). A subscription the push service
 * reports as gone (404/410) is deleted; any other failure is logged and left for the next time.
 * Returns how many devices accepted it.
 */
export const sendWebPush = async (
  db: Db,
  vapid: VapidConfig,
  { userIds, notice, options }: { userIds: string[]; notice: PushNotice; options: PushOptions },
): Promise<number> => {
  const unique = [...new Set(userIds)];
  const targets: { id: string; endpoint: string; p256dh: string; auth: string }[] = [];
  for (const chunk of chunked(unique)) {
    targets.push(
      ...(await db
        .select({
          id: pushSubscriptions.id,
          endpoint: pushSubscriptions.endpoint,
          p256dh: pushSubscriptions.p256dh,
          auth: pushSubscriptions.auth,
        })
        .from(pushSubscriptions)
        .where(inArray(pushSubscriptions.userId, chunk))),
    );
  }
  const expired: string[] = [];
  let delivered = 0;
  await Promise.all(
    targets.map(async (target) => {
      try {
        const request = await buildPushPayload(
          { data: { ...notice }, options: { ttl: options.ttl, urgency: options.urgency } },
          {
            endpoint: target.endpoint,
            expirationTime: null,
            keys: { p256dh: target.p256dh, auth: target.auth },
          },
          vapid,
        );
        const response = await fetch(target.endpoint, {
          method: "POST",
          headers: request.headers,
          body: request.body,
        });
        await response.body?.cancel();
        if (response.ok) delivered += 1;
        else if (isExpired(response.status)) expired.push(target.id);
        else console.error(`web push: ${new URL(target.endpoint).host} answered ${response.status}`);
      } catch (error) {
        console.error("web push failed", error);
      }
    }),
  );
  for (const chunk of chunked(expired)) {
    await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, chunk));
  }
  return delivered;
};
