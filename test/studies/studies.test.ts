import { describe, expect, it } from "vitest";
import { call, errorCode, json, signUp } from "../helpers";
import { count, createStudy, dayFromToday, type StudyJson, studyBody } from "./fixtures";

describe("POST /api/studies", () => {
  it("creates the study with its leader as member #1 and the group room in D1", async () => {
    const leader = await signUp("스터디장");
    const response = await call("POST", "/api/studies", {
      token: leader.token,
      body: studyBody({
        mode: "offline",
        location: "강남역 스터디룸",
        tags: ["TypeScript", "typescript", "React"],
      }),
    });
    expect(response.status).toBe(201);
    const study = await json<StudyJson>(response);
    expect(study).toMatchObject({
      leader: { id: leader.id, nickname: "스터디장" },
      title: "알고리즘 스터디",
      mode: "offline",
      location: "강남역 스터디룸",
      maxMembers: 5,
      memberCount: 1,
      status: "recruiting",
      tags: ["TypeScript", "React"],
      isMember: true,
      members: [{ id: leader.id }],
    });
    expect(JSON.stringify(study)).not.toContain("@");
    expect(await count("chat_rooms WHERE study_id = ? AND kind = 'study'", study.id)).toBe(1);
    expect(
      await count(
        "room_members m JOIN chat_rooms r ON r.id = m.room_id WHERE r.study_id = ? AND m.user_id = ?",
        study.id,
        leader.id,
      ),
    ).toBe(1);
  });

  it("answers 401 without a token", async () => {
    const response = await call("POST", "/api/studies", { body: studyBody() });
    expect(response.status).toBe(401);
  });

  it("rejects bad input with 422 and stores nothing", async () => {
    const leader = await signUp();
    const bad: Record<string, unknown>[] = [
      { title: "" },
      { title: "   " },
      { title: "가".repeat(121) },
      { description: "a".repeat(5001) },
      { mode: "hybrid" },
      { startDate: "2026-02-30" },
      { endDate: "2026-13-01" },
      { startDate: "2026/01/01" },
      { startDate: dayFromToday(5), endDate: dayFromToday(4) },
      { maxMembers: 1 },
      { maxMembers: 101 },
      { maxMembers: 2.5 },
      { tags: Array.from({ length: 11 }, (_, i) => `tag${i}`) },
      { tags: ["a".repeat(31)] },
      { tags: [""] },
      { location: "a".repeat(101) },
      { unknownField: 1 },
    ];
    for (const overrides of bad) {
      const response = await call("POST", "/api/studies", {
        token: leader.token,
        body: studyBody(overrides),
      });
      expect(response.status, JSON.stringify(overrides)).toBe(422);
      expect(await errorCode(response)).toBe("validation_failed");
    }
    expect(await count("studies WHERE leader_id = ?", leader.id)).toBe(0);
    expect(await count("study_members WHERE user_id = ?", leader.id)).toBe(0);
    expect(await count("room_members WHERE user_id = ?", leader.id)).toBe(0);
  });

  it("allows past dates, a one-day study and the limits' edges", async () => {
    const leader = await signUp();
    const study = await createStudy(leader.token, {
      title: "가".repeat(120),
      description: "a".repeat(5000),
      startDate: "2024-02-29",
      endDate: "2024-02-29",
      maxMembers: 100,
      tags: Array.from({ length: 10 }, (_, i) => `태그${i}`),
    });
    expect(study.status).toBe("ended");
    expect(study.tags).toHaveLength(10);
  });
});

describe("GET /api/studies/:id", () => {
  it("shows the study with members to anyone, isMember for the caller", async () => {
    const leader = await signUp();
    const study = await createStudy(leader.token);
    const anonymous = await json<StudyJson>(await call("GET", `/api/studies/${study.id}`));
    expect(anonymous.isMember).toBe(false);
    expect(anonymous.members).toEqual([
      {
        id: leader.id,
        handle: expect.stringMatching(/^user_\d{4}$/),
        nickname: "학습자",
        avatarUrl: null,
        bio: "",
      },
    ]);
    const mine = await json<StudyJson>(
      await call("GET", `/api/studies/${study.id}`, { token: leader.token }),
    );
    expect(mine.isMember).toBe(true);
  });

  it("answers 404 for an unknown study", async () => {
    const response = await call("GET", "/api/studies/nope");
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe("not_found");
  });
});

describe("PATCH /api/studies/:id", () => {
  it("lets the leader edit any field", async () => {
    const leader = await signUp();
    const study = await createStudy(leader.token, { tags: ["old"] });
    const response = await call("PATCH", `/api/studies/${study.id}`, {
      token: leader.token,
      body: {
        title: "새 제목",
        description: "새 설명",
        mode: "offline",
        location: "판교",
        startDate: dayFromToday(1),
        endDate: dayFromToday(2),
        maxMembers: 3,
        tags: ["Go", "GO", "Rust"],
      },
    });
    expect(response.status).toBe(200);
    const edited = await json<StudyJson>(response);
    expect(edited).toMatchObject({
      title: "새 제목",
      description: "새 설명",
      mode: "offline",
      location: "판교",
      startDate: dayFromToday(1),
      endDate: dayFromToday(2),
      maxMembers: 3,
      tags: ["Go", "Rust"],
    });
    expect(Date.parse(edited.updatedAt)).toBeGreaterThanOrEqual(Date.parse(study.updatedAt));
    const cleared = await json<StudyJson>(
      await call("PATCH", `/api/studies/${study.id}`, {
        token: leader.token,
        body: { location: null, tags: [] },
      }),
    );
    expect(cleared).toMatchObject({ location: null, tags: [], title: "새 제목" });
  });

  it("is the leader's alone: 401, 403, 404", async () => {
    const [leader, other] = await Promise.all([signUp(), signUp()]);
    const study = await createStudy(leader.token);
    expect((await call("PATCH", `/api/studies/${study.id}`, { body: { title: "x" } })).status).toBe(401);
    const forbidden = await call("PATCH", `/api/studies/${study.id}`, {
      token: other.token,
      body: { title: "x" },
    });
    expect(forbidden.status).toBe(403);
    expect(await errorCode(forbidden)).toBe("forbidden");
    expect(
      (await call("PATCH", "/api/studies/nope", { token: leader.token, body: { title: "x" } })).status,
    ).toBe(404);
    const unchanged = await json<StudyJson>(await call("GET", `/api/studies/${study.id}`));
    expect(unchanged.title).toBe(study.title);
  });

  it("refuses maxMembers below memberCount (409) and dates out of order against the stored ones (422)", async () => {
    const [leader, member] = await Promise.all([signUp(), signUp()]);
    const study = await createStudy(leader.token, {
      maxMembers: 4,
      startDate: dayFromToday(0),
      endDate: dayFromToday(10),
    });
    await call("PUT", `/api/studies/${study.id}/membership`, { token: member.token });

    const below = await call("PATCH", `/api/studies/${study.id}`, {
      token: leader.token,
      body: { maxMembers: 1, title: "바뀌면 안 됨", tags: ["x"] },
    });
    expect(below.status).toBe(422); // 1 is under the 2..100 range: validation first
    const underCount = await call("PATCH", `/api/studies/${study.id}`, {
      token: leader.token,
      body: { maxMembers: 2, title: "바뀌면 안 됨" },
    });
    expect(underCount.status).toBe(200); // exactly the member count is allowed: the study is full

    await call("PATCH", `/api/studies/${study.id}`, { token: leader.token, body: { maxMembers: 3 } });
    const third = await signUp();
    await call("PUT", `/api/studies/${study.id}/membership`, { token: third.token });
    const conflict = await call("PATCH", `/api/studies/${study.id}`, {
      token: leader.token,
      body: { maxMembers: 2, title: "이것도 안 됨", tags: ["x"] },
    });
    expect(conflict.status).toBe(409);
    expect(await errorCode(conflict)).toBe("conflict");

    const early = await call("PATCH", `/api/studies/${study.id}`, {
      token: leader.token,
      body: { endDate: dayFromToday(-1), title: "이것도 안 됨" },
    });
    expect(early.status).toBe(422);
    const both = await call("PATCH", `/api/studies/${study.id}`, {
      token: leader.token,
      body: { startDate: dayFromToday(3), endDate: dayFromToday(2) },
    });
    expect(both.status).toBe(422);
    const lateStart = await call("PATCH", `/api/studies/${study.id}`, {
      token: leader.token,
      body: { startDate: dayFromToday(11) },
    });
    expect(lateStart.status).toBe(422);

    const after = await json<StudyJson>(await call("GET", `/api/studies/${study.id}`));
    expect(after).toMatchObject({
      title: "바뀌면 안 됨",
      maxMembers: 3,
      memberCount: 3,
      tags: [],
      endDate: dayFromToday(10),
    });
  });

  it("rejects invalid fields with 422", async () => {
    const leader = await signUp();
    const study = await createStudy(leader.token);
    for (const body of [
      { title: "" },
      { mode: "x" },
      { startDate: "2026-02-29" },
      { maxMembers: 101 },
      { nope: 1 },
    ]) {
      const response = await call("PATCH", `/api/studies/${study.id}`, { token: leader.token, body });
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
  });
});

describe("DELETE /api/studies/:id", () => {
  it("is the leader's alone and takes the group room with it", async () => {
    const [leader, member, other] = await Promise.all([signUp(), signUp(), signUp()]);
    const study = await createStudy(leader.token, { tags: ["삭제"] });
    await call("PUT", `/api/studies/${study.id}/membership`, { token: member.token });
    expect(await count("notifications WHERE study_id = ?", study.id)).toBe(1);

    expect((await call("DELETE", `/api/studies/${study.id}`)).status).toBe(401);
    expect((await call("DELETE", `/api/studies/${study.id}`, { token: member.token })).status).toBe(403);
    expect((await call("DELETE", `/api/studies/${study.id}`, { token: other.token })).status).toBe(403);
    expect((await call("DELETE", "/api/studies/nope", { token: leader.token })).status).toBe(404);
    expect(await count("studies WHERE id = ?", study.id)).toBe(1);

    expect((await call("DELETE", `/api/studies/${study.id}`, { token: leader.token })).status).toBe(204);
    expect((await call("GET", `/api/studies/${study.id}`)).status).toBe(404);
    expect(await count("chat_rooms WHERE study_id = ?", study.id)).toBe(0);
    expect(await count("room_members WHERE user_id IN (?, ?)", leader.id, member.id)).toBe(0);
    expect(await count("study_members WHERE study_id = ?", study.id)).toBe(0);
    expect(await count("study_tags WHERE study_id = ?", study.id)).toBe(0);
    expect(await count("notifications WHERE study_id = ?", study.id)).toBe(0);
  });
});
