import { SEOUL_OFFSET_MS } from "../dates";

/** Session times are written as an Asia/Seoul date and wall-clock times (API.md § Conventions). */

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/** `HH:MM`, 00:00..23:59. */
export const isWallTime = (value: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value);

/** The instant of a Seoul date and wall-clock time (Korea has no DST, so the offset is fixed). */
export const seoulInstant = (date: string, time: string): number =>
  Date.parse(`${date}T${time}:00.000Z`) - SEOUL_OFFSET_MS;

/** The Seoul date (`YYYY-MM-DD`) and time (`HH:MM`) of an instant. */
export const seoulParts = (instant: number): { date: string; time: string } => {
  const iso = new Date(instant + SEOUL_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
};

/** The number of days from one Seoul date to another (both `YYYY-MM-DD`). */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / DAY);

/** A Seoul date `days` later (or earlier). */
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);
