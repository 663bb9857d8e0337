import { WEEK } from "./time";

export interface Occurrence {
  startsAt: number;
  endsAt: number;
}

/**
 * The occurrences of a weekly series: the first one and `weeks - 1` more, each 7 days after the
 * one before at the same Seoul wall-clock time (a fixed offset, so 7 × 24 h is always exact).
 */
export const weeklyOccurrences = (first: Occurrence, weeks: number): Occurrence[] =>
  Array.from({ length: weeks }, (_, week) => ({
    startsAt: first.startsAt + week * WEEK,
    endsAt: first.endsAt + week * WEEK,
  }));
