import { eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { calendarFeeds, studies, studySessions } from "../../../db/schema";
import { notFound } from "../../../lib/errors";
import { randomToken, sha256Hex } from "../../../lib/ids";
import { loadSessions, type Session } from "../sessions/load";
import { DAY } from "../sessions/time";
import { type CalendarEvent, calendarFeed } from "./ics";

export interface CalendarItem extends Session {
  studyTitle: string;
}

const mySessions = (userId: string) =>
  sql`s.study_id IN (SELECT study_id FROM study_members WHERE user_id = ${userId})`;

/** The caller's sessions that have not ended, across all their studies, soonest first (cancelled left out). */
export const upcomingForUser = async (
  db: Db,
  { userId, now, limit }: { userId: string; now: number; limit: number },
): Promise<CalendarItem[]> => {
  const sessions = await loadSessions(
    db,
    userId,
    sql`WHERE ${mySessions(userId)} AND s.ends_at > ${now} AND s.cancelled_at IS NULL
      ORDER BY s.starts_at ASC, s.id ASC LIMIT ${limit}`,
    now,
  );
  return withStudyTitles(db, sessions);
};

const withStudyTitles = async (db: Db, sessions: Session[]): Promise<CalendarItem[]> => {
  const ids = [...new Set(sessions.map((session) => session.studyId))];
  const titles = new Map<string, string>();
  if (ids.length > 0) {
    const rows = await db.all<{ id: string; title: string }>(
      sql`SELECT id, title FROM ${studies} WHERE id IN (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    for (const row of rows) titles.set(row.id, row.title);
  }
  return sessions.map((session) => ({ ...session, studyTitle: titles.get(session.studyId) ?? "" }));
};

export interface FeedStatus {
  active: boolean;
  createdAt: string | null;
}

export const feedStatus = async (db: Db, { userId }: { userId: string }): Promise<FeedStatus> => {
  const row = await db
    .select({ createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId))
    .get();
  return { active: row !== undefined, createdAt: row?.createdAt.toISOString() ?? null };
};

/**
 * A new secret feed token for the user; the old URL stops working at once. Only the token's
 * SHA-256 is stored, so the URL is shown this one time (regenerate to see a new one).
 */
export const regenerateFeed = async (db: Db, { userId }: { userId: string }) => {
  const token = randomToken(24);
  const tokenHash = await sha256Hex(token);
  await db
    .insert(calendarFeeds)
    .values({ userId, tokenHash, createdAt: new Date() })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenHash, createdAt: new Date() } });
  return token;
};

export const deleteFeed = (db: Db, { userId }: { userId: string }) =>
  db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId));

/** How far back a feed reaches: recent sessions stay on the calendar, with their cancellations. */
const FEED_PAST = 30 * DAY;
const FEED_LIMIT = 500;

/** The `.ics` text for a feed token; an unknown or replaced token is 404. */
export const feedForToken = async (
  db: Db,
  { token, appOrigin, now }: { token: string; appOrigin: string; now: number },
): Promise<string> => {
  const feed = await db
    .select({ userId: calendarFeeds.userId })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.tokenHash, await sha256Hex(token)))
    .get();
  if (!feed) throw notFound("캘린더");
  const rows = await db.all<{
    id: string;
    studyId: string;
    studyTitle: string;
    title: string;
    startsAt: number;
    endsAt: number;
    place: string | null;
    onlineUrl: string | null;
    agenda: string;
    cancelledAt: number | null;
    updatedAt: number;
  }>(sql`SELECT s.id, s.study_id AS studyId, st.title AS studyTitle, s.title, s.starts_at AS startsAt,
      s.ends_at AS endsAt, s.place, s.online_url AS onlineUrl, s.agenda, s.cancelled_at AS cancelledAt,
      s.updated_at AS updatedAt
    FROM ${studySessions} s JOIN studies st ON st.id = s.study_id
    WHERE ${mySessions(feed.userId)} AND s.ends_at > ${now - FEED_PAST}
    ORDER BY s.starts_at ASC LIMIT ${FEED_LIMIT}`);
  const events: CalendarEvent[] = rows.map((row) => {
    const url = `${appOrigin}/studies/${row.studyId}#session-${row.id}`;
    return {
      uid: `${row.id}@orgo`,
      start: row.startsAt,
      end: row.endsAt,
      stamp: row.updatedAt,
      summary: `${row.studyTitle} · ${row.title}`,
      description: [row.agenda, row.onlineUrl ?? "", url].filter(Boolean).join("\n\n"),
      location: row.place ?? row.onlineUrl,
      url,
      cancelled: row.cancelledAt !== null,
    };
  });
  return calendarFeed("OrGo 스터디 모임", events);
};
