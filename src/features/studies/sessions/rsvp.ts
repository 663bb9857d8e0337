import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { type RsvpStatus, sessionRsvps } from "../../../db/schema";
import { conflict, forbidden } from "../../../lib/errors";
import { type Session, sessionsByIds } from "./load";
import { readSessionHead, sessionCancelled } from "./service";

export const membersOnly = () => forbidden("스터디 멤버만 할 수 있습니다.");
const sessionOver = () => conflict("이미 끝난 모임입니다.", "session_over");

const isMember = (userId: string) =>
  sql`EXISTS (SELECT 1 FROM study_members m WHERE m.study_id = s.study_id AND m.user_id = ${userId})`;

/**
 * Going / maybe / not going. ONE conditional upsert: it writes only for a member, on a session that
 * is neither cancelled nor over, all judged inside the statement; changing one's answer replaces it.
 */
export const setRsvp = async (
  db: Db,
  { userId, sessionId, status, now }: { userId: string; sessionId: string; status: RsvpStatus; now: number },
): Promise<Session> => {
  await readSessionHead(db, sessionId);
  // Columns in table order: session_id, user_id, status, updated_at.
  const written = await db
    .insert(sessionRsvps)
    .select(sql`SELECT s.id, ${userId}, ${status}, ${now} FROM study_sessions s
      WHERE s.id = ${sessionId} AND s.cancelled_at IS NULL AND s.ends_at > ${now} AND ${isMember(userId)}`)
    .onConflictDoUpdate({
      target: [sessionRsvps.sessionId, sessionRsvps.userId],
      set: { status: sql`excluded.status`, updatedAt: sql`excluded.updated_at` },
    })
    .returning({ sessionId: sessionRsvps.sessionId });
  const [session] = await sessionsByIds(db, [sessionId], userId, now);
  if (written.length > 0 && session) return session;
  // Nothing was written; say why as things stand now.
  const head = await readSessionHead(db, sessionId);
  if (!(await memberOf(db, head.studyId, userId))) throw membersOnly();
  if (head.cancelledAt !== null) throw sessionCancelled();
  throw sessionOver();
};

export const memberOf = async (db: Db, studyId: string, userId: string) =>
  (
    await db.all<{ one: number }>(
      sql`SELECT 1 AS one FROM study_members WHERE study_id = ${studyId} AND user_id = ${userId}`,
    )
  ).length > 0;
