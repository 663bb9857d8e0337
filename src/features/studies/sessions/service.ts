import { and, asc, eq, gte, isNull, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import {
  sessionAttendance,
  sessionRsvps,
  studies,
  studyMembers,
  studySessions,
  users,
} from "../../../db/schema";
import type { Effects } from "../../../effects";
import { conflict, forbidden, notFound, unauthorized, validationFailed } from "../../../lib/errors";
import { newId } from "../../../lib/ids";
import type { Page } from "../../../lib/pagination";
import { decodeCursor, encodeCursor } from "../../../lib/pagination";
import { toUserCard, type UserCard, userCardColumnsAs } from "../../../shared/user-card";
import { createdNotifications } from "../../notifications/record";
import { leaderOnly, readStudyHead, studyNotFound } from "../service";
import { loadSessions, type Session, sessionsByIds } from "./load";
import { announce, recordSessionNews, sessionNotice, studyMembersOf } from "./news";
import { weeklyOccurrences } from "./recurrence";
import type { CreateSessionInput, EditScope, SessionListQuery, UpdateSessionInput } from "./schema";
import { addDays, daysBetween, seoulInstant, seoulParts } from "./time";

export const sessionNotFound = () => notFound("모임");
export const sessionCancelled = () => conflict("취소된 모임입니다.", "session_cancelled");

/** The fields the rules look at, with the study's leader and title. */
export const readSessionHead = async (db: Db, sessionId: string) => {
  const head = await db
    .select({
      id: studySessions.id,
      studyId: studySessions.studyId,
      seriesId: studySessions.seriesId,
      title: studySessions.title,
      startsAt: studySessions.startsAt,
      endsAt: studySessions.endsAt,
      cancelledAt: studySessions.cancelledAt,
      leaderId: studies.leaderId,
      studyTitle: studies.title,
    })
    .from(studySessions)
    .innerJoin(studies, eq(studies.id, studySessions.studyId))
    .where(eq(studySessions.id, sessionId))
    .get();
  if (!head) throw sessionNotFound();
  return head;
};
export type SessionHead = Awaited<ReturnType<typeof readSessionHead>>;

export const requireSessionLeader = async (db: Db, sessionId: string, userId: string) => {
  const head = await readSessionHead(db, sessionId);
  if (head.leaderId !== userId) throw leaderOnly();
  return head;
};

const isLeaderOf = (studyId: string, userId: string) =>
  sql`EXISTS (SELECT 1 FROM studies WHERE id = ${studyId} AND leader_id = ${userId})`;

/**
 * Creates a session, or a weekly series of `repeatWeeks` occurrences sharing the first one's id
 * as `seriesId`, and tells every member, in one transaction. Each INSERT is guarded by the caller
 * still leading the study, so a study deleted meanwhile gets nothing (and no foreign-key error).
 */
export const createSessions = async (
  db: Db,
  {
    leaderId,
    studyId,
    input,
    now,
  }: { leaderId: string; studyId: string; input: CreateSessionInput; now: number },
  effects: Effects,
): Promise<Session[]> => {
  const study = await readStudyHead(db, studyId);
  if (study.leaderId !== leaderId) throw leaderOnly();
  const studyTitle = (
    await db.select({ title: studies.title }).from(studies).where(eq(studies.id, studyId)).get()
  )?.title;
  const first = {
    startsAt: seoulInstant(input.date, input.startTime),
    endsAt: seoulInstant(input.date, input.endTime),
  };
  const occurrences = weeklyOccurrences(first, input.repeatWeeks);
  const ids = occurrences.map(() => newId());
  const seriesId = input.repeatWeeks > 1 ? (ids[0] ?? null) : null;
  const [firstId = ""] = ids;
  const inserts = occurrences.map((occurrence, index) =>
    // Columns in table order: id, study_id, series_id, title, starts_at, ends_at, place, online_url,
    // agenda, cancelled_at, check_in_opens_at, check_in_closes_at, reminder_sent_at, created_at, updated_at.
    db.insert(studySessions).select(sql`SELECT ${ids[index]}, ${studyId}, ${seriesId}, ${input.title},
        ${occurrence.startsAt}, ${occurrence.endsAt}, ${input.place ?? null}, ${input.onlineUrl ?? null},
        ${input.agenda}, NULL, NULL, NULL, NULL, ${now}, ${now}
      WHERE ${isLeaderOf(studyId, leaderId)}`),
  );
  const [firstInsert, ...laterInserts] = inserts;
  if (!firstInsert) throw new Error("a series has at least one occurrence");
  const [, notified] = await db.batch([
    firstInsert,
    recordSessionNews(db, {
      session: { id: firstId, studyId },
      event: "created",
      actorId: leaderId,
      recipients: studyMembersOf(studyId),
      now,
    }),
    ...laterInserts,
  ]);
  const sessions = await sessionsByIds(db, ids, leaderId, now);
  // Nothing was stored when the study went between the check and the write.
  if (sessions.length === 0) throw studyNotFound();
  announce(effects, {
    notifications: createdNotifications([notified]),
    ...sessionNotice(
      "created",
      { id: firstId, studyId, title: input.title, startsAt: first.startsAt },
      studyTitle ?? "",
    ),
  });
  return sessions;
};

/** The rows an edit or cancellation with `scope` touches: this one, or it and the later ones of its series. */
const scopeRows = async (db: Db, head: SessionHead, scope: EditScope) => {
  const columns = {
    id: studySessions.id,
    startsAt: studySessions.startsAt,
    endsAt: studySessions.endsAt,
  };
  if (scope === "one" || head.seriesId === null) {
    return [{ id: head.id, startsAt: head.startsAt, endsAt: head.endsAt }];
  }
  return db
    .select(columns)
    .from(studySessions)
    .where(
      and(
        eq(studySessions.seriesId, head.seriesId),
        gte(studySessions.startsAt, head.startsAt),
        isNull(studySessions.cancelledAt),
      ),
    )
    .orderBy(asc(studySessions.startsAt));
};

const endBeforeStart = () =>
  validationFailed("입력값을 확인해 주세요.", [
    { path: "endTime", message: "끝나는 시간은 시작 시간보다 늦어야 합니다." },
  ]);

/**
 * Edits a session, or (`scope: "following"`) it and every later occurrence of its weekly series
 * that is not cancelled: fields sent replace each row's own; a new `date` moves each row by as
 * many days as it moves this one. A moved session gets a new reminder. One transaction, each
 * UPDATE guarded by the caller leading the study; members are told once, about this session.
 */
export const updateSession = async (
  db: Db,
  {
    leaderId,
    sessionId,
    input,
    now,
  }: { leaderId: string; sessionId: string; input: UpdateSessionInput; now: number },
  effects: Effects,
): Promise<Session[]> => {
  const head = await requireSessionLeader(db, sessionId, leaderId);
  if (head.cancelledAt !== null) throw sessionCancelled();
  const { scope, date, startTime, endTime, ...fields } = input;
  const dayShift = date ? daysBetween(seoulParts(head.startsAt).date, date) : 0;
  const rows = await scopeRows(db, head, scope);
  const planned = rows.map((row) => {
    const start = seoulParts(row.startsAt);
    const day = addDays(start.date, dayShift);
    const startsAt = seoulInstant(day, startTime ?? start.time);
    const endsAt = seoulInstant(day, endTime ?? seoulParts(row.endsAt).time);
    if (endsAt <= startsAt) throw endBeforeStart();
    return { id: row.id, startsAt, endsAt, moved: startsAt !== row.startsAt };
  });
  const updates = planned.map((row) =>
    db
      .update(studySessions)
      .set({
        ...fields,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        // A session moved after its reminder went out is reminded again at its new time.
        ...(row.moved ? { reminderSentAt: null } : {}),
        updatedAt: new Date(now),
      })
      .where(sql`${studySessions.id} = ${row.id} AND ${studySessions.cancelledAt} IS NULL
        AND ${isLeaderOf(head.studyId, leaderId)}`),
  );
  const [firstUpdate, ...laterUpdates] = updates;
  if (!firstUpdate) throw sessionNotFound();
  const [, notified] = await db.batch([
    firstUpdate,
    recordSessionNews(db, {
      session: head,
      event: "changed",
      actorId: leaderId,
      recipients: studyMembersOf(head.studyId),
      now,
    }),
    ...laterUpdates,
  ]);
  const sessions = await sessionsByIds(
    db,
    planned.map((row) => row.id),
    leaderId,
    now,
  );
  const edited = sessions.find((session) => session.id === sessionId);
  if (edited?.status === "cancelled") throw sessionCancelled();
  announce(effects, {
    notifications: createdNotifications([notified]),
    ...sessionNotice(
      "changed",
      { ...head, title: input.title ?? head.title, startsAt: planned[0]?.startsAt ?? head.startsAt },
      head.studyTitle,
    ),
  });
  return sessions;
};

/**
 * Cancels a session (or it and the later ones of its series). The rows stay, marked cancelled, so
 * members see what was called off; RSVPs and attendance stay with them. Cancelling again is a no-op.
 */
export const cancelSession = async (
  db: Db,
  { leaderId, sessionId, scope, now }: { leaderId: string; sessionId: string; scope: EditScope; now: number },
  effects: Effects,
): Promise<Session[]> => {
  const head = await requireSessionLeader(db, sessionId, leaderId);
  const rows = head.cancelledAt === null ? await scopeRows(db, head, scope) : [];
  const ids = rows.map((row) => row.id);
  const updates = ids.map((id) =>
    db
      .update(studySessions)
      .set({ cancelledAt: now, updatedAt: new Date(now) })
      .where(sql`${studySessions.id} = ${id} AND ${studySessions.cancelledAt} IS NULL
        AND ${isLeaderOf(head.studyId, leaderId)}`),
  );
  const [firstUpdate, ...laterUpdates] = updates;
  if (!firstUpdate) return sessionsByIds(db, [sessionId], leaderId, now);
  const [, notified] = await db.batch([
    firstUpdate,
    recordSessionNews(db, {
      session: head,
      event: "cancelled",
      actorId: leaderId,
      recipients: studyMembersOf(head.studyId),
      now,
    }),
    ...laterUpdates,
  ]);
  announce(effects, {
    notifications: createdNotifications([notified]),
    ...sessionNotice("cancelled", head, head.studyTitle),
  });
  return sessionsByIds(db, ids, leaderId, now);
};

/**
 * A study's sessions: `upcoming` (not yet ended, soonest first) or `past` (ended, latest first),
 * cancelled ones included and marked. Cursor pages over (starts_at, id).
 */
export const listStudySessions = async (
  db: Db,
  {
    viewerId,
    studyId,
    query,
    now,
  }: { viewerId: string | null; studyId: string; query: SessionListQuery; now: number },
): Promise<Page<Session>> => {
  await readStudyHead(db, studyId);
  const upcoming = query.when === "upcoming";
  const cursor = decodeCursor(query.cursor);
  const after = cursor
    ? upcoming
      ? sql`AND (s.starts_at > ${cursor.time} OR (s.starts_at = ${cursor.time} AND s.id > ${cursor.id}))`
      : sql`AND (s.starts_at < ${cursor.time} OR (s.starts_at = ${cursor.time} AND s.id < ${cursor.id}))`
    : sql``;
  const rows = await loadSessions(
    db,
    viewerId,
    sql`WHERE s.study_id = ${studyId} AND ${upcoming ? sql`s.ends_at > ${now}` : sql`s.ends_at <= ${now}`} ${after}
      ORDER BY ${upcoming ? sql`s.starts_at ASC, s.id ASC` : sql`s.starts_at DESC, s.id DESC`}
      LIMIT ${query.limit + 1}`,
    now,
  );
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ time: Date.parse(last.startsAt), id: last.id })
        : null,
  };
};

export interface SessionDetail extends Session {
  rsvps: { user: UserCard; status: "going" | "maybe" | "not_going" }[];
  attendance: { user: UserCard; checkedInAt: string; markedByLeader: boolean }[];
}

/** One session with who answered and who was there: for the study's members only. */
export const getSession = async (
  db: Db,
  { viewerId, sessionId, now }: { viewerId: string | null; sessionId: string; now: number },
): Promise<SessionDetail> => {
  if (viewerId === null) throw unauthorized();
  const [session] = await sessionsByIds(db, [sessionId], viewerId, now);
  if (!session) throw sessionNotFound();
  const member = await db.all<{ one: number }>(
    sql`SELECT 1 AS one FROM study_members WHERE study_id = ${session.studyId} AND user_id = ${viewerId}`,
  );
  if (member.length === 0) throw forbidden("스터디 멤버만 볼 수 있습니다.");
  const person = userCardColumnsAs("person");
  const [rsvps, attendance] = await db.batch([
    db
      .select({ ...person, status: sessionRsvps.status })
      .from(sessionRsvps)
      .innerJoin(users, eq(users.id, sessionRsvps.userId))
      .innerJoin(
        studyMembers,
        and(eq(studyMembers.studyId, session.studyId), eq(studyMembers.userId, sessionRsvps.userId)),
      )
      .where(eq(sessionRsvps.sessionId, sessionId))
      .orderBy(asc(sessionRsvps.updatedAt), asc(users.id)),
    db
      .select({ ...person, checkedInAt: sessionAttendance.checkedInAt, markedBy: sessionAttendance.markedBy })
      .from(sessionAttendance)
      .innerJoin(users, eq(users.id, sessionAttendance.userId))
      .where(eq(sessionAttendance.sessionId, sessionId))
      .orderBy(asc(sessionAttendance.checkedInAt), asc(users.id)),
  ]);
  return {
    ...session,
    rsvps: rsvps.map((row) => ({ user: toUserCard(row), status: row.status })),
    attendance: attendance.map((row) => ({
      user: toUserCard(row),
      checkedInAt: new Date(row.checkedInAt).toISOString(),
      markedByLeader: row.markedBy !== null,
    })),
  };
};
