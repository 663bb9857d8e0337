import { describe, expect, it } from "vitest";
import { call, errorCode, json, signUp } from "../helpers";
import { count, createStudy, dayFromToday, type StudyJson } from "./fixtures";

const join = (id: string, token?: string) => call("PUT", `/api/studies/${id}/membership`, { token });
const leave = (id: string, token?: string) => call("DELETE", `/api/studies/${id}/membership`, { token });
const roomSeat = (studyId: string, userId: string) =>
  count(
    "room_members m JOIN chat_rooms r ON r.id = m.room_id WHERE r.study_id = ? AND m.user_id = ?",
    studyId,
    userId,
  );

describe("PUT /api/studies/:id/membership", () => {
  it("joins the study and its room, notifies the leader, and is idempotent", async () => {
    const [leader, member] = await Promise.all([signUp("리더"), signUp("참여자")]);
    const study = await createStudy(leader.token);

    const response = await join(study.id, member.token);
    expect(response.status).toBe(200);
    const joined = await json<StudyJson>(response);
    expect(joined).toMatchObject({ memberCount: 2, isMember: true });
    expect(joined.members?.map((m) => m.id)).toEqual([leader.id, member.id]);
    expect(await roomSeat(study.id, member.id)).toBe(1);
    expect(
      await count(
        "notifications WHERE user_id = ? AND actor_id = ? AND kind = 'study_join' AND target_id = ? AND study_id = ?",
        leader.id,
        member.id,
        study.id,
        study.id,
      ),
    ).toBe(1);

    const again = await join(study.id, member.token);
    expect(again.status).toBe(200);
    expect((await json<StudyJson>(again)).memberCount).toBe(2);
    expect(await count("study_members WHERE study_id = ?", study.id)).toBe(2);
    expect(await count("notifications WHERE study_id = ?", study.id)).toBe(1);

    // The leader joining their own study is the same no-op, and never notifies themselves.
    expect((await json<StudyJson>(await join(study.id, leader.token))).memberCount).toBe(2);
  });

  it("answers 401 without a token and 404 for an unknown study", async () => {
    const leader = await signUp();
    const study = await createStudy(leader.token);
    expect((await join(study.id)).status).toBe(401);
    const user = await signUp();
    expect((await join("nope", user.token)).status).toBe(404);
    expect(await count("study_members WHERE user_id = ?", user.id)).toBe(0);
  });

  it("refuses a full study (409 study_full) and an ended one (409 study_ended), storing nothing", async () => {
    const [leader, first, late] = await Promise.all([signUp(), signUp(), signUp()]);
    const full = await createStudy(leader.token, { maxMembers: 2 });
    expect((await join(full.id, first.token)).status).toBe(200);
    const refused = await join(full.id, late.token);
    expect(refused.status).toBe(409);
    expect(await errorCode(refused)).toBe("study_full");
    const fullNow = await json<StudyJson>(await call("GET", `/api/studies/${full.id}`));
    expect(fullNow).toMatchObject({ memberCount: 2, status: "full" });

    const ended = await createStudy(leader.token, {
      startDate: dayFromToday(-10),
      endDate: dayFromToday(-1),
    });
    const tooLate = await join(ended.id, late.token);
    expect(tooLate.status).toBe(409);
    expect(await errorCode(tooLate)).toBe("study_ended");

    expect(await count("study_members WHERE user_id = ?", late.id)).toBe(0);
    expect(await count("room_members WHERE user_id = ?", late.id)).toBe(0);
    expect(await count("notifications WHERE actor_id = ?", late.id)).toBe(0);
  });

  it("admits exactly 5 of 20 concurrent joins on 5 free seats", async () => {
    const leader = await signUp("정원");
    const study = await createStudy(leader.token, { maxMembers: 6 });
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => signUp(`동시${i}`)));

    const responses = await Promise.all(users.map((user) => join(study.id, user.token)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 409)).toHaveLength(15);
    const codes = await Promise.all(
      responses.filter((response) => response.status === 409).map((response) => errorCode(response)),
    );
    expect(new Set(codes)).toEqual(new Set(["study_full"]));

    const after = await json<StudyJson>(await call("GET", `/api/studies/${study.id}`));
    expect(after).toMatchObject({ memberCount: 6, maxMembers: 6, status: "full" });
    expect(after.members).toHaveLength(6);
    expect(await count("study_members WHERE study_id = ?", study.id)).toBe(6);
    expect(
      await count("room_members m JOIN chat_rooms r ON r.id = m.room_id WHERE r.study_id = ?", study.id),
    ).toBe(6);
    expect(await count("notifications WHERE study_id = ? AND user_id = ?", study.id, leader.id)).toBe(5);
  });

  it("counts one seat when the same user joins twice at once", async () => {
    const [leader, member] = await Promise.all([signUp(), signUp()]);
    const study = await createStudy(leader.token, { maxMembers: 5 });
    const responses = await Promise.all([join(study.id, member.token), join(study.id, member.token)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    const after = await json<StudyJson>(await call("GET", `/api/studies/${study.id}`));
    expect(after.memberCount).toBe(2);
    expect(await count("notifications WHERE study_id = ?", study.id)).toBe(1);
  });
});

describe("DELETE /api/studies/:id/membership", () => {
  it("leaves the study and its room, gives the seat back once, and is idempotent", async () => {
    const [leader, member] = await Promise.all([signUp(), signUp()]);
    const study = await createStudy(leader.token, { maxMembers: 2 });
    await join(study.id, member.token);

    const response = await leave(study.id, member.token);
    expect(response.status).toBe(200);
    expect(await json<StudyJson>(response)).toMatchObject({
      memberCount: 1,
      isMember: false,
      status: "recruiting",
    });
    expect(await roomSeat(study.id, member.id)).toBe(0);
    expect(await roomSeat(study.id, leader.id)).toBe(1);

    const again = await leave(study.id, member.token);
    expect(again.status).toBe(200);
    expect((await json<StudyJson>(again)).memberCount).toBe(1);
  });

  it("never lets the leader leave (409 leader_cannot_leave)", async () => {
    const leader = await signUp();
    const study = await createStudy(leader.token);
    const response = await leave(study.id, leader.token);
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe("leader_cannot_leave");
    expect(await count("study_members WHERE study_id = ? AND user_id = ?", study.id, leader.id)).toBe(1);
    expect(await roomSeat(study.id, leader.id)).toBe(1);
  });

  it("answers 401 without a token and 404 for an unknown study", async () => {
    const user = await signUp();
    expect((await leave("nope")).status).toBe(401);
    expect((await leave("nope", user.token)).status).toBe(404);
  });
});
