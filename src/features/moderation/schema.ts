import * as z from "zod";
import {
  MODERATION_NOTE_MAX,
  REPORT_NOTE_MAX,
  reportReasons,
  SUSPENSION_DAYS_MAX,
} from "../../shared/moderation";
import { wellFormedText } from "../../shared/text";

const id = z.string().min(1).max(64);

/** What a report or a hide points at; a message also names its room (its id alone does not). */
export const targetRef = z.discriminatedUnion("type", [
  z.object({ type: z.literal("post"), id }).strict(),
  z.object({ type: z.literal("comment"), id }).strict(),
  z.object({ type: z.literal("user"), id }).strict(),
  z.object({ type: z.literal("message"), id, roomId: id }).strict(),
]);
export type TargetRef = z.infer<typeof targetRef>;

const note = (max: number) =>
  z
    .string()
    .check(wellFormedText)
    .trim()
    .max(max, `메모는 ${max}자 이하입니다.`)
    .transform((value) => (value === "" ? null : value));

export const createReportBody = z
  .object({ target: targetRef, reason: z.enum(reportReasons), note: note(REPORT_NOTE_MAX).optional() })
  .strict();

/** 1..365 days, or null for a permanent suspension. */
const days = z.int().min(1).max(SUSPENSION_DAYS_MAX).nullable();

export const resolveBody = z
  .object({
    action: z.enum(["dismiss", "hide", "suspend"]),
    days: days.optional(),
    note: note(MODERATION_NOTE_MAX).optional(),
  })
  .strict()
  .refine((body) => body.action !== "suspend" || body.days !== undefined, {
    path: ["days"],
    message: "정지 기간(days: 1..365 또는 null)을 정하세요.",
  });

export const suspensionBody = z
  .object({ days, reason: z.string().check(wellFormedText).trim().min(1).max(MODERATION_NOTE_MAX) })
  .strict();

export const roleBody = z.object({ role: z.enum(["member", "moderator"]) }).strict();

export const hideBody = z.object({ target: targetRef, note: note(MODERATION_NOTE_MAX).optional() }).strict();

export const reportListQuery = z.object({
  status: z.enum(["open", "resolved"]).default("open"),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const idParam = z.object({ id });
