import * as z from "zod";
import { rsvpStatuses } from "../../../db/schema";
import {
  CHECK_IN_MINUTES_MAX,
  CHECK_IN_MINUTES_MIN,
  SESSION_AGENDA_MAX,
  SESSION_PLACE_MAX,
  SESSION_REPEAT_WEEKS_MAX,
  SESSION_TITLE_MAX,
  SESSION_URL_MAX,
} from "../../../shared/limits";
import { wellFormedText } from "../../../shared/text";
import { calendarDate } from "../schema";
import { isWallTime } from "./time";

const title = z
  .string()
  .check(wellFormedText)
  .trim()
  .min(1, "모임 제목을 입력하세요.")
  .max(SESSION_TITLE_MAX, `모임 제목은 ${SESSION_TITLE_MAX}자 이하입니다.`);
const wallTime = z.string().refine(isWallTime, "시간은 HH:MM 형식입니다.");
const place = z
  .string()
  .check(wellFormedText)
  .trim()
  .max(SESSION_PLACE_MAX, `장소는 ${SESSION_PLACE_MAX}자 이하입니다.`)
  .nullable()
  .transform((value) => (value ? value : null));
const isWebUrl = (value: string) => {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
};

// Only http(s) links: the SPA renders this as a link, and `javascript:` must never become one.
const onlineUrl = z
  .string()
  .trim()
  .max(SESSION_URL_MAX, `링크는 ${SESSION_URL_MAX}자 이하입니다.`)
  .nullable()
  .transform((value) => (value ? value : null))
  .refine((value) => value === null || isWebUrl(value), "온라인 링크는 http:// 또는 https:// 주소입니다.");
const agenda = z
  .string()
  .check(wellFormedText)
  .max(SESSION_AGENDA_MAX, `안건은 ${SESSION_AGENDA_MAX.toLocaleString("en")}자 이하입니다.`);

const timesInOrder = (value: { startTime?: string; endTime?: string }) =>
  value.startTime === undefined || value.endTime === undefined || value.endTime > value.startTime;
const timesInOrderIssue = { message: "끝나는 시간은 시작 시간보다 늦어야 합니다.", path: ["endTime"] };

export const createSessionBody = z
  .object({
    title,
    date: calendarDate,
    startTime: wallTime,
    endTime: wallTime,
    place: place.optional(),
    onlineUrl: onlineUrl.optional(),
    agenda: agenda.default(""),
    /** 1 = a single session; n = this one and n - 1 more, a week apart. */
    repeatWeeks: z.number().int().min(1).max(SESSION_REPEAT_WEEKS_MAX).default(1),
  })
  .strict()
  .refine(timesInOrder, timesInOrderIssue);
export type CreateSessionInput = z.output<typeof createSessionBody>;

export const editScope = z.enum(["one", "following"]).default("one");
export type EditScope = z.output<typeof editScope>;

export const updateSessionBody = z
  .object({
    title: title.optional(),
    date: calendarDate.optional(),
    startTime: wallTime.optional(),
    endTime: wallTime.optional(),
    place: place.optional(),
    onlineUrl: onlineUrl.optional(),
    agenda: agenda.optional(),
    /** `following`: this occurrence and every later one of its weekly series. */
    scope: editScope,
  })
  .strict()
  .refine(timesInOrder, timesInOrderIssue);
export type UpdateSessionInput = z.output<typeof updateSessionBody>;

export const cancelSessionQuery = z.object({ scope: editScope });

export const rsvpBody = z.strictObject({ status: z.enum(rsvpStatuses) });

export const openCheckInBody = z.strictObject({
  /** How long check-in stays open from now. */
  minutes: z.number().int().min(CHECK_IN_MINUTES_MIN).max(CHECK_IN_MINUTES_MAX).default(30),
});

export const sessionIdParam = z.object({ id: z.string().min(1).max(64) });
export const attendeeParam = z.object({ id: z.string().min(1).max(64), userId: z.string().min(1).max(64) });

export const sessionListQuery = z.object({
  when: z.enum(["upcoming", "past"]).default("upcoming"),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SessionListQuery = z.output<typeof sessionListQuery>;
