import type { Session } from "../../src/features/studies/sessions/load";
import { seoulParts } from "../../src/features/studies/sessions/time";
import { call, json, signUp, type TestUser } from "../helpers";
import { createStudy, type StudyJson } from "../studies/fixtures";

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

/** A session body `daysAhead` days from now, 19:00–21:00 Seoul. */
export const sessionBody = (daysAhead: number, overrides: Record<string, unknown> = {}) => ({
  title: "3주차: 그래프 탐색",
  date: seoulParts(Date.now() + daysAhead * DAY).date,
  startTime: "19:00",
  endTime: "21:00",
  place: "강남역 스터디카페",
  onlineUrl: "https://meet.example.com/abc",
  agenda: "- BFS\n- DFS",
  ...overrides,
});

export const createSessions = async (token: string, studyId: string, body: Record<string, unknown>) => {
  const response = await call("POST", `/api/studies/${studyId}/sessions`, { token, body });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return (await json<{ items: Session[] }>(response)).items;
};

/** A leader, a member and an outsider around one study. */
export const studyWithMember = async (): Promise<{
  leader: TestUser;
  member: TestUser;
  outsider: TestUser;
  study: StudyJson;
}> => {
  const [leader, member, outsider] = await Promise.all([
    signUp("스터디장"),
    signUp("멤버"),
    signUp("외부인"),
  ]);
  const study = await createStudy(leader.token, { maxMembers: 10 });
  const joined = await call("PUT", `/api/studies/${study.id}/membership`, { token: member.token });
  if (joined.status !== 200) throw new Error(`join failed: ${joined.status}`);
  return { leader, member, outsider, study };
};

/** A Seoul date and times for an instant, as a create body wants them. */
export const at = (startsAt: number, minutes: number) => {
  const start = seoulParts(startsAt);
  return {
    date: start.date,
    startTime: start.time,
    endTime: seoulParts(startsAt + minutes * 60 * 1000).time,
  };
};

/** A random instant on a whole minute in the 2030s, so no other test's sessions share its hour. */
export const farFuture = () => {
  const base = Date.parse("2031-01-05T01:00:00.000Z");
  return base + Math.floor(Math.random() * 3000) * DAY;
};
