import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { chatRooms, roomMembers, studies, studyMembers } from "../../db/schema";
import { conflict } from "../../lib/errors";
import type { CreatedNotification } from "../notifications/publish";
import { createdNotifications, recordNotification } from "../notifications/record";
import type { StudyDetail } from "./load";
import { getStudy, readStudyHead } from "./service";

const studyFull = () => conflict("정원이 모두 찼습니다.", "study_full");
const studyEnded = () => conflict("이미 끝난 스터디입니다.", "study_ended");

const isMember = async (db: Db, studyId: string, userId: string) =>
  (await db
    .select({ userId: studyMembers.userId })
    .from(studyMembers)
    .where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.userId, userId)))
    .get()) !== undefined;

/**
 * SQLite's message when the member insert below found no seat taken. D1 has no RAISE() outside
 * triggers; a NULL into a NOT NULL column is how a statement aborts (and rolls back) its batch.
 */
const NO_SEAT = /NOT NULL constraint failed: study_members\.user_id/;

const causes = (error: unknown): string => {
  const messages: string[] = [];
  for (let cause = error; cause instanceof Error; cause = cause.cause) messages.push(cause.message);
  return messages.join(" | ");
};

/**
 * Joins a study and its group chat room, and notifies the leader, in one transaction.
 *
 * The seat is taken by ONE conditional UPDATE (a seat free, the study not ended, the caller not
 * already a member). The member insert right after it yields its user id only when that UPDATE
 * changed a row (`changes() = 1`); otherwise it inserts NULL, which aborts the whole batch, so
 * the room membership and the notification after it can never outlive a join that did not
 * happen. N concurrent joins on K free seats therefore admit exactly K.
 * Joining again is a no-op that answers like a join.
 */
export const joinStudy = async (
  db: Db,
  studyId: string,
  userId: string,
  today: string,
): Promise<{ study: StudyDetail; notifications: CreatedNotification[] }> => {
  const head = await readStudyHead(db, studyId);
  const done = async (notifications: CreatedNotification[] = []) => ({
    study: await getStudy(db, studyId, userId, today),
    notifications,
  });
  if (await isMember(db, studyId, userId)) return done();
  if (head.endDate < today) throw studyEnded();

  const now = Date.now();
  try {
    const [, , , notified] = await db.batch([
      db
        .update(studies)
        .set({ memberCount: sql`${studies.memberCount} + 1` })
        .where(sql`${studies.id} = ${studyId} AND ${studies.memberCount} < ${studies.maxMembers}
          AND ${studies.endDate} >= ${today}
          AND NOT EXISTS (SELECT 1 FROM study_members WHERE study_id = ${studyId} AND user_id = ${userId})`),
      // Columns in table order: study_id, user_id, joined_at.
      db
        .insert(studyMembers)
        .select(sql`SELECT ${studyId}, CASE WHEN changes() = 1 THEN ${userId} END, ${now}`),
      // Columns in table order: room_id, user_id, last_read_seq, joined_at. A newcomer starts with
      // the history read: unread counts what arrives after joining.
      db
        .insert(roomMembers)
        .select(sql`SELECT id, ${userId}, last_seq, ${now} FROM chat_rooms WHERE study_id = ${studyId}`)
        .onConflictDoNothing(),
      recordNotification(
        db,
        { recipientId: head.leaderId, actorId: userId, kind: "study_join", targetId: studyId, studyId },
        now,
      ),
    ]);
    return done(createdNotifications([notified]));
  } catch (error) {
    if (!NO_SEAT.test(causes(error))) throw error;
    // No seat was taken and nothing was written; say why as things stand now.
    const current = await readStudyHead(db, studyId);
    if (await isMember(db, studyId, userId)) return done();
    if (current.endDate < today) throw studyEnded();
    throw studyFull();
  }
};

/**
 * Leaves a study and its group chat room. The seat is given back only when a membership row was
 * actually deleted, so leaving twice never frees two seats.
 */
export const leaveStudy = async (db: Db, studyId: string, userId: string, today: string) => {
  const head = await readStudyHead(db, studyId);
  if (head.leaderId === userId) {
    throw conflict("스터디장은 나갈 수 없습니다. 스터디를 삭제하세요.", "leader_cannot_leave");
  }
  const [, , leftRooms] = await db.batch([
    db.delete(studyMembers).where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.userId, userId))),
    db
      .update(studies)
      .set({ memberCount: sql`${studies.memberCount} - 1` })
      .where(sql`${studies.id} = ${studyId} AND changes() = 1`),
    db
      .delete(roomMembers)
      .where(
        and(
          eq(roomMembers.userId, userId),
          inArray(
            roomMembers.roomId,
            db.select({ id: chatRooms.id }).from(chatRooms).where(eq(chatRooms.studyId, studyId)),
          ),
        ),
      )
      .returning({ roomId: roomMembers.roomId }),
  ]);
  // The room the member left, so the caller can close their open sockets there.
  return { study: await getStudy(db, studyId, userId, today), leftRoomId: leftRooms[0]?.roomId ?? null };
};
