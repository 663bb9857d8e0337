import { describe, expect, it } from "vitest";
import type { PushDevice } from "../../src/features/push/subscriptions";
import { escapeText, foldLine } from "../../src/features/studies/calendar/ics";
import { call, errorCode, json, signUp } from "../helpers";
import { count } from "../studies/fixtures";
import { browserSubscription } from "./fake-push-service";
import { createSessions, sessionBody, studyWithMember } from "./fixtures";

const devices = "/api/users/me/push-subscriptions";
const subscriptionBody = async (label = "노트북") => {
  const browser = await browserSubscription();
  return { endpoint: browser.endpoint, expirationTime: null, keys: browser.keys, label };
};

describe("push devices", () => {
  it("serves the VAPID public key", async () => {
    const response = await call("GET", "/api/push/key");
    expect(response.status).toBe(200);
    expect((await json<{ publicKey: string }>(response)).publicKey).toMatch(/^B[A-Za-z0-9_-]{86}$/);
  });

  it("stores a subscription per device, lists and removes only the caller's own", async () => {
    const [owner, other] = await Promise.all([signUp(), signUp()]);
    const body = await subscriptionBody();
    expect((await call("POST", devices, { body })).status).toBe(401);
    const created = await call("POST", devices, { token: owner.token, body });
    expect(created.status).toBe(201);
    const device = await json<PushDevice>(created);
    expect(device).toMatchObject({ label: "노트북", service: "fcm.googleapis.com" });
    expect(JSON.stringify(device)).not.toContain(body.endpoint);

    // The same browser again (new keys) replaces its row; signed in as someone else, it moves to them.
    const again = await call("POST", devices, { token: owner.token, body: { ...body, label: "새 이름" } });
    expect(again.status).toBe(200);
    expect(await count("push_subscriptions WHERE endpoint = ?", body.endpoint)).toBe(1);
    const list = await json<{ items: PushDevice[] }>(await call("GET", devices, { token: owner.token }));
    expect(list.items.map((d) => d.label)).toEqual(["새 이름"]);

    expect((await call("DELETE", `${devices}/${device.id}`, { token: other.token })).status).toBe(404);
    expect(await count("push_subscriptions WHERE id = ?", device.id)).toBe(1);
    expect((await call("DELETE", `${devices}/${device.id}`)).status).toBe(401);
    expect((await call("DELETE", `${devices}/${device.id}`, { token: owner.token })).status).toBe(204);
    expect(await count("push_subscriptions WHERE user_id = ?", owner.id)).toBe(0);
  });

  it("refuses endpoints outside the known push services and malformed keys (422)", async () => {
    const user = await signUp();
    const good = await subscriptionBody();
    for (const body of [
      { ...good, endpoint: "https://attacker.example/collect" },
      { ...good, endpoint: "http://fcm.googleapis.com/fcm/send/x" },
      { ...good, endpoint: "https://fcm.googleapis.com.attacker.example/x" },
      { ...good, endpoint: "https://fcm.googleapis.com:8443/x" },
      { ...good, endpoint: "https://127.0.0.1/x" },
      { ...good, keys: { ...good.keys, auth: "short" } },
      { ...good, keys: { p256dh: good.keys.p256dh } },
      // The right length, but not a point on P-256 (0x04 and 64 zero bytes): no message could be sent.
      { ...good, keys: { ...good.keys, p256dh: `BA${"A".repeat(85)}` } },
    ]) {
      const response = await call("POST", devices, { token: user.token, body });
      expect(response.status, JSON.stringify(body.endpoint)).toBe(422);
    }
    expect(await count("push_subscriptions WHERE user_id = ?", user.id)).toBe(0);
  });

  it("keeps at most 10 devices per user", async () => {
    const user = await signUp();
    for (let i = 0; i < 10; i++) {
      expect(
        (await call("POST", devices, { token: user.token, body: await subscriptionBody(`기기${i}`) })).status,
      ).toBe(201);
    }
    const eleventh = await call("POST", devices, { token: user.token, body: await subscriptionBody("11") });
    expect(eleventh.status).toBe(422);
    expect(await errorCode(eleventh)).toBe("validation_failed");
    expect(await count("push_subscriptions WHERE user_id = ?", user.id)).toBe(10);
  });
});

describe("calendar", () => {
  it("lists a member's upcoming sessions across studies, soonest first, without cancelled ones", async () => {
    const first = await studyWithMember();
    const second = await studyWithMember();
    await call("PUT", `/api/studies/${second.study.id}/membership`, { token: first.member.token });
    await createSessions(first.leader.token, first.study.id, sessionBody(5));
    await createSessions(second.leader.token, second.study.id, sessionBody(2));
    const [gone] = await createSessions(second.leader.token, second.study.id, sessionBody(3));
    await call("DELETE", `/api/sessions/${gone?.id}`, { token: second.leader.token });
    await createSessions(first.leader.token, first.study.id, sessionBody(-3));

    expect((await call("GET", "/api/users/me/calendar")).status).toBe(401);
    const calendar = await json<{ items: { studyTitle: string; date: string; studyId: string }[] }>(
      await call("GET", "/api/users/me/calendar", { token: first.member.token }),
    );
    expect(calendar.items.map((item) => [item.studyId, item.date])).toEqual([
      [second.study.id, sessionBody(2).date],
      [first.study.id, sessionBody(5).date],
    ]);
    expect(calendar.items[0]?.studyTitle).toBe(second.study.title);
  });

  it("serves an .ics feed at a secret URL that a new token replaces", async () => {
    const { leader, member, study } = await studyWithMember();
    await createSessions(leader.token, study.id, sessionBody(4, { title: "세미나, 발표; 토론" }));
    const status = await json<{ active: boolean }>(
      await call("GET", "/api/users/me/calendar-feed", { token: member.token }),
    );
    expect(status.active).toBe(false);
    expect((await call("POST", "/api/users/me/calendar-feed")).status).toBe(401);

    const made = await call("POST", "/api/users/me/calendar-feed", { token: member.token });
    expect(made.status).toBe(201);
    const { url } = await json<{ url: string }>(made);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/api\/calendar\/[A-Za-z0-9_-]{32}\.ics$/);
    const path = new URL(url).pathname;
    const feed = await call("GET", path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    const text = await feed.text();
    expect(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(text).toContain(`SUMMARY:${escapeText(`${study.title} · 세미나, 발표; 토론`)}`);
    expect(text).toContain(`DTSTART:${sessionBody(4).date.replaceAll("-", "")}T100000Z`);
    expect(text).toContain("STATUS:CONFIRMED");
    expect(text.split("\r\n").every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);

    const replaced = await json<{ url: string }>(
      await call("POST", "/api/users/me/calendar-feed", { token: member.token }),
    );
    expect(replaced.url).not.toBe(url);
    expect((await call("GET", path)).status).toBe(404);
    expect((await call("GET", new URL(replaced.url).pathname)).status).toBe(200);
    expect((await call("GET", "/api/calendar/not-a-token.ics")).status).toBe(404);
    expect((await call("DELETE", "/api/users/me/calendar-feed", { token: member.token })).status).toBe(204);
    expect((await call("GET", new URL(replaced.url).pathname)).status).toBe(404);
  });

  it("escapes text and folds long lines as RFC 5545 says", () => {
    expect(escapeText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    const folded = foldLine(`SUMMARY:${"가".repeat(40)}`);
    expect(folded.split("\r\n ").join("")).toBe(`SUMMARY:${"가".repeat(40)}`);
    for (const line of folded.split("\r\n"))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });
});
