import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { sessionAttendance, studies, studyMembers, studySessions, users } from "../../../db/schema";
import { toUserCard, type UserCard, userCardColumnsAs } from "../../../shared/user-card";
import { readStudyHead } from "../service";
import { type AttendanceStats, attendanceStats } from "./attendance-math";
import { seoulParts } from "./time";

interface HeldSession {
  id: string;
  studyId: string;
  title: string;
  startsAt: number;
  endsAt: number;
}

/**
 * Which of a study's sessions count for a member, oldest first: held (not cancelled) and begun, not
 * over before they joined, and either over or already attended (a session in progress counts once
 * you are checked in, and never against you before it ends).
 */
const countedFor = (
  sessions: HeldSession[],
  joinedAt: number,
  attended: Set<string>,
  now: number,
): { session: HeldSession; present: boolean }[] =>
  sessions
    .filter((session) => session.endsAt > joinedAt && (session.endsAt <= now || attended.has(session.id)))
    .map((session) => ({ session, present: attended.has(session.id) }));

const heldSessions = (db: Db, studyIds: string[], now: number) =>
  db
    .select({
      id: studySessions.id,
      studyId: studySessions.studyId,
      title: studySessions.title,
      startsAt: studySessions.startsAt,
      endsAt: studySessions.endsAt,
    })
    .from(studySessions)
    .where(
      and(
        inArray(studySessions.studyId, studyIds),
        isNull(studySessions.cancelledAt),
        lte(studySessions.startsAt, now),
      ),
    )
    .orderBy(asc(studySessions.startsAt), asc(studySessions.id));

export interface MemberAttendance extends AttendanceStats {
  user: UserCard;
}

/** Every member's attendance in a study, in member-list order (oldest member first). */
export const studyAttendance = async (
  db: Db,
  { studyId, now }: { studyId: string; now: number },
): Promise<MemberAttendance[]> => {
  await readStudyHead(db, studyId);
  const member = userCardColumnsAs("member");
  const [members, sessions, present] = await db.batch([
    db
      .select({ ...member, joinedAt: studyMembers.joinedAt })
      .from(studyMembers)
      .innerJoin(users, eq(users.id, studyMembers.userId))
      .where(eq(studyMembers.studyId, studyId))
      .orderBy(asc(studyMembers.joinedAt), asc(users.id)),
    heldSessions(db, [studyId], now),
    db
      .select({ sessionId: sessionAttendance.sessionId, userId: sessionAttendance.userId })
      .from(sessionAttendance)
      .innerJoin(studySessions, eq(studySessions.id, sessionAttendance.sessionId))
      .where(eq(studySessions.studyId, studyId)),
  ]);
  const byUser = new Map<string, Set<string>>();
  for (const row of present) byUser.set(row.userId, (byUser.get(row.userId) ?? new Set()).add(row.sessionId));
  return members.map((row) => ({
    user: toUserCard(row),
    ...attendanceStats(
      countedFor(sessions, row.joinedAt.getTime(), byUser.get(row.id) ?? new Set(), now).map(
        (entry) => entry.present,
      ),
    ),
  }));
};

export interface AttendanceHistory extends AttendanceStats {
  items: { sessionId: string; title: string; date: string; startTime: string; attended: boolean }[];
}

/** One member's record in one study: each session that counted for them, newest first, and the maths. */
export const memberAttendance = async (
  db: Db,
  { studyId, userId, now }: { studyId: string; userId: string; now: number },
): Promise<AttendanceHistory> => {
  await readStudyHead(db, studyId);
  const [membership, sessions, present] = await db.batch([
    db
      .select({ joinedAt: studyMembers.joinedAt })
      .from(studyMembers)
      .where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.userId, userId))),
    heldSessions(db, [studyId], now),
    db
      .select({ sessionId: sessionAttendance.sessionId })
      .from(sessionAttendance)
      .innerJoin(studySessions, eq(studySessions.id, sessionAttendance.sessionId))
      .where(and(eq(studySessions.studyId, studyId), eq(sessionAttendance.userId, userId))),
  ]);
  const attended = new Set(present.map((row) => row.sessionId));
  // A former member keeps the sessions they attended on record.
  const joinedAt = membership[0]?.joinedAt.getTime() ?? Number.POSITIVE_INFINITY;
  const counted = sessions.filter(
    (session) =>
      attended.has(session.id) ||
      (membership.length > 0 && session.endsAt > joinedAt && session.endsAt <= now),
  );
  return {
    ...attendanceStats(counted.map((session) => attended.has(session.id))),
    items: counted
      .map((session) => {
        const start = seoulParts(session.startsAt);
        return {
          sessionId: session.id,
          title: session.title,
          date: start.date,
          startTime: start.time,
          attended: attended.has(session.id),
        };
      })
      .reverse(),
  };
};

export interface StudyAttendance extends AttendanceStats {
  study: { id: string; title: string };
}

/** A user's attendance in each study they are a member of (for their profile), newest membership first. */
export const userAttendance = async (
  db: Db,
  { userId, now }: { userId: string; now: number },
): Promise<StudyAttendance[]> => {
  const memberships = await db
    .select({ studyId: studies.id, title: studies.title, joinedAt: studyMembers.joinedAt })
    .from(studyMembers)
    .innerJoin(studies, eq(studies.id, studyMembers.studyId))
    .where(eq(studyMembers.userId, userId))
    .orderBy(sql`${studyMembers.joinedAt} DESC`)
    .limit(50);
  if (memberships.length === 0) return [];
  const studyIds = memberships.map((row) => row.studyId);
  const [sessions, present] = await db.batch([
    heldSessions(db, studyIds, now),
    db
      .select({ sessionId: sessionAttendance.sessionId })
      .from(sessionAttendance)
      .innerJoin(studySessions, eq(studySessions.id, sessionAttendance.sessionId))
      .where(and(eq(sessionAttendance.userId, userId), inArray(studySessions.studyId, studyIds))),
  ]);
  const attended = new Set(present.map((row) => row.sessionId));
  return memberships.map((row) => ({
    study: { id: row.studyId, title: row.title },
    ...attendanceStats(
      countedFor(
        sessions.filter((session) => session.studyId === row.studyId),
        row.joinedAt.getTime(),
        attended,
        now,
      ).map((entry) => entry.present),
    ),
  }));
};
