import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { subscribe } from "../../src/features/push/subscriptions";
import { setRsvp } from "../../src/features/studies/sessions/rsvp";
import { createSessions } from "../../src/features/studies/sessions/service";
import worker from "../../src/index";
import { claimDueReminders, REMINDER_CRON } from "../../src/jobs/reminders";
import { observedEffects } from "../effects";
import { call, signUp } from "../helpers";
import { count } from "../studies/fixtures";
import { browserSubscription, decryptPush, fakePushService } from "./fake-push-service";
import { at, farFuture, HOUR, sessionBody, studyWithMember } from "./fixtures";

const db = () => createDb(env.DB);
const fx = () => observedEffects().effects;
const MINUTE = 60 * 1000;

let restore: (() => void) | undefined;
afterEach(() => restore?.());

/** A study with a leader, a member going, a member who is only "maybe", and a session at `startsAt`. */
const sessionWithAnswers = async (startsAt: number) => {
  const { leader, member: going, study } = await studyWithMember();
  const maybe = await signUp("아마도");
  await call("PUT", `/api/studies/${study.id}/membership`, { token: maybe.token });
  const sessions = await createSessions(
    db(),
    {
      leaderId: leader.id,
      studyId: study.id,
      input: { title: "리마인더 모임", agenda: "", repeatWeeks: 1, ...at(startsAt, 90) },
      now: startsAt - 2 * 24 * HOUR,
    },
    fx(),
  );
  const sessionId = sessions[0]?.id ?? "";
  const before = startsAt - 2 * 24 * HOUR;
  await setRsvp(db(), { userId: going.id, sessionId, status: "going", now: before });
  await setRsvp(db(), { userId: maybe.id, sessionId, status: "maybe", now: before });
  return { leader, going, maybe, study, sessionId };
};

describe("session reminders", () => {
  it("are due from an hour before the start, go to members going, and are sent once", async () => {
    const start = farFuture();
    const { going, maybe, sessionId } = await sessionWithAnswers(start);
    const reminders = (now: number) =>
      claimDueReminders(db(), now, fx()).then((news) =>
        news.filter((item) => item.notice.url.endsWith(`#session-${sessionId}`)),
      );

    expect(await reminders(start - HOUR - MINUTE)).toEqual([]);
    const due = await reminders(start - 55 * MINUTE);
    expect(due).toHaveLength(1);
    expect(due[0]?.notifications.map((n) => n.userId)).toEqual([going.id]);
    expect(due[0]?.notice.body).toContain("1시간 뒤 시작");
    expect(
      await count("notifications WHERE user_id = ? AND target_id = ?", going.id, `${sessionId}:reminder`),
    ).toBe(1);
    expect(
      await count(
        "notifications WHERE user_id = ? AND kind = 'study_session' AND target_id LIKE '%:reminder'",
        maybe.id,
      ),
    ).toBe(0);

    // The next runs find nothing more to send.
    expect(await reminders(start - 50 * MINUTE)).toEqual([]);
    expect(await reminders(start - MINUTE)).toEqual([]);
    expect(await count("notifications WHERE target_id = ?", `${sessionId}:reminder`)).toBe(1);
  });

  it("are claimed by exactly one of two overlapping runs", async () => {
    const start = farFuture();
    const { sessionId } = await sessionWithAnswers(start);
    const runs = await Promise.all([
      claimDueReminders(db(), start - 30 * MINUTE, fx()),
      claimDueReminders(db(), start - 30 * MINUTE, fx()),
    ]);
    const mine = runs.map((news) => news.filter((item) => item.notice.url.endsWith(sessionId)).length);
    expect(mine.sort()).toEqual([0, 1]);
  });

  it("are not sent for a cancelled session, and a moved session is reminded again at its new time", async () => {
    const start = farFuture();
    const cancelled = await sessionWithAnswers(start);
    await call("DELETE", `/api/sessions/${cancelled.sessionId}`, { token: cancelled.leader.token });
    const moved = await sessionWithAnswers(start);
    const mine = (news: Awaited<ReturnType<typeof claimDueReminders>>, id: string) =>
      news.filter((item) => item.notice.url.endsWith(id));

    const first = await claimDueReminders(db(), start - 30 * MINUTE, fx());
    expect(mine(first, cancelled.sessionId)).toEqual([]);
    expect(mine(first, moved.sessionId)).toHaveLength(1);

    // Moved a day later through the API: the claim is cleared.
    const later = at(start + 24 * HOUR, 90);
    const patched = await call("PATCH", `/api/sessions/${moved.sessionId}`, {
      token: moved.leader.token,
      body: later,
    });
    expect(patched.status).toBe(200);
    expect(await count("study_sessions WHERE id = ? AND reminder_sent_at IS NULL", moved.sessionId)).toBe(1);
    expect(
      mine(await claimDueReminders(db(), start + 24 * HOUR - 30 * MINUTE, fx()), moved.sessionId),
    ).toHaveLength(1);
  });

  it("reach a closed tab by Web Push: the going member's device gets the encrypted reminder", async () => {
    const start = farFuture();
    const { going, maybe, sessionId, study } = await sessionWithAnswers(start);
    const [goingDevice, maybeDevice] = await Promise.all([browserSubscription(), browserSubscription()]);
    await subscribe(db(), { userId: going.id, input: { ...goingDevice, label: "폰" } });
    await subscribe(db(), { userId: maybe.id, input: { ...maybeDevice, label: "폰" } });
    const push = fakePushService();
    restore = push.restore;

    const observed = observedEffects();
    await claimDueReminders(db(), start - 40 * MINUTE, observed.effects);
    await observed.settled();

    const toGoing = push.deliveries.filter((d) => d.endpoint === goingDevice.endpoint);
    expect(toGoing).toHaveLength(1);
    expect(push.deliveries.some((d) => d.endpoint === maybeDevice.endpoint)).toBe(false);
    const payload = JSON.parse(await decryptPush(goingDevice, toGoing[0]?.body ?? new Uint8Array()));
    expect(payload).toEqual({
      title: study.title,
      body: expect.stringContaining("리마인더 모임"),
      url: `/studies/${study.id}#session-${sessionId}`,
      tag: `session:${sessionId}`,
    });
    expect(toGoing[0]?.headers.get("TTL")).toBe("3600");

    // A second run sends nothing.
    const again = observedEffects();
    await claimDueReminders(db(), start - 35 * MINUTE, again.effects);
    await again.settled();
    expect(push.deliveries.filter((d) => d.endpoint === goingDevice.endpoint)).toHaveLength(1);
  });

  it("a new session's news goes by Web Push to members' devices, and a 410 deletes the device", async () => {
    const { leader, member, study } = await studyWithMember();
    const device = await browserSubscription();
    await subscribe(db(), { userId: member.id, input: { ...device, label: "노트북" } });
    const push = fakePushService(() => 410);
    restore = push.restore;
    const observed = observedEffects();
    await createSessions(
      db(),
      {
        leaderId: leader.id,
        studyId: study.id,
        input: { repeatWeeks: 1, ...sessionBody(4), place: null, onlineUrl: null },
        now: Date.now(),
      },
      observed.effects,
    );
    await observed.settled();
    expect(push.deliveries).toHaveLength(1);
    expect(
      JSON.parse(await decryptPush(device, push.deliveries[0]?.body ?? new Uint8Array())).body,
    ).toContain("새 모임");
    expect(await count("push_subscriptions WHERE endpoint = ?", device.endpoint)).toBe(0);
  });
});

describe("the cron", () => {
  it("runs the reminders on the five-minute schedule and the clean-up on the hourly one", async () => {
    // A session 30 minutes from now, on the real clock the cron uses.
    const startsAt = Math.floor((Date.now() + 30 * MINUTE) / MINUTE) * MINUTE;
    const { going, sessionId } = await sessionWithAnswers(startsAt);
    const run = async (cron: string) => {
      const ctx = createExecutionContext();
      await worker.scheduled({ cron, scheduledTime: Date.now(), noRetry: () => undefined }, env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await run("17 * * * *");
    expect(await count("study_sessions WHERE id = ? AND reminder_sent_at IS NULL", sessionId)).toBe(1);
    await run(REMINDER_CRON);
    expect(
      await count("notifications WHERE user_id = ? AND target_id = ?", going.id, `${sessionId}:reminder`),
    ).toBe(1);
  });
});
