import * as z from "zod";
import {
  MAX_STUDY_TAGS,
  STUDY_DESCRIPTION_MAX,
  STUDY_LOCATION_MAX,
  STUDY_TITLE_MAX,
  TAG_NAME_MAX,
} from "../../shared/limits";
import { wellFormedText } from "../../shared/text";
import { isCalendarDate } from "./dates";

export const title = z
  .string()
  .check(wellFormedText)
  .trim()
  .min(1, "제목을 입력하세요.")
  .max(STUDY_TITLE_MAX, "제목은 120자 이하입니다.");
export const description = z
  .string()
  .check(wellFormedText)
  .max(STUDY_DESCRIPTION_MAX, "설명은 5,000자 이하입니다.");
export const mode = z.enum(["online", "offline"], { message: "진행 방식은 online 또는 offline입니다." });
// Optional for both modes (an online study may name its meeting tool); blank means none.
export const location = z
  .string()
  .check(wellFormedText)
  .trim()
  .max(STUDY_LOCATION_MAX, "장소는 100자 이하입니다.")
  .nullable()
  .transform((value) => (value ? value : null));
export const calendarDate = z.string().refine(isCalendarDate, "날짜는 YYYY-MM-DD 형식의 실제 날짜입니다.");
export const maxMembers = z
  .number({ message: "정원은 숫자입니다." })
  .int("정원은 정수입니다.")
  .min(2, "정원은 2명 이상입니다.")
  .max(100, "정원은 100명 이하입니다.");
// Control characters (a `%00` in the tag route's path) would be stored and rendered invisibly.
export const tagName = z
  .string()
  .check(wellFormedText)
  .trim()
  .min(1, "태그를 입력하세요.")
  .max(TAG_NAME_MAX, "태그는 30자 이하입니다.")
  .regex(/^\P{Cc}*$/u, "태그에 제어 문자를 쓸 수 없습니다.");

/** Tags compare case-insensitively; the first spelling given wins. */
export const tagKey = (name: string) => name.toLowerCase();

const tagList = z
  .array(tagName)
  .transform((names) => {
    const byKey = new Map<string, string>();
    for (const name of names) if (!byKey.has(tagKey(name))) byKey.set(tagKey(name), name);
    return [...byKey.values()];
  })
  .refine((names) => names.length <= MAX_STUDY_TAGS, `태그는 ${MAX_STUDY_TAGS}개까지입니다.`);

const datesInOrder = (value: { startDate?: string; endDate?: string }) =>
  value.startDate === undefined || value.endDate === undefined || value.endDate >= value.startDate;
const datesInOrderIssue = { message: "종료일은 시작일과 같거나 그 이후여야 합니다.", path: ["endDate"] };

export const createStudyBody = z
  .object({
    title,
    description: description.default(""),
    mode,
    location: location.optional(),
    startDate: calendarDate,
    endDate: calendarDate,
    maxMembers,
    tags: tagList.default([]),
  })
  .strict()
  .refine(datesInOrder, datesInOrderIssue);

export type CreateStudyInput = z.output<typeof createStudyBody>;

/** Any create field; `tags` is the full new list. Dates are checked again against the stored ones. */
export const updateStudyBody = z
  .object({
    title: title.optional(),
    description: description.optional(),
    mode: mode.optional(),
    location: location.optional(),
    startDate: calendarDate.optional(),
    endDate: calendarDate.optional(),
    maxMembers: maxMembers.optional(),
    tags: tagList.optional(),
  })
  .strict()
  .refine(datesInOrder, datesInOrderIssue);

export type UpdateStudyInput = z.output<typeof updateStudyBody>;

export const studyIdParam = z.object({ id: z.string().min(1).max(64) });
export const tagParam = z.object({ id: z.string().min(1).max(64), name: tagName });

export const listStudiesQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(12),
  tag: tagName.optional(),
  status: z.enum(["recruiting", "full", "ended"]).optional(),
  mode: mode.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export type ListStudiesInput = z.output<typeof listStudiesQuery>;
