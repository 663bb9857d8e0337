import { env } from "cloudflare:workers";
import { createDb } from "../../src/db/client";
import { seoulToday } from "../../src/features/studies/dates";
import type { Study, StudyDetail } from "../../src/features/studies/load";
import { call, json } from "../helpers";

export const db = () => createDb(env.DB);

const DAY = 24 * 60 * 60 * 1000;
/** A Seoul calendar date `days` from today. */
export const dayFromToday = (days: number) => seoulToday(Date.now() + days * DAY);

/** A study as the API answers it; `members` only on the detail. */
export type StudyJson = Study & Partial<Pick<StudyDetail, "members">>;

export const studyBody = (overrides: Record<string, unknown> = {}) => ({
  title: "알고리즘 스터디",
  description: "매주 두 문제씩 풉니다.",
  mode: "online",
  startDate: dayFromToday(0),
  endDate: dayFromToday(30),
  maxMembers: 5,
  ...overrides,
});

export const createStudy = async (token: string, overrides: Record<string, unknown> = {}) => {
  const response = await call("POST", "/api/studies", { token, body: studyBody(overrides) });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return json<StudyJson>(response);
};

/** A random marker word, so assertions never depend on what other test files stored. */
export const marker = (prefix = "mk") => `${prefix}${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;

/** Rows in a table matching a condition, straight from D1. */
export const count = async (query: string, ...params: unknown[]) => {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${query}`)
    .bind(...params)
    .first<{ n: number }>();
  return row?.n ?? 0;
};

/** A random Hangul word of `length` syllables: Korean text no other test stored. */
export const hangul = (length: number) =>
  String.fromCharCode(...Array.from({ length }, () => 0xac00 + Math.floor(Math.random() * 11172)));
