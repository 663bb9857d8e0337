import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import {
  memberAttendance,
  studyAttendance,
  userAttendance,
} from "../../src/features/studies/sessions/attendance";
import { attendanceStats } from "../../src/features/studies/sessions/attendance-math";
import {
  checkIn,
  closeCheckIn,
  markAttendance,
  openCheckIn,
} from "../../src/features/studies/sessions/check-in";
import type { Session } from "../../src/features/studies/sessions/load";
import { setRsvp } from "../../src/features/studies/sessions/rsvp";
import { createSessions } from "../../src/features/studies/sessions/service";
import { ApiError } from "../../src/lib/errors";
import { observedEffects } from "../effects";
import { call, errorCode, json } from "../helpers";
import { count } from "../studies/fixtures";
import { at, farFuture, HOUR, sessionBody, studyWithMember } from "./fixtures";

const db = () => createDb(env.DB);
/** The real effects, awaited before the test looks at anything (test/effects.ts). */
const fx = () => observedEffects().effects;
const MINUTE = 60 * 1000;

/** The ApiError a domain call throws, as [status, code]. */
const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return [error.status, error.code];
    throw error;
  }
  return [200, "ok"];
};

/** A study with a session starting at `startsAt` (60 minutes long), created through the domain. */
const sessionAt = async (startsAt: number, repeatWeeks = 1) => {
  const people = await studyWithMember();
  const sessions = await createSessions(
    db(),
    {
      leaderId: people.leader.id,
      studyId: people.study.id,
      input: { title: "모임", agenda: "", repeatWeeks, ...at(startsAt, 60) },
      now: startsAt - 7 * 24 * HOUR,
    },
    fx(),
  );
  return { ...people, sessions };
};

describe("attendance maths", () => {
  it("counts the rate and the current and longest streaks", () => {
    expect(attendanceStats([])).toEqual({
      attended: 0,
      total: 0,
      rate: null,
      currentStreak: 0,
      longestStreak: 0,
    });
    expect(attendanceStats([true, true, false, true, true, true])).toEqual({
      attended: 5,
      total: 6,
      rate: 83,
      currentStreak: 3,
      longestStreak: 3,
    });
    expect(attendanceStats([true, true, true, false])).toMatchObject({
      rate: 75,
      currentStreak: 0,
      longestStreak: 3,
    });
    expect(attendanceStats([false, false])).toMatchObject({ rate: 0, currentStreak: 0, longestStreak: 0 });
    expect(attendanceStats([true, false, true])).toMatchObject({
      rate: 67,
      currentStreak: 1,
      longestStreak: 1,
    });
  });

  it("counts held sessions only: cancelled, not begun, and before joining are left out", async () => {
    const start = farFuture();
    const { leader, member, study, sessions } = await sessionAt(start, 4);
    const [w1, w2, w3, w4] = sessions;
    if (!w1 || !w2 || !w3 || !w4) throw new Error("four weeks");
    // Week 1 attended, week 2 missed, week 3 cancelled, week 4 not yet held.
    await markAttendance(db(), {
      leaderId: leader.id,
      sessionId: w1.id,
      memberId: member.id,
      present: true,
      now: start,
    });
    await call("DELETE", `/api/sessions/${w3.id}`, { token: leader.token });
    const now = Date.parse(w3.endsAt) + HOUR;
    const rows = await studyAttendance(db(), { studyId: study.id, now });
    expect(rows.map((row) => [row.user.id, row.attended, row.total, row.rate, row.currentStreak])).toEqual([
      [leader.id, 0, 2, 0, 0],
      [member.id, 1, 2, 50, 0],
    ]);
    const history = await memberAttendance(db(), { studyId: study.id, userId: member.id, now });
    expect(history.items.map((item) => [item.sessionId, item.attended])).toEqual([
      [w2.id, false],
      [w1.id, true],
    ]);
    const profile = await userAttendance(db(), { userId: member.id, now });
    expect(profile).toEqual([
      expect.objectContaining({ study: { id: study.id, title: study.title }, rate: 50 }),
    ]);

    // A session in progress counts once you are checked in, never against you before it ends.
    const during = Date.parse(w4.startsAt) + 10 * MINUTE;
    const live = await studyAttendance(db(), { studyId: study.id, now: during });
    expect(live.find((row) => row.user.id === member.id)).toMatchObject({ total: 2 });
    await markAttendance(db(), {
      leaderId: leader.id,
      sessionId: w4.id,
      memberId: member.id,
      present: true,
      now: during,
    });
    const afterMark = await studyAttendance(db(), { studyId: study.id, now: during });
    expect(afterMark.find((row) => row.user.id === member.id)).toMatchObject({
      attended: 2,
      total: 3,
      currentStreak: 1,
    });
  });

  it("answers the attendance routes for the member list and the profile", async () => {
    const { member, study } = await studyWithMember();
    const list = await call("GET", `/api/studies/${study.id}/attendance`);
    expect(list.status).toBe(200);
    expect(
      (await json<{ items: { user: { id: string }; rate: number | null }[] }>(list)).items.map((r) => r.rate),
    ).toEqual([null, null]);
    const profile = await call("GET", `/api/users/${member.id}/attendance`);
    expect((await json<{ items: unknown[] }>(profile)).items).toHaveLength(1);
    expect((await call("GET", "/api/studies/nope/attendance")).status).toBe(404);
  });
});

describe("RSVP", () => {
  it("takes going / maybe / not going from members, counts them and shows who is coming", async () => {
    const { leader, member, outsider, study } = await studyWithMember();
    const [session] = (
      await json<{ items: Session[] }>(
        await call("POST", `/api/studies/${study.id}/sessions`, {
          token: leader.token,
          body: sessionBody(3),
        }),
      )
    ).items;
    const rsvp = (token: string | undefined, status: string) =>
      call("PUT", `/api/sessions/${session?.id}/rsvp`, { token, body: { status } });

    const going = await rsvp(member.token, "going");
    expect(going.status).toBe(200);
    expect(await json<Session>(going)).toMatchObject({
      myRsvp: "going",
      rsvpCounts: { going: 1, maybe: 0, notGoing: 0 },
    });
    const leaderMaybe = await json<Session>(await rsvp(leader.token, "maybe"));
    expect(leaderMaybe.rsvpCounts).toEqual({ going: 1, maybe: 1, notGoing: 0 });
    // Changing one's mind replaces the answer.
    expect((await json<Session>(await rsvp(member.token, "not_going"))).rsvpCounts).toEqual({
      going: 0,
      maybe: 1,
      notGoing: 1,
    });
    expect(await count("session_rsvps WHERE session_id = ?", session?.id)).toBe(2);

    expect((await rsvp(undefined, "going")).status).toBe(401);
    const byOutsider = await rsvp(outsider.token, "going");
    expect(byOutsider.status).toBe(403);
    expect((await rsvp(member.token, "sure")).status).toBe(422);
    expect(await count("session_rsvps WHERE user_id = ?", outsider.id)).toBe(0);

    const detail = await json<{ rsvps: { user: { id: string }; status: string }[] }>(
      await call("GET", `/api/sessions/${session?.id}`, { token: member.token }),
    );
    expect(detail.rsvps.map((r) => [r.user.id, r.status])).toEqual([
      [leader.id, "maybe"],
      [member.id, "not_going"],
    ]);

    // A member who leaves no longer counts (their answer stays on record).
    await call("DELETE", `/api/studies/${study.id}/membership`, { token: member.token });
    const afterLeaving = await json<Session>(await rsvp(leader.token, "going"));
    expect(afterLeaving.rsvpCounts).toEqual({ going: 1, maybe: 0, notGoing: 0 });
    await call("PUT", `/api/studies/${study.id}/membership`, { token: member.token });

    await call("DELETE", `/api/sessions/${session?.id}`, { token: leader.token });
    const cancelled = await rsvp(member.token, "going");
    expect(cancelled.status).toBe(409);
    expect(await errorCode(cancelled)).toBe("session_cancelled");
  });

  it("refuses an answer for a session that is over (409 session_over)", async () => {
    const start = farFuture();
    const { member, sessions } = await sessionAt(start);
    const sessionId = sessions[0]?.id ?? "";
    expect(
      await refusal(setRsvp(db(), { userId: member.id, sessionId, status: "going", now: start + 2 * HOUR })),
    ).toEqual([409, "session_over"]);
  });
});

describe("check-in", () => {
  it("opens for the leader, takes one tap from members inside the window, and is idempotent", async () => {
    const start = farFuture();
    const { leader, member, outsider, sessions } = await sessionAt(start);
    const sessionId = sessions[0]?.id ?? "";

    // Before the leader opens it: 409.
    expect(await refusal(checkIn(db(), { userId: member.id, sessionId, now: start }))).toEqual([
      409,
      "check_in_closed",
    ]);
    // Only the leader opens it, and only from 30 minutes before the start until the end.
    expect(
      await refusal(openCheckIn(db(), { leaderId: member.id, sessionId, minutes: 30, now: start }, fx())),
    ).toEqual([403, "forbidden"]);
    expect(
      await refusal(
        openCheckIn(db(), { leaderId: leader.id, sessionId, minutes: 30, now: start - 31 * MINUTE }, fx()),
      ),
    ).toEqual([409, "check_in_unavailable"]);
    expect(
      await refusal(
        openCheckIn(db(), { leaderId: leader.id, sessionId, minutes: 30, now: start + 60 * MINUTE }, fx()),
      ),
    ).toEqual([409, "check_in_unavailable"]);

    const opened = await openCheckIn(
      db(),
      {
        leaderId: leader.id,
        sessionId,
        minutes: 30,
        now: start - 5 * MINUTE,
      },
      fx(),
    );
    expect(opened.checkIn).toEqual({
      opensAt: new Date(start - 5 * MINUTE).toISOString(),
      closesAt: new Date(start + 25 * MINUTE).toISOString(),
      open: true,
    });
    expect(
      await count(
        "notifications WHERE target_id = ? AND user_id = ?",
        `${sessionId}:check_in_opened`,
        member.id,
      ),
    ).toBe(1);
    expect(await count("notifications WHERE target_id = ?", `${sessionId}:check_in_opened`)).toBe(1);

    const first = await checkIn(db(), { userId: member.id, sessionId, now: start });
    expect(first).toMatchObject({ checkedIn: true, attendeeCount: 1 });
    const again = await checkIn(db(), { userId: member.id, sessionId, now: start + MINUTE });
    expect(again).toMatchObject({ checkedIn: true, attendeeCount: 1 });
    expect(
      await count(
        "session_attendance WHERE session_id = ? AND user_id = ? AND checked_in_at = ?",
        sessionId,
        member.id,
        start,
      ),
    ).toBe(1);

    expect(await refusal(checkIn(db(), { userId: outsider.id, sessionId, now: start }))).toEqual([
      403,
      "forbidden",
    ]);
    expect(await refusal(checkIn(db(), { userId: leader.id, sessionId, now: start + 26 * MINUTE }))).toEqual([
      409,
      "check_in_closed",
    ]);
    expect(await count("session_attendance WHERE session_id = ?", sessionId)).toBe(1);
  });

  it("closes early, and the leader marks someone present or takes it back", async () => {
    const start = farFuture();
    const { leader, member, outsider, sessions } = await sessionAt(start);
    const sessionId = sessions[0]?.id ?? "";
    await openCheckIn(db(), { leaderId: leader.id, sessionId, minutes: 60, now: start }, fx());
    await closeCheckIn(db(), { leaderId: leader.id, sessionId, now: start + MINUTE });
    expect(await refusal(checkIn(db(), { userId: member.id, sessionId, now: start + 2 * MINUTE }))).toEqual([
      409,
      "check_in_closed",
    ]);

    const marked = await markAttendance(db(), {
      leaderId: leader.id,
      sessionId,
      memberId: member.id,
      present: true,
      now: start + 3 * HOUR,
    });
    expect(marked.attendeeCount).toBe(1);
    expect(
      await count("session_attendance WHERE session_id = ? AND marked_by = ?", sessionId, leader.id),
    ).toBe(1);
    expect(
      await refusal(
        markAttendance(db(), {
          leaderId: member.id,
          sessionId,
          memberId: member.id,
          present: true,
          now: start,
        }),
      ),
    ).toEqual([403, "forbidden"]);
    expect(
      await refusal(
        markAttendance(db(), {
          leaderId: leader.id,
          sessionId,
          memberId: outsider.id,
          present: true,
          now: start,
        }),
      ),
    ).toEqual([422, "validation_failed"]);
    const unmarked = await markAttendance(db(), {
      leaderId: leader.id,
      sessionId,
      memberId: member.id,
      present: false,
      now: start,
    });
    expect(unmarked.attendeeCount).toBe(0);
  });

  it("answers the check-in routes over HTTP: 401, 403, 409 and a member's tap", async () => {
    const { leader, member, outsider, study } = await studyWithMember();
    // A session happening right now (it may cross midnight in Seoul only in the last hour of the day).
    const now = Date.now();
    const [session] = (
      await json<{ items: Session[] }>(
        await call("POST", `/api/studies/${study.id}/sessions`, {
          token: leader.token,
          body: { ...sessionBody(0), ...at(now - (now % MINUTE), 1) },
        }),
      )
    ).items;
    const path = `/api/sessions/${session?.id}/check-in`;
    expect((await call("POST", path, { token: member.token })).status).toBe(409);
    expect((await call("POST", `${path}/open`, { token: member.token, body: {} })).status).toBe(403);
    expect((await call("POST", `${path}/open`, { body: {} })).status).toBe(401);
    const opened = await call("POST", `${path}/open`, { token: leader.token, body: { minutes: 30 } });
    expect(opened.status).toBe(200);
    expect((await call("POST", path, { token: outsider.token })).status).toBe(403);
    const tapped = await call("POST", path, { token: member.token });
    expect(tapped.status).toBe(200);
    expect((await json<Session>(tapped)).checkedIn).toBe(true);
    expect((await call("POST", path, { token: member.token })).status).toBe(200);
    expect(
      (await call("PUT", `/api/sessions/${session?.id}/attendance/${leader.id}`, { token: member.token }))
        .status,
    ).toBe(403);
    expect(
      (await call("PUT", `/api/sessions/${session?.id}/attendance/${leader.id}`, { token: leader.token }))
        .status,
    ).toBe(200);
    const detail = await json<{ attendance: { user: { id: string }; markedByLeader: boolean }[] }>(
      await call("GET", `/api/sessions/${session?.id}`, { token: leader.token }),
    );
    expect(detail.attendance.map((a) => [a.user.id, a.markedByLeader])).toEqual([
      [member.id, false],
      [leader.id, true],
    ]);
  });
});
