import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../../src/db/client";
import { pushSubscriptions } from "../../src/db/schema";
import { PushKeyError } from "../../src/features/push/encrypt";
import { sendWebPush } from "../../src/features/push/send";
import { subscribe } from "../../src/features/push/subscriptions";
import { readConfig } from "../../src/lib/config";
import { base64UrlEncode } from "../../src/lib/ids";
import { signUp } from "../helpers";
import { count } from "../studies/fixtures";
import { browserSubscription, decryptPush, fakePushService, verifyVapid } from "./fake-push-service";

const db = () => createDb(env.DB);
const vapid = () => {
  const config = readConfig(env).vapid;
  if (!config) throw new Error("the test config sets VAPID keys");
  return config;
};
const notice = {
  title: "알고리즘 스터디",
  body: "모임이 1시간 뒤에 시작합니다.",
  url: "/studies/s1",
  tag: "session:s1",
};
const options = { ttl: 3600, urgency: "high" as const };

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe("sendWebPush", () => {
  it("encrypts the payload per RFC 8291 (aes128gcm) and signs it with VAPID (RFC 8292)", async () => {
    const user = await signUp();
    const browser = await browserSubscription();
    await subscribe(db(), { userId: user.id, input: { ...browser, label: "노트북" } });
    const push = fakePushService();
    restore = push.restore;

    expect(await sendWebPush(db(), vapid(), { userIds: [user.id], notice, options })).toBe(1);

    expect(push.deliveries).toHaveLength(1);
    const [delivery] = push.deliveries;
    if (!delivery) throw new Error("no delivery");
    expect(delivery.endpoint).toBe(browser.endpoint);
    expect(delivery.headers.get("Content-Encoding")).toBe("aes128gcm");
    expect(delivery.headers.get("TTL")).toBe("3600");
    expect(delivery.headers.get("Urgency")).toBe("high");
    expect(JSON.parse(await decryptPush(browser, delivery.body))).toEqual(notice);

    const { header, claims } = await verifyVapid(
      delivery.headers.get("Authorization") ?? "",
      vapid().publicKey,
    );
    expect(header.alg).toBe("ES256");
    expect(claims.aud).toBe("https://fcm.googleapis.com");
    expect(claims.sub).toBe("mailto:push-test@orgo.dev");
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(claims.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 60 * 60 * 1000);
  });

  it("sends to every device of the user, and deletes a subscription the push service says is gone (404/410)", async () => {
    const user = await signUp();
    const [kept, gone, missing] = await Promise.all([
      browserSubscription(),
      browserSubscription(),
      browserSubscription(),
    ]);
    for (const browser of [kept, gone, missing])
      await subscribe(db(), { userId: user.id, input: { ...browser, label: "" } });
    const push = fakePushService((endpoint) =>
      endpoint === gone.endpoint ? 410 : endpoint === missing.endpoint ? 404 : 201,
    );
    restore = push.restore;

    expect(await sendWebPush(db(), vapid(), { userIds: [user.id], notice, options })).toBe(1);

    expect(push.deliveries.map((d) => d.endpoint).sort()).toEqual(
      [kept, gone, missing].map((b) => b.endpoint).sort(),
    );
    expect(await count("push_subscriptions WHERE user_id = ?", user.id)).toBe(1);
    expect(await count("push_subscriptions WHERE endpoint = ?", kept.endpoint)).toBe(1);
  });

  it("keeps a subscription through other failures (a 500 or a network error)", async () => {
    const user = await signUp();
    const browser = await browserSubscription();
    await subscribe(db(), { userId: user.id, input: { ...browser, label: "" } });
    const push = fakePushService(() => 500);
    restore = push.restore;
    expect(await sendWebPush(db(), vapid(), { userIds: [user.id], notice, options })).toBe(0);
    expect(await count("push_subscriptions WHERE user_id = ?", user.id)).toBe(1);
  });

  it("skips (and logs) a device whose keys cannot be used, and still reaches the user's other devices", async () => {
    const user = await signUp();
    const [good, broken] = await Promise.all([browserSubscription(), browserSubscription()]);
    // 65 octets starting 0x04 but no point on P-256: subscribe refuses them now, so the row is one
    // stored before that check (written directly); sending must still skip it.
    const notOnCurve = base64UrlEncode(Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : 0)));
    await subscribe(db(), { userId: user.id, input: { ...good, label: "" } });
    await db().insert(pushSubscriptions).values({
      id: "older-broken-row",
      userId: user.id,
      endpoint: broken.endpoint,
      p256dh: notOnCurve,
      auth: broken.keys.auth,
    });
    const push = fakePushService();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    restore = () => {
      push.restore();
      logged.mockRestore();
    };

    expect(await sendWebPush(db(), vapid(), { userIds: [user.id], notice, options })).toBe(1);

    expect(push.deliveries.map((d) => d.endpoint)).toEqual([good.endpoint]);
    expect(push.deliveries[0]?.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(JSON.parse(await decryptPush(good, push.deliveries[0]?.body ?? new Uint8Array()))).toEqual(notice);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged).toHaveBeenCalledWith("web push to fcm.googleapis.com failed", expect.any(PushKeyError));
    expect(String(logged.mock.calls[0]?.[1])).toContain("subscription p256dh is not a point on P-256");
    // Not the push service's verdict, so the row stays (the browser may subscribe again and fix it).
    expect(await count("push_subscriptions WHERE endpoint = ?", broken.endpoint)).toBe(1);
  });
});
