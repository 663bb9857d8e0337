/** Study dates are calendar dates in Asia/Seoul (API.md § Conventions). */

// Korea has kept UTC+9 all year since 1988, so a fixed offset is exact and needs no tz database.
export const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;

/** Today's date in Asia/Seoul as `YYYY-MM-DD`, which compares in date order as text. */
export const seoulToday = (now: number = Date.now()): string =>
  new Date(now + SEOUL_OFFSET_MS).toISOString().slice(0, 10);

/** A real calendar date written `YYYY-MM-DD` (rejects 2026-02-30 and the like). */
export const isCalendarDate = (value: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

export type StudyStatus = "recruiting" | "full" | "ended";

/**
 * Never stored: ended from the day after `endDate`, else full when every seat is taken, else
 * recruiting. `statusCondition` in list.ts states the same rules in SQL; keep the two together.
 */
export const deriveStatus = (
  study: { endDate: string; memberCount: number; maxMembers: number },
  today: string,
): StudyStatus => {
  if (study.endDate < today) return "ended";
  return study.memberCount >= study.maxMembers ? "full" : "recruiting";
};
