import { api, call } from "../api/client";
import type { PushDevice } from "../api/types";

/** The one service worker (src/web/public/sw.js, registered by lib/service-worker.ts): offline shell and Web Push. */
export const SERVICE_WORKER_URL = "/sw.js";

export const pushSupported = () =>
  "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

const keyBytes = (base64Url: string) => {
  const binary = atob(base64Url.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
};

/** A name for the device list: the browser and platform the user agent admits to. */
const deviceLabel = () => {
  const agent = navigator.userAgent;
  const browser = /Edg\//.test(agent)
    ? "Edge"
    : /Firefox\//.test(agent)
      ? "Firefox"
      : /Chrome\//.test(agent)
        ? "Chrome"
        : /Safari\//.test(agent)
          ? "Safari"
          : "Browser";
  const platform = /Android/.test(agent)
    ? "Android"
    : /iPhone|iPad/.test(agent)
      ? "iOS"
      : /Mac OS X/.test(agent)
        ? "macOS"
        : /Windows/.test(agent)
          ? "Windows"
          : /Linux/.test(agent)
            ? "Linux"
            : "";
  return platform ? `${browser} · ${platform}` : browser;
};

export type PushOutcome = "enabled" | "denied" | "unsupported";

/**
 * Asks for permission, subscribes this browser with the server's VAPID key and stores the
 * subscription as one of the caller's devices. Re-running it on the same browser updates that row.
 */
export const enablePush = async (): Promise<PushOutcome> => {
  if (!pushSupported()) return "unsupported";
  const { publicKey } = await call(api.push.key.$get());
  if ((await Notification.requestPermission()) !== "granted") return "denied";
  await navigator.serviceWorker.register(SERVICE_WORKER_URL);
  const registration = await navigator.serviceWorker.ready;
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(publicKey),
    }));
  const { endpoint, keys, expirationTime } = subscription.toJSON();
  if (!endpoint || !keys?.p256dh || !keys.auth) throw new Error("push subscription without keys");
  await call(
    api.users.me["push-subscriptions"].$post({
      json: {
        endpoint,
        expirationTime: expirationTime ?? null,
        keys: { p256dh: keys.p256dh, auth: keys.auth },
        label: deviceLabel(),
      },
    }),
  );
  return "enabled";
};

export const listDevices = async (): Promise<PushDevice[]> =>
  (await call(api.users.me["push-subscriptions"].$get())).items;

export const removeDevice = (id: string) =>
  call(api.users.me["push-subscriptions"][":id"].$delete({ param: { id } }));
