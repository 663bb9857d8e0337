import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import type { RsvpStatus } from "../../../db/schema";
import { chunked } from "../../../shared/d1";
import { seoulParts } from "./time";

export type SessionStatus = "upcoming" | "ongoing" | "past" | "cancelled";

/** A meeting of a study, as the API answers it (docs/api/study-sessions.md). */
export interface Session {
  id: string;
  studyId: string;
  /** Shared by the occurrences of one weekly series; null for a single session. */
  seriesId: string | null;
  title: string;
  /** Asia/Seoul date and wall-clock times; `startsAt`/`endsAt` are the same instants in UTC. */
  date: string;
  startTime: string;
  endTime: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  /** Members only (null for everyone else). */
  onlineUrl: string | null;
  agenda: string;
  status: SessionStatus;
  rsvpCounts: { going: number; maybe: number; notGoing: number };
  myRsvp: RsvpStatus | null;
  checkIn: { opensAt: string; closesAt: string; open: boolean } | null;
  attendeeCount: number;
  checkedIn: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SessionRow {
  id: string;
  studyId: string;
  seriesId: string | null;
  title: string;
  startsAt: number;
  endsAt: number;
  place: string | null;
  onlineUrl: string | null;
  agenda: string;
  cancelledAt: number | null;
  checkInOpensAt: number | null;
  checkInClosesAt: number | null;
  createdAt: number;
  updatedAt: number;
  going: number;
  maybe: number;
  notGoing: number;
  myRsvp: RsvpStatus | null;
  attendeeCount: number;
  checkedIn: number;
  isMember: number;
}

/**
 * Every field of a Session in one statement: RSVP counts, the viewer's RSVP and check-in, and
 * whether the viewer is a member (who alone sees the online link). Callers add `WHERE … ORDER BY`
 * with the alias `s` for study_sessions.
 */
// Someone who left the study keeps their old answers on record, but they no longer count.
const stillMember = sql`EXISTS (SELECT 1 FROM study_members m WHERE m.study_id = s.study_id AND m.user_id = r.user_id)`;

export const selectSessions = (viewerId: string | null, rest: SQL) => sql`
  SELECT s.id, s.study_id AS studyId, s.series_id AS seriesId, s.title, s.starts_at AS startsAt,
         s.ends_at AS endsAt, s.place, s.online_url AS onlineUrl, s.agenda, s.cancelled_at AS cancelledAt,
         s.check_in_opens_at AS checkInOpensAt, s.check_in_closes_at AS checkInClosesAt,
         s.created_at AS createdAt, s.updated_at AS updatedAt,
         (SELECT count(*) FROM session_rsvps r WHERE r.session_id = s.id AND r.status = 'going' AND ${stillMember}) AS going,
         (SELECT count(*) FROM session_rsvps r WHERE r.session_id = s.id AND r.status = 'maybe' AND ${stillMember}) AS maybe,
         (SELECT count(*) FROM session_rsvps r WHERE r.session_id = s.id AND r.status = 'not_going' AND ${stillMember}) AS notGoing,
         (SELECT r.status FROM session_rsvps r WHERE r.session_id = s.id AND r.user_id = ${viewerId}) AS myRsvp,
         (SELECT count(*) FROM session_attendance a WHERE a.session_id = s.id) AS attendeeCount,
         EXISTS (SELECT 1 FROM session_attendance a WHERE a.session_id = s.id AND a.user_id = ${viewerId}) AS checkedIn,
         EXISTS (SELECT 1 FROM study_members m WHERE m.study_id = s.study_id AND m.user_id = ${viewerId}) AS isMember
  FROM study_sessions s
  ${rest}`;

const iso = (instant: number) => new Date(instant).toISOString();

export const sessionStatus = (
  row: { cancelledAt: number | null; startsAt: number; endsAt: number },
  now: number,
): SessionStatus => {
  if (row.cancelledAt !== null) return "cancelled";
  if (now < row.startsAt) return "upcoming";
  return now < row.endsAt ? "ongoing" : "past";
};

/** Whether `now` lies in an opened check-in window of a session that is not cancelled. */
export const checkInIsOpen = (
  row: { cancelledAt: number | null; checkInOpensAt: number | null; checkInClosesAt: number | null },
  now: number,
) =>
  row.cancelledAt === null &&
  row.checkInOpensAt !== null &&
  row.checkInClosesAt !== null &&
  row.checkInOpensAt <= now &&
  now <= row.checkInClosesAt;

export const toSession = (row: SessionRow, now: number): Session => {
  const start = seoulParts(row.startsAt);
  return {
    id: row.id,
    studyId: row.studyId,
    seriesId: row.seriesId,
    title: row.title,
    date: start.date,
    startTime: start.time,
    endTime: seoulParts(row.endsAt).time,
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    place: row.place,
    onlineUrl: row.isMember === 1 ? row.onlineUrl : null,
    agenda: row.agenda,
    status: sessionStatus(row, now),
    rsvpCounts: { going: row.going, maybe: row.maybe, notGoing: row.notGoing },
    myRsvp: row.myRsvp,
    checkIn:
      row.checkInOpensAt !== null && row.checkInClosesAt !== null
        ? {
            opensAt: iso(row.checkInOpensAt),
            closesAt: iso(row.checkInClosesAt),
            open: checkInIsOpen(row, now),
          }
        : null,
    attendeeCount: row.attendeeCount,
    checkedIn: row.checkedIn === 1,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
};

export const loadSessions = async (db: Db, viewerId: string | null, rest: SQL, now: number) =>
  (await db.all<SessionRow>(selectSessions(viewerId, rest))).map((row) => toSession(row, now));

/** Sessions by id, in start order. */
export const sessionsByIds = async (db: Db, ids: string[], viewerId: string | null, now: number) => {
  const found: Session[] = [];
  for (const chunk of chunked(ids)) {
    found.push(
      ...(await loadSessions(
        db,
        viewerId,
        sql`WHERE s.id IN (${sql.join(
          chunk.map((id) => sql`${id}`),
          sql`, `,
        )})`,
        now,
      )),
    );
  }
  return found.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
};
