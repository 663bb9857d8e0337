import * as z from "zod";
import { PUSH_LABEL_MAX } from "../../shared/limits";

/**
 * The push services of the browsers we support. The worker POSTs to whatever endpoint a
 * subscription names, so an endpoint elsewhere would let anyone make the worker send requests to
 * a host of their choosing; only these hosts (and their subdomains) are accepted.
 */
export const PUSH_SERVICE_HOSTS = [
  "fcm.googleapis.com", // Chrome, Edge, Opera, Samsung Internet
  "updates.push.services.mozilla.com", // Firefox
  "push.apple.com", // Safari (web.push.apple.com)
  "notify.windows.com", // Edge's legacy WNS endpoints
] as const;

export const isPushServiceUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (
      url.protocol === "https:" &&
      url.port === "" &&
      PUSH_SERVICE_HOSTS.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`))
    );
  } catch {
    return false;
  }
};

/** base64url of `bytes` bytes, with or without `=` padding. */
const base64Url = (bytes: number, what: string) =>
  z
    .string()
    .regex(
      new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}={0,2}$`),
      `${what} 키 형식이 올바르지 않습니다.`,
    );

/** What `PushSubscription.toJSON()` gives in the browser, plus a name for the device list. */
export const subscribeBody = z.object({
  endpoint: z.string().max(1000).refine(isPushServiceUrl, "알 수 없는 푸시 서비스 주소입니다."),
  // Browsers add `expirationTime`; it is not needed to send.
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({ p256dh: base64Url(65, "p256dh"), auth: base64Url(16, "auth") }),
  label: z.string().trim().max(PUSH_LABEL_MAX).default(""),
});
export type SubscribeInput = z.output<typeof subscribeBody>;

export const subscriptionIdParam = z.object({ id: z.string().min(1).max(64) });
