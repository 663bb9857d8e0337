/**
 * A member's attendance over the sessions that counted for them, oldest first: `true` for each one
 * they attended. Pure, so the rules below are tested on their own.
 */
export interface AttendanceStats {
  attended: number;
  /** Sessions that counted: held (not cancelled), over (or attended already), not before joining. */
  total: number;
  /** attended / total, rounded to a whole percent; null when nothing counted yet. */
  rate: number | null;
  /** Attended in a row, counting back from the latest session that counted. */
  currentStreak: number;
  longestStreak: number;
}

export const attendanceStats = (history: boolean[]): AttendanceStats => {
  let attended = 0;
  let run = 0;
  let longestStreak = 0;
  for (const present of history) {
    if (present) {
      attended += 1;
      run += 1;
      longestStreak = Math.max(longestStreak, run);
    } else {
      run = 0;
    }
  }
  return {
    attended,
    total: history.length,
    rate: history.length === 0 ? null : Math.round((attended / history.length) * 100),
    currentStreak: run,
    longestStreak,
  };
};
