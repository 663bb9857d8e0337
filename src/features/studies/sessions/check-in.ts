import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { sessionAttendance, studySessions } from "../../../db/schema";
import type { Effects } from "../../../effects";
import { conflict, validationFailed } from "../../../lib/errors";
import { createdNotifications } from "../../notifications/record";
import { type Session, sessionsByIds } from "./load";
import { announce, recordSessionNews, sessionNotice, studyMembersOf } from "./news";
import { memberOf, membersOnly } from "./rsvp";
import { readSessionHead, requireSessionLeader, sessionCancelled } from "./service";
import { MINUTE } from "./time";

/** The leader may open check-in from this long before the start until the session ends. */
export const CHECK_IN_LEAD = 30 * MINUTE;

const checkInClosed = () => conflict("출석 체크 시간이 아닙니다.", "check_in_closed");
const checkInUnavailable = () =>
  conflict("출석 체크는 모임 시작 30분 전부터 끝날 때까지 열 수 있습니다.", "check_in_unavailable");

/**
 * Opens check-in for `minutes` from now. One conditional UPDATE decides it: the caller leads the
 * study, the session is not cancelled, and now lies between 30 minutes before its start and its
 * end. Opening again restarts the window. Members are told (a notification and a push).
 */
export const openCheckIn = async (
  db: Db,
  {
    leaderId,
    sessionId,
    minutes,
    now,
  }: { leaderId: string; sessionId: string; minutes: number; now: number },
  effects: Effects,
): Promise<Session> => {
  const head = await requireSessionLeader(db, sessionId, leaderId);
  const [opened, notified] = await db.batch([
    db
      .update(studySessions)
      .set({ checkInOpensAt: now, checkInClosesAt: now + minutes * MINUTE, updatedAt: new Date(now) })
      .where(sql`${studySessions.id} = ${sessionId} AND ${studySessions.cancelledAt} IS NULL
        AND ${studySessions.startsAt} - ${CHECK_IN_LEAD} <= ${now} AND ${now} < ${studySessions.endsAt}
        AND EXISTS (SELECT 1 FROM studies WHERE id = ${head.studyId} AND leader_id = ${leaderId})`)
      .returning({ id: studySessions.id }),
    recordSessionNews(db, {
      session: head,
      event: "check_in_opened",
      actorId: leaderId,
      recipients: studyMembersOf(head.studyId),
      now,
    }),
  ]);
  if (opened.length === 0) throw head.cancelledAt !== null ? sessionCancelled() : checkInUnavailable();
  const [session] = await sessionsByIds(db, [sessionId], leaderId, now);
  if (!session) throw new Error("the session was just updated");
  announce(effects, {
    notifications: createdNotifications([notified]),
    ...sessionNotice("check_in_opened", head, head.studyTitle),
  });
  return session;
};

/** Ends the check-in window now (a no-op when it is not open). */
export const closeCheckIn = async (
  db: Db,
  { leaderId, sessionId, now }: { leaderId: string; sessionId: string; now: number },
): Promise<Session> => {
  await requireSessionLeader(db, sessionId, leaderId);
  await db
    .update(studySessions)
    .set({ checkInClosesAt: now, updatedAt: new Date(now) })
    .where(sql`${studySessions.id} = ${sessionId} AND ${studySessions.checkInClosesAt} > ${now}`);
  const [session] = await sessionsByIds(db, [sessionId], leaderId, now);
  if (!session) throw new Error("the session exists");
  return session;
};

/**
 * A member checks in with one tap. ONE conditional INSERT decides it: the caller is a member, the
 * session is not cancelled, and now is inside its opened check-in window. Checking in again
 * changes nothing and answers the same (idempotent). Non-members: 403; outside the window: 409.
 */
export const checkIn = async (
  db: Db,
  { userId, sessionId, now }: { userId: string; sessionId: string; now: number },
): Promise<Session> => {
  const head = await readSessionHead(db, sessionId);
  // Columns in table order: session_id, user_id, checked_in_at, marked_by.
  await db
    .insert(sessionAttendance)
    .select(sql`SELECT s.id, ${userId}, ${now}, NULL FROM study_sessions s
      WHERE s.id = ${sessionId} AND s.cancelled_at IS NULL
        AND s.check_in_opens_at <= ${now} AND s.check_in_closes_at >= ${now}
        AND EXISTS (SELECT 1 FROM study_members m WHERE m.study_id = s.study_id AND m.user_id = ${userId})`)
    .onConflictDoNothing();
  const [session, member] = await Promise.all([
    sessionsByIds(db, [sessionId], userId, now).then((found) => found[0]),
    memberOf(db, head.studyId, userId),
  ]);
  if (!member) throw membersOnly();
  if (session?.checkedIn) return session;
  if (head.cancelledAt !== null) throw sessionCancelled();
  throw checkInClosed();
};

/**
 * The leader marks a member present (or, with `present: false`, takes it back) at any time from
 * 30 minutes before the start: a forgotten tap is corrected after the session too.
 */
export const markAttendance = async (
  db: Db,
  {
    leaderId,
    sessionId,
    memberId,
    present,
    now,
  }: { leaderId: string; sessionId: string; memberId: string; present: boolean; now: number },
): Promise<Session> => {
  const head = await requireSessionLeader(db, sessionId, leaderId);
  if (head.cancelledAt !== null) throw sessionCancelled();
  if (!(await memberOf(db, head.studyId, memberId))) {
    throw validationFailed("스터디 멤버가 아닙니다.", [
      { path: "userId", message: "스터디 멤버가 아닙니다." },
    ]);
  }
  if (present) {
    if (now < head.startsAt - CHECK_IN_LEAD)
      throw conflict("아직 시작하지 않은 모임입니다.", "session_not_started");
    // Columns in table order: session_id, user_id, checked_in_at, marked_by. A member who checked
    // in themselves keeps their own record.
    await db
      .insert(sessionAttendance)
      .select(sql`SELECT ${sessionId}, ${memberId}, ${now}, ${leaderId}
        WHERE EXISTS (SELECT 1 FROM study_members WHERE study_id = ${head.studyId} AND user_id = ${memberId})`)
      .onConflictDoNothing();
  } else {
    await db
      .delete(sessionAttendance)
      .where(and(eq(sessionAttendance.sessionId, sessionId), eq(sessionAttendance.userId, memberId)));
  }
  const [session] = await sessionsByIds(db, [sessionId], leaderId, now);
  if (!session) throw new Error("the session exists");
  return session;
};
