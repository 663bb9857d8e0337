import { describe, expect, it } from "vitest";
import type { Session } from "../../src/features/studies/sessions/load";
import type { SessionDetail } from "../../src/features/studies/sessions/service";
import { call, errorCode, json } from "../helpers";
import { count } from "../studies/fixtures";
import { createSessions, sessionBody, studyWithMember } from "./fixtures";

type Items = { items: Session[]; nextCursor?: string | null };

describe("session CRUD rights", () => {
  it("lets only the leader create: anonymous 401, outsider 403, member 403, leader 201", async () => {
    const { leader, member, outsider, study } = await studyWithMember();
    const path = `/api/studies/${study.id}/sessions`;
    const body = sessionBody(7);
    expect((await call("POST", path, { body })).status).toBe(401);
    const byOutsider = await call("POST", path, { token: outsider.token, body });
    expect(byOutsider.status).toBe(403);
    expect(await errorCode(byOutsider)).toBe("forbidden");
    expect((await call("POST", path, { token: member.token, body })).status).toBe(403);
    expect(await count("study_sessions WHERE study_id = ?", study.id)).toBe(0);

    const created = await call("POST", path, { token: leader.token, body });
    expect(created.status).toBe(201);
    const [session] = (await json<Items>(created)).items;
    expect(session).toMatchObject({
      studyId: study.id,
      seriesId: null,
      title: body.title,
      date: body.date,
      startTime: "19:00",
      endTime: "21:00",
      place: body.place,
      onlineUrl: body.onlineUrl,
      agenda: body.agenda,
      status: "upcoming",
      rsvpCounts: { going: 0, maybe: 0, notGoing: 0 },
      myRsvp: null,
      checkIn: null,
      attendeeCount: 0,
      checkedIn: false,
    });
    // 19:00 in Seoul is 10:00 UTC.
    expect(session?.startsAt).toBe(`${body.date}T10:00:00.000Z`);
    expect(await count("study_sessions WHERE study_id = ?", study.id)).toBe(1);
  });

  it("lets only the leader edit and cancel", async () => {
    const { leader, member, outsider, study } = await studyWithMember();
    const [session] = await createSessions(leader.token, study.id, sessionBody(7));
    if (!session) throw new Error("no session");
    const path = `/api/sessions/${session.id}`;
    for (const [token, status] of [
      [undefined, 401],
      [outsider.token, 403],
      [member.token, 403],
    ] as const) {
      expect((await call("PATCH", path, { token, body: { title: "바뀜" } })).status).toBe(status);
      expect((await call("DELETE", path, { token })).status).toBe(status);
    }
    expect(
      await count(
        "study_sessions WHERE id = ? AND title = ? AND cancelled_at IS NULL",
        session.id,
        session.title,
      ),
    ).toBe(1);

    const edited = await call("PATCH", path, {
      token: leader.token,
      body: { title: "4주차", startTime: "20:00", endTime: "22:00" },
    });
    expect(edited.status).toBe(200);
    expect((await json<Items>(edited)).items[0]).toMatchObject({
      title: "4주차",
      startTime: "20:00",
      endTime: "22:00",
    });

    const cancelled = await call("DELETE", path, { token: leader.token });
    expect(cancelled.status).toBe(200);
    expect((await json<Items>(cancelled)).items[0]?.status).toBe("cancelled");
    const again = await call("DELETE", path, { token: leader.token });
    expect(again.status).toBe(200);
    const editCancelled = await call("PATCH", path, { token: leader.token, body: { title: "x" } });
    expect(editCancelled.status).toBe(409);
    expect(await errorCode(editCancelled)).toBe("session_cancelled");
  });

  it("refuses bad input with 422 and stores nothing", async () => {
    const { leader, study } = await studyWithMember();
    const path = `/api/studies/${study.id}/sessions`;
    for (const body of [
      sessionBody(7, { endTime: "18:00" }),
      sessionBody(7, { startTime: "25:00" }),
      sessionBody(7, { date: "2026-02-30" }),
      sessionBody(7, { title: "" }),
      sessionBody(7, { onlineUrl: "javascript:alert(1)" }),
      sessionBody(7, { repeatWeeks: 53 }),
      sessionBody(7, { agenda: "x".repeat(5001) }),
      sessionBody(7, { extra: true }),
    ]) {
      const response = await call("POST", path, { token: leader.token, body });
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    expect(await count("study_sessions WHERE study_id = ?", study.id)).toBe(0);
    expect(
      (await call("POST", "/api/studies/nope/sessions", { token: leader.token, body: sessionBody(7) }))
        .status,
    ).toBe(404);
  });

  it("lists upcoming and past; the online link and the detail are for members only", async () => {
    const { leader, member, outsider, study } = await studyWithMember();
    await createSessions(leader.token, study.id, sessionBody(3));
    await createSessions(leader.token, study.id, sessionBody(1));
    await createSessions(leader.token, study.id, sessionBody(-2));
    const list = (token?: string, when = "upcoming") =>
      call("GET", `/api/studies/${study.id}/sessions?when=${when}`, { token }).then((r) => json<Items>(r));

    const upcoming = await list(member.token);
    expect(upcoming.items.map((s) => s.date)).toEqual([sessionBody(1).date, sessionBody(3).date]);
    expect(upcoming.items[0]?.onlineUrl).toBe("https://meet.example.com/abc");
    const past = await list(member.token, "past");
    expect(past.items.map((s) => [s.date, s.status])).toEqual([[sessionBody(-2).date, "past"]]);

    const anonymous = await list(undefined);
    expect(anonymous.items).toHaveLength(2);
    expect(anonymous.items.every((s) => s.onlineUrl === null && s.place !== null)).toBe(true);

    const paged = await call("GET", `/api/studies/${study.id}/sessions?limit=1`).then((r) => json<Items>(r));
    expect(paged.items).toHaveLength(1);
    const next = await call(
      "GET",
      `/api/studies/${study.id}/sessions?limit=1&cursor=${paged.nextCursor}`,
    ).then((r) => json<Items>(r));
    expect(next.items[0]?.date).toBe(sessionBody(3).date);
    expect(next.nextCursor).toBeNull();

    const id = upcoming.items[0]?.id;
    expect((await call("GET", `/api/sessions/${id}`)).status).toBe(401);
    expect((await call("GET", `/api/sessions/${id}`, { token: outsider.token })).status).toBe(403);
    const detail = await call("GET", `/api/sessions/${id}`, { token: member.token });
    expect(detail.status).toBe(200);
    expect(await json<SessionDetail>(detail)).toMatchObject({ id, rsvps: [], attendance: [] });
    expect((await call("GET", "/api/sessions/nope", { token: member.token })).status).toBe(404);
  });

  it("notifies every member but the leader of a new, changed and cancelled session", async () => {
    const { leader, member, study } = await studyWithMember();
    const [session] = await createSessions(leader.token, study.id, sessionBody(5));
    await call("PATCH", `/api/sessions/${session?.id}`, { token: leader.token, body: { place: "역삼" } });
    await call("DELETE", `/api/sessions/${session?.id}`, { token: leader.token });
    const notifications = await call("GET", "/api/notifications", { token: member.token }).then((r) =>
      json<{ items: { kind: string; target: Record<string, unknown> }[] }>(r),
    );
    expect(notifications.items.map((n) => n.target.event)).toEqual(["cancelled", "changed", "created"]);
    expect(notifications.items[0]).toMatchObject({
      kind: "study_session",
      target: { type: "session", id: session?.id, studyId: study.id, title: study.title },
    });
    expect(await count("notifications WHERE user_id = ? AND kind = 'study_session'", leader.id)).toBe(0);
  });
});

describe("weekly sessions", () => {
  it("creates the occurrences a week apart, edits one or all following, cancels following", async () => {
    const { leader, study } = await studyWithMember();
    const items = await createSessions(leader.token, study.id, { ...sessionBody(2), repeatWeeks: 4 });
    expect(items).toHaveLength(4);
    const [first, second, third, fourth] = items;
    if (!first || !second || !third || !fourth) throw new Error("four occurrences");
    expect(items.every((s) => s.seriesId === first.id && s.startTime === "19:00")).toBe(true);
    for (let i = 1; i < items.length; i++) {
      expect(Date.parse(items[i]?.startsAt ?? "") - Date.parse(items[i - 1]?.startsAt ?? "")).toBe(
        7 * 24 * 3600 * 1000,
      );
    }

    // One occurrence alone.
    const one = await call("PATCH", `/api/sessions/${second.id}`, {
      token: leader.token,
      body: { title: "특강" },
    });
    expect((await json<Items>(one)).items.map((s) => s.title)).toEqual(["특강"]);

    // This and all following: the third moves a day later and to 20:00; the fourth moves the same way.
    const moved = await call("PATCH", `/api/sessions/${third.id}`, {
      token: leader.token,
      body: { scope: "following", date: sessionBody(2 + 14 + 1).date, startTime: "20:00", endTime: "21:30" },
    });
    expect(moved.status).toBe(200);
    const movedItems = (await json<Items>(moved)).items;
    expect(movedItems.map((s) => [s.id, s.date, s.startTime, s.endTime])).toEqual([
      [third.id, sessionBody(17).date, "20:00", "21:30"],
      [fourth.id, sessionBody(24).date, "20:00", "21:30"],
    ]);

    const cancelled = await call("DELETE", `/api/sessions/${third.id}?scope=following`, {
      token: leader.token,
    });
    expect((await json<Items>(cancelled)).items.map((s) => s.status)).toEqual(["cancelled", "cancelled"]);
    const upcoming = await call("GET", `/api/studies/${study.id}/sessions`).then((r) => json<Items>(r));
    expect(upcoming.items.map((s) => [s.title, s.status])).toEqual([
      [first.title, "upcoming"],
      ["특강", "upcoming"],
      [first.title, "cancelled"],
      [first.title, "cancelled"],
    ]);
  });
});
