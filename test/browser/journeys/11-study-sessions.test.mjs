// Journey 11: the leader creates a weekly meeting on the study page; a member answers "going";
// the leader opens check-in, the member sees it live and checks in with one tap; the member list
// shows the attendance. Then the service worker is registered and a push subscription is stored.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  assertNoProblems,
  newPerson,
  openPage,
  shoot,
  signUpByApi,
  useBrowser,
  waitSignedIn,
} from "../helpers.mjs";

const chromium = useBrowser();

const SEOUL = 9 * 60 * 60 * 1000;
/**
 * A meeting that is on right now: from ten minutes ago (to the minute) for an hour, in Seoul time,
 * within today's date — in the first ten minutes after midnight it starts at 00:00 instead, since
 * "ten minutes ago" would be yesterday's 23:5x, whose end (clamped to 23:59) is not after its start.
 */
const meetingNow = () => {
  const now = Date.now() + SEOUL;
  const midnight = Math.floor(now / 86_400_000) * 86_400_000;
  const start = new Date(Math.max(midnight, Math.floor((now - 10 * 60 * 1000) / 60_000) * 60_000));
  const end = new Date(
    Math.min(start.getTime() + 60 * 60 * 1000, Date.parse(`${start.toISOString().slice(0, 10)}T23:59:00Z`)),
  );
  return {
    date: start.toISOString().slice(0, 10),
    start: start.toISOString().slice(11, 16),
    end: end.toISOString().slice(11, 16),
  };
};

test("a weekly meeting: RSVP, check-in, attendance on the member list; push device stored", async () => {
  const [contextA, contextB] = await Promise.all([
    newPerson(chromium.browser),
    newPerson(chromium.browser, { permissions: ["notifications"] }),
  ]);
  const leader = await signUpByApi(contextA, "모임장");
  const member = await signUpByApi(contextB, "모임원");
  const study = await apiAs(contextA, leader, "POST", "/studies", {
    title: "주간 알고리즘 모임",
    mode: "offline",
    startDate: "2026-01-01",
    endDate: "2030-12-31",
    maxMembers: 10,
  });
  await apiAs(contextB, member, "PUT", `/studies/${study.id}/membership`);
  const studyPath = `/studies/${study.id}`;

  // The leader creates a weekly meeting (3 times) that is on right now.
  const pageA = await openPage(contextA, studyPath);
  await waitSignedIn(pageA);
  await pageA.getByRole("button", { name: "모임 만들기" }).click();
  const when = meetingNow();
  const form = pageA.locator("form.session-form");
  await form.getByLabel("모임 제목").fill("그래프 탐색");
  await form.getByLabel("날짜").fill(when.date);
  await form.getByLabel("시작").fill(when.start);
  await form.getByLabel("끝").fill(when.end);
  await form.getByLabel(/^장소/).fill("강남역 스터디카페");
  await form.getByLabel(/^안건/).fill("- BFS\n- DFS");
  await form.getByLabel(/^매주 반복/).fill("3");
  await form.getByRole("button", { name: "저장" }).click();
  const sessionsA = pageA.getByTestId("session");
  await sessionsA.nth(2).waitFor();
  assert.equal(await sessionsA.count(), 3);
  assert.equal(await sessionsA.first().getByText("매주").count(), 1);
  await shoot(pageA, "study-sessions-leader");

  // The member answers "going".
  const pageB = await openPage(contextB, studyPath);
  await waitSignedIn(pageB);
  const firstB = pageB.getByTestId("session").first();
  await firstB.getByRole("button", { name: "참석", exact: true }).click();
  await firstB.getByRole("button", { name: "참석", exact: true, pressed: true }).waitFor();
  await firstB
    .getByTestId("rsvp-counts")
    .getByText(/^참석 1 /)
    .waitFor();

  // The leader opens check-in; the member's page hears it live (no reload) and checks in.
  await sessionsA.first().getByRole("button", { name: "출석 체크 열기" }).click();
  await sessionsA.first().getByRole("button", { name: "출석 체크 닫기" }).waitFor();
  await firstB.getByRole("button", { name: "출석하기" }).click();
  await firstB.getByText("출석 완료").first().waitFor();
  await shoot(pageB, "study-sessions-member");

  // The leader sees who came, and the member list shows the attendance rate.
  await pageA.reload();
  await pageA.getByTestId("session").first().getByRole("button", { name: "누가 오나요" }).click();
  await pageA.getByTestId("going-list").getByText("모임원").waitFor();
  const memberRow = pageA.locator(".user-list li", { hasText: "모임원" });
  await memberRow.getByTestId("member-note").getByText("출석률 100%").waitFor();
  await shoot(pageA, "study-sessions-attendance");

  // The calendar page lists the meetings across studies.
  await pageB.goto("/calendar");
  await pageB
    .getByTestId("calendar")
    .getByText(/주간 알고리즘 모임 · 그래프 탐색/)
    .first()
    .waitFor();

  // Push: the service worker registers; then this device subscribes from Settings.
  await pageB.goto("/settings");
  const scope = await pageB.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, `${new URL(pageB.url()).origin}/`);
  const devices = pageB.getByTestId("push-devices");
  await devices.getByRole("button", { name: "이 기기에서 알림 켜기" }).click();
  const subscribed = await devices
    .getByTestId("push-device")
    .first()
    .waitFor({ timeout: 8_000 })
    .then(() => true)
    .catch(() => false);
  if (!subscribed) {
    // Headless Chromium without a push service (no FCM registration in this build) refuses
    // pushManager.subscribe; store what a browser would send through the API instead.
    console.log(
      `push subscribe unavailable here: ${(await devices.locator(".error, [role=alert]").allTextContents()).join(" ")}`,
    );
    const p256dh = "BLG7pZIarB8gcfKr-SpIRwYDg8Ua_boxiKgy8UcNhO9Y6oxVPduQ0-PVylBp8mHW9UPzvI6-0mrZCvfA5eBS9hE";
    await apiAs(contextB, member, "POST", "/users/me/push-subscriptions", {
      endpoint: `https://fcm.googleapis.com/fcm/send/journey-${Date.now()}`,
      keys: { p256dh, auth: "AAAAAAAAAAAAAAAAAAAAAA" },
      label: "Chromium · Linux",
    });
    await pageB.reload();
  }
  await devices.getByTestId("push-device").first().waitFor();
  const stored = await apiAs(contextB, member, "GET", "/users/me/push-subscriptions");
  assert.equal(stored.items.length, 1);
  await shoot(pageB, "settings-push-devices");
  await devices.getByRole("button", { name: "삭제" }).click();
  await devices.getByText("등록된 기기가 없습니다.").waitFor();

  // Playwright's contexts are incognito, where Chromium refuses the Push API and says so on the
  // console: that refusal is the path this journey falls back from, not a problem of the page.
  pageB.problems = pageB.problems.filter(
    (problem) => !problem.includes("does not support the Push API in incognito"),
  );
  for (const page of [pageA, pageB]) assertNoProblems(page);
  await Promise.all([contextA, contextB].map((context) => context.close()));
});
