import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pushSubscriptions } from "../../db/schema";
import type { VapidConfig } from "../../lib/config";
import { chunked } from "../../shared/d1";
import { encryptPushMessage } from "./encrypt";
import { vapidAuthorizer } from "./vapid";

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
 * reports as gone (404/410) is deleted; any other failure (unusable keys included) is logged, that
 * device is skipped and the subscription left for the next time. Returns how many devices accepted it.
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
  const plaintext = new TextEncoder().encode(JSON.stringify(notice));
  const authorization = vapidAuthorizer(vapid);
  const expired: string[] = [];
  let delivered = 0;
  await Promise.all(
    targets.map(async (target) => {
      try {
        const [body, vapidHeader] = await Promise.all([
          encryptPushMessage({ p256dh: target.p256dh, auth: target.auth }, plaintext),
          authorization(target.endpoint),
        ]);
        const response = await fetch(target.endpoint, {
          method: "POST",
          headers: {
            Authorization: vapidHeader,
            // RFC 8291 §4: aes128gcm only, its parameters travel in the body's header.
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            // RFC 8030 §5.2–5.3: how long the service keeps it for an offline device, how soon it wakes one.
            TTL: String(options.ttl),
            Urgency: options.urgency,
          },
          body,
        });
        await response.body?.cancel();
        if (response.ok) delivered += 1;
        else if (isExpired(response.status)) expired.push(target.id);
        else console.error(`web push: ${new URL(target.endpoint).host} answered ${response.status}`);
      } catch (error) {
        // The host only: the full endpoint is a capability and stays out of the logs.
        console.error(`web push to ${new URL(target.endpoint).host} failed`, error);
      }
    }),
  );
  for (const chunk of chunked(expired)) {
    await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, chunk));
  }
  return delivered;
};
