import { describe, expect, it } from "vitest";
import { deriveStatus, seoulToday } from "../../src/features/studies/dates";
import { listStudies } from "../../src/features/studies/list";
import { joinStudy } from "../../src/features/studies/membership";
import { getStudy } from "../../src/features/studies/service";
import { observedEffects } from "../effects";
import { call, errorCode, json, signUp } from "../helpers";
import { gateOf } from "../write-gate";
import { createStudy, dayFromToday, db, hangul, marker, type StudyJson } from "./fixtures";

interface PageJson {
  items: StudyJson[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

/** Creation times are milliseconds: keep "newest first" unambiguous. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

const list = async (query: string) => {
  const response = await call("GET", `/api/studies?${query}`);
  expect(response.status, query).toBe(200);
  return json<PageJson>(response);
};

describe("status, derived from Asia/Seoul dates and counts", () => {
  it("turns the Seoul date at 15:00 UTC", () => {
    expect(seoulToday(Date.UTC(2026, 0, 1, 14, 59, 59, 999))).toBe("2026-01-01");
    expect(seoulToday(Date.UTC(2026, 0, 1, 15, 0, 0))).toBe("2026-01-02");
    expect(seoulToday(Date.UTC(2026, 11, 31, 15, 0, 0))).toBe("2027-01-01");
  });

  it("is recruiting on endDate itself, ended from the day after, full when every seat is taken", () => {
    const study = { endDate: "2026-03-31", memberCount: 1, maxMembers: 2 };
    expect(deriveStatus(study, "2026-03-31")).toBe("recruiting");
    expect(deriveStatus(study, "2026-04-01")).toBe("ended");
    expect(deriveStatus({ ...study, memberCount: 2 }, "2026-03-31")).toBe("full");
    expect(deriveStatus({ ...study, memberCount: 2 }, "2026-04-01")).toBe("ended");
  });

  it("agrees between the item, the SQL filter and joining at the boundary", async () => {
    const [leader, member] = await Promise.all([signUp(), signUp()]);
    const tag = marker("end");
    const study = await createStudy(leader.token, {
      startDate: dayFromToday(-3),
      endDate: dayFromToday(0),
      tags: [tag],
    });
    expect(study.status).toBe("recruiting");
    expect((await list(`tag=${tag}&status=recruiting`)).items.map((s) => s.id)).toEqual([study.id]);
    expect((await list(`tag=${tag}&status=ended`)).total).toBe(0);

    const today = seoulToday();
    const tomorrow = dayFromToday(1);
    expect(tomorrow > today).toBe(true);
    expect((await getStudy(db(), { studyId: study.id, viewerId: null, today: tomorrow })).status).toBe(
      "ended",
    );
    const endedPage = await listStudies(
      db(),
      null,
      { page: 1, pageSize: 12, tag, status: "ended" },
      tomorrow,
    );
    expect(endedPage.items.map((s) => [s.id, s.status])).toEqual([[study.id, "ended"]]);
    const recruitingPage = await listStudies(
      db(),
      null,
      { page: 1, pageSize: 12, tag, status: "recruiting" },
      tomorrow,
    );
    expect(recruitingPage.total).toBe(0);
    await expect(
      joinStudy(
        db(),
        { studyId: study.id, userId: member.id, today: tomorrow },
        await gateOf(member),
        observedEffects().effects,
      ),
    ).rejects.toMatchObject({
      code: "study_ended",
    });
    // …while today the same study still takes members.
    expect(
      (
        await joinStudy(
          db(),
          { studyId: study.id, userId: member.id, today },
          await gateOf(member),
          observedEffects().effects,
        )
      ).memberCount,
    ).toBe(2);
  });
});

describe("GET /api/studies", () => {
  it("pages newest first with totals; past the end is empty", async () => {
    const leader = await signUp();
    const tag = marker("pg");
    const created: StudyJson[] = [];
    for (let i = 0; i < 3; i++) {
      created.push(await createStudy(leader.token, { title: `스터디 ${i}`, tags: [tag] }));
      await tick();
    }
    const newestFirst = created.map((s) => s.id).reverse();

    const first = await list(`tag=${tag.toUpperCase()}&pageSize=2`);
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 3, totalPages: 2 });
    expect(first.items.map((s) => s.id)).toEqual(newestFirst.slice(0, 2));
    const second = await list(`tag=${tag}&pageSize=2&page=2`);
    expect(second.items.map((s) => s.id)).toEqual(newestFirst.slice(2));
    const beyond = await list(`tag=${tag}&pageSize=2&page=3`);
    expect(beyond).toMatchObject({ items: [], page: 3, total: 3, totalPages: 2 });

    const defaults = await list(`tag=${tag}`);
    expect(defaults).toMatchObject({ page: 1, pageSize: 12 });
    expect(JSON.stringify(defaults)).not.toContain("@");
  });

  it("rejects pageSize and page out of range, and unknown filters' values, with 422", async () => {
    for (const query of [
      "pageSize=0",
      "pageSize=51",
      "page=0",
      "page=x",
      "status=open",
      "mode=hybrid",
      "q=",
    ]) {
      const response = await call("GET", `/api/studies?${query}`);
      expect(response.status, query).toBe(422);
      expect(await errorCode(response)).toBe("validation_failed");
    }
    expect((await call("GET", "/api/studies?pageSize=50")).status).toBe(200);
  });

  it("filters by mode, status, tag and text", async () => {
    const [leader, member] = await Promise.all([signUp(), signUp()]);
    const tag = marker("flt");
    const word = hangul(3);
    const short = hangul(2);
    const online = await createStudy(leader.token, { title: `${word}원 모집`, tags: [tag], maxMembers: 2 });
    await tick();
    const offline = await createStudy(leader.token, {
      mode: "offline",
      location: "서울",
      title: "오프라인 모임",
      description: `${short} 환영`,
      tags: [tag, "TypeScript"],
    });
    await tick();
    const ended = await createStudy(leader.token, {
      startDate: dayFromToday(-5),
      endDate: dayFromToday(-1),
      tags: [tag],
    });
    await call("PUT", `/api/studies/${online.id}/membership`, { token: member.token });

    const ids = async (query: string) => (await list(`tag=${tag}&${query}`)).items.map((s) => s.id);
    expect(await ids("mode=offline")).toEqual([offline.id]);
    expect(await ids("status=full")).toEqual([online.id]);
    expect(await ids("status=ended")).toEqual([ended.id]);
    expect(await ids("status=recruiting")).toEqual([offline.id]);
    expect(await ids(`q=${encodeURIComponent(word)}`)).toEqual([online.id]);
    expect(await ids(`q=${encodeURIComponent(short)}`)).toEqual([offline.id]);
    expect(await ids("q=typescript")).toEqual([offline.id]);
    expect(await ids(`q=${encodeURIComponent(`"${word}" AND *`)}`)).toEqual([]);
    expect((await list(`tag=${marker("none")}`)).total).toBe(0);
    const mine = await json<PageJson>(
      await call("GET", `/api/studies?tag=${tag}&mode=online`, { token: member.token }),
    );
    expect(mine.items.map((s) => [s.id, s.isMember])).toEqual([
      [ended.id, false],
      [online.id, true],
    ]);
  });
});
