import { and, eq, inArray, sql } from "drizzle-orm";
import type { WriteGate } from "../../auth/write-gate";
import type { Db } from "../../db/client";
import { chatRooms, roomMembers, studies, studyMembers } from "../../db/schema";
import type { Effects } from "../../effects";
import { conflict } from "../../lib/errors";
import { pushesOf, recordNotificationWithPush } from "../notifications/record";
import type { StudyDetail } from "./load";
import { selectStudyDetail, selectStudyHead, studyNotFound, toStudyDetail } from "./service";

const studyFull = () => conflict("정원이 모두 찼습니다.", "study_full");
const studyEnded = () => conflict("이미 끝난 스터디입니다.", "study_ended");

/**
 * Joins a study and its group chat room, and notifies the leader, in one transaction and one round
 * trip (with the write's admission).
 *
 * The seat is taken by ONE conditional UPDATE (a seat free, the study not ended, the caller not
 * already a member, the write admitted), which returns the study only when it took one. Each later
 * statement runs only if the one before it did (`changes() = 1`, or the new membership row for the
 * notification), so a join that found no seat writes nothing. N concurrent joins on K free seats
 * admit exactly K. Joining again is a no-op that answers like a join. The membership and end date
 * read before the UPDATE, in the same transaction, say why no seat was taken.
 */
export const joinStudy = async (
  db: Db,
  { studyId, userId, today }: { studyId: string; userId: string; today: string },
  gate: WriteGate,
  effects: Effects,
): Promise<StudyDetail> => {
  const now = Date.now();
  const [counted, session, memberBefore, [head], seat, , joinedRooms, , pushed, rows, members] =
    await db.batch([
      gate.count,
      gate.session,
      db
        .select({ userId: studyMembers.userId })
        .from(studyMembers)
        .where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.userId, userId))),
      db.select({ endDate: studies.endDate }).from(studies).where(eq(studies.id, studyId)),
      db
        .update(studies)
        .set({ memberCount: sql`${studies.memberCount} + 1` })
        .where(sql`${studies.id} = ${studyId} AND ${studies.memberCount} < ${studies.maxMembers}
        AND ${studies.endDate} >= ${today}
        AND NOT EXISTS (SELECT 1 FROM study_members WHERE study_id = ${studyId} AND user_id = ${userId})
        AND ${gate.open}`)
        .returning({ id: studies.id }),
      // Columns in table order: study_id, user_id, joined_at.
      db.insert(studyMembers).select(sql`SELECT ${studyId}, ${userId}, ${now} WHERE changes() = 1`),
      // Columns in table order: room_id, user_id, last_read_seq, joined_at. A newcomer starts with
      // the history read: unread counts what arrives after joining.
      db
        .insert(roomMembers)
        .select(
          sql`SELECT id, ${userId}, last_seq, ${now} FROM chat_rooms WHERE study_id = ${studyId} AND changes() = 1`,
        )
        .onConflictDoNothing()
        .returning({ roomId: roomMembers.roomId }),
      ...recordNotificationWithPush(
        db,
        {
          recipientId: sql`(SELECT leader_id FROM studies WHERE id = ${studyId})`,
          actorId: userId,
          kind: "study_join",
          targetId: studyId,
          studyId,
          onlyIf: sql`EXISTS (SELECT 1 FROM study_members
          WHERE study_id = ${studyId} AND user_id = ${userId} AND joined_at = ${now})`,
        },
        now,
      ),
      ...selectStudyDetail(db, { studyId, viewerId: userId }),
    ]);
  gate.admit(counted, session);
  if (!head) throw studyNotFound();
  if (seat.length > 0) {
    effects.deliver(pushesOf([pushed]));
    // The room lets the newcomer speak, and their inbox starts with the history read.
    const joinedRoomId = joinedRooms[0]?.roomId;
    if (joinedRoomId) await effects.roomMembersChanged({ roomId: joinedRoomId, joined: [userId] });
  } else if (memberBefore.length === 0) throw head.endDate < today ? studyEnded() : studyFull();
  return toStudyDetail(rows, members, today);
};

/**
 * Leaves a study and its group chat room (whose open sockets of the member then close). The seat
 * is given back only when a membership row was actually deleted, so leaving twice never frees two.
 * One round trip with the write's admission and the detail it answers; the leader's own row is
 * never deleted (the statements are guarded on it), and the study as read says why.
 */
export const leaveStudy = async (
  db: Db,
  { studyId, userId, today }: { studyId: string; userId: string; today: string },
  gate: WriteGate,
  effects: Effects,
) => {
  const allowed = sql`NOT EXISTS (SELECT 1 FROM studies WHERE id = ${studyId} AND leader_id = ${userId}) AND ${gate.open}`;
  const [counted, session, [head], , , leftRooms, rows, members] = await db.batch([
    gate.count,
    gate.session,
    selectStudyHead(db, studyId),
    db
      .delete(studyMembers)
      .where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.userId, userId), allowed)),
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
          allowed,
        ),
      )
      .returning({ roomId: roomMembers.roomId }),
    ...selectStudyDetail(db, { studyId, viewerId: userId }),
  ]);
  gate.admit(counted, session);
  if (!head) throw studyNotFound();
  if (head.leaderId === userId) {
    throw conflict("스터디장은 나갈 수 없습니다. 스터디를 삭제하세요.", "leader_cannot_leave");
  }
  const leftRoomId = leftRooms[0]?.roomId;
  if (leftRoomId) await effects.roomMembersChanged({ roomId: leftRoomId, left: [userId] });
  return toStudyDetail(rows, members, today);
};
