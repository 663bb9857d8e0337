import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { WriteGate } from "../../auth/write-gate";
import type { Db } from "../../db/client";
import { blocks, chatRooms, roomMembers, studies, studyMembers, studyTags, users } from "../../db/schema";
import type { Effects } from "../../effects";
import { conflict, forbidden, notFound, validationFailed } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { toUserCard, type UserCardRow, userCardColumns } from "../../shared/user-card";
import { type StudyDetail, type StudyRow, selectStudyRows, toStudy } from "./load";
import { type CreateStudyInput, tagKey, type UpdateStudyInput } from "./schema";

export const studyNotFound = () => notFound("스터디");
export const leaderOnly = () => forbidden("스터디장만 할 수 있습니다.");

/** The fields the rules look at, as a statement for a write's own batch. */
export const selectStudyHead = (db: Db, studyId: string) =>
  db
    .select({
      leaderId: studies.leaderId,
      startDate: studies.startDate,
      endDate: studies.endDate,
      memberCount: studies.memberCount,
      maxMembers: studies.maxMembers,
    })
    .from(studies)
    .where(eq(studies.id, studyId));

/** The fields the rules look at; a study's leader never changes, so checking it first is safe. */
export const readStudyHead = async (db: Db, studyId: string) => {
  const head = await selectStudyHead(db, studyId).get();
  if (!head) throw studyNotFound();
  return head;
};

export const requireLeader = async (db: Db, { studyId, userId }: { studyId: string; userId: string }) => {
  const head = await readStudyHead(db, studyId);
  if (head.leaderId !== userId) throw leaderOnly();
  return head;
};

/**
 * The feeds' block rule for the member list: a member with a block either way with the viewer is
 * left out, except for the study's leader, who runs the study and sees everyone
 * (docs/api/moderation.md). `memberCount` still counts every seat.
 */
const memberShownTo = (viewerId: string | null, studyId: string) =>
  viewerId
    ? sql`(${viewerId} = (SELECT ${studies.leaderId} FROM ${studies} WHERE ${studies.id} = ${studyId})
        OR NOT EXISTS (SELECT 1 FROM ${blocks}
          WHERE (${blocks.blockerId} = ${viewerId} AND ${blocks.blockedId} = ${studyMembers.userId})
             OR (${blocks.blockerId} = ${studyMembers.userId} AND ${blocks.blockedId} = ${viewerId})))`
    : sql`1`;

/** The statements of a study's detail, for a batch of their own or of a write that changes it. */
export const selectStudyDetail = (
  db: Db,
  { studyId, viewerId }: { studyId: string; viewerId: string | null },
) =>
  [
    selectStudyRows(db, viewerId, sql`WHERE s.id = ${studyId}`),
    db
      .select(userCardColumns)
      .from(studyMembers)
      .innerJoin(users, eq(users.id, studyMembers.userId))
      .where(and(eq(studyMembers.studyId, studyId), memberShownTo(viewerId, studyId)))
      .orderBy(asc(studyMembers.joinedAt), asc(users.id)),
  ] as const;

/** The detail from the results of `selectStudyDetail`; 404 when the study is gone. */
export const toStudyDetail = (rows: StudyRow[], members: UserCardRow[], today: string): StudyDetail => {
  const row = rows[0];
  if (!row) throw studyNotFound();
  return { ...toStudy(row, today), members: members.map(toUserCard) };
};

export const getStudy = async (
  db: Db,
  { studyId, viewerId, today }: { studyId: string; viewerId: string | null; today: string },
): Promise<StudyDetail> => {
  const [rows, members] = await db.batch(selectStudyDetail(db, { studyId, viewerId }));
  return toStudyDetail(rows, members, today);
};

const tagRows = (studyId: string, names: string[]) =>
  names.map((name) => ({ studyId, name, nameKey: tagKey(name) }));

/** The study's tags in ONE statement (batch positions stay fixed), only when `condition` holds. */
const insertTags = (db: Db, studyId: string, names: string[], condition: SQL) =>
  // Columns in table order: study_id, name, name_key.
  db.insert(studyTags).select(
    // A VALUES list, not UNION ALL: D1 caps the terms of a compound SELECT below the tag limit.
    sql`SELECT * FROM (VALUES ${sql.join(
      tagRows(studyId, names).map((tag) => sql`(${tag.studyId}, ${tag.name}, ${tag.nameKey})`),
      sql`, `,
    )}) WHERE ${condition}`,
  );

/**
 * The study, its leader as member #1, its tags, its group chat room and the leader's seat in that
 * room, all in one transaction: there is never a study without its room. One round trip with the
 * write's admission and the detail it answers: the study's INSERT carries the admission, and every
 * later INSERT runs only when the study row is there.
 */
export const createStudy = async (
  db: Db,
  leaderId: string,
  input: CreateStudyInput,
  today: string,
  gate: WriteGate,
) => {
  const studyId = newId();
  const roomId = newId();
  const now = Date.now();
  const { tags } = input;
  const made = sql`EXISTS (SELECT 1 FROM studies WHERE id = ${studyId})`;
  // Query builders around raw SQL: drizzle 0.45 cannot batch a raw statement that has parameters.
  // Each SELECT lists the table's columns in the schema's order.
  const [counted, session, , , , , , rows, members] = await db.batch([
    gate.count,
    gate.session,
    db.insert(studies).select(
      // id, leader, title, description, mode, location, start, end, max, member_count, created, updated.
      sql`SELECT ${studyId}, ${leaderId}, ${input.title}, ${input.description}, ${input.mode},
        ${input.location ?? null}, ${input.startDate}, ${input.endDate}, ${input.maxMembers}, 1, ${now}, ${now}
        WHERE ${gate.open}`,
    ),
    // study_id, user_id, joined_at.
    db.insert(studyMembers).select(sql`SELECT ${studyId}, ${leaderId}, ${now} WHERE ${made}`),
    tags.length > 0 ? insertTags(db, studyId, tags, made) : db.run(sql`SELECT 1`),
    // id, kind, study_id, direct_key, last_seq, last_message, created_at, updated_at.
    db
      .insert(chatRooms)
      .select(sql`SELECT ${roomId}, 'study', ${studyId}, NULL, 0, NULL, ${now}, ${now} WHERE ${made}`),
    // room_id, user_id, last_read_seq, joined_at.
    db.insert(roomMembers).select(sql`SELECT ${roomId}, ${leaderId}, 0, ${now} WHERE ${made}`),
    ...selectStudyDetail(db, { studyId, viewerId: leaderId }),
  ]);
  gate.admit(counted, session);
  return toStudyDetail(rows, members, today);
};

/**
 * Edits a study, in one round trip with the write's admission. Every changing statement carries
 * the same guard (the caller leads it, the new `maxMembers` is not below the seats taken, the dates
 * stay in order, the write is admitted), evaluated inside the transaction, so a join can never
 * leave more members than seats; the guard reads nothing the batch changes, so it holds for all
 * statements or none. The study as it stood, read first in the same transaction, says why not.
 */
export const updateStudy = async (
  db: Db,
  {
    studyId,
    viewerId: userId,
    input,
    today,
  }: { studyId: string; viewerId: string; input: UpdateStudyInput; today: string },
  gate: WriteGate,
) => {
  const guard = sql`id = ${studyId} AND leader_id = ${userId}
    AND member_count <= ${input.maxMembers ?? sql`max_members`}
    AND coalesce(${input.endDate ?? null}, end_date) >= coalesce(${input.startDate ?? null}, start_date)
    AND ${gate.open}`;
  const { tags, ...fields } = input;
  const guarded = sql`EXISTS (SELECT 1 FROM studies WHERE ${guard})`;
  const noop = () => db.run(sql`SELECT 1`);
  const [counted, session, [head], updated, , , rows, members] = await db.batch([
    gate.count,
    gate.session,
    selectStudyHead(db, studyId),
    db
      .update(studies)
      .set({ ...fields, updatedAt: new Date() })
      .where(guard),
    tags ? db.delete(studyTags).where(and(eq(studyTags.studyId, studyId), guarded)) : noop(),
    tags && tags.length > 0 ? insertTags(db, studyId, tags, guarded) : noop(),
    ...selectStudyDetail(db, { studyId, viewerId: userId }),
  ]);
  gate.admit(counted, session);
  if (!head) throw studyNotFound();
  if (head.leaderId !== userId) throw leaderOnly();
  if (updated.meta.changes === 0) {
    const startDate = input.startDate ?? head.startDate;
    const endDate = input.endDate ?? head.endDate;
    if (input.maxMembers !== undefined && input.maxMembers < head.memberCount && endDate >= startDate)
      throw belowMembers();
    throw datesOutOfOrder();
  }
  return toStudyDetail(rows, members, today);
};

const datesOutOfOrder = () =>
  validationFailed("입력값을 확인해 주세요.", [
    { path: "endDate", message: "종료일은 시작일과 같거나 그 이후여야 합니다." },
  ]);
const belowMembers = () => conflict("정원을 현재 인원보다 적게 줄일 수 없습니다.");

/**
 * Deletes the study; foreign-key cascades remove its members, tags, notifications and its group
 * chat room with the room's members. The room's message log lives in its ChatRoom Durable Object,
 * purged after this commit.
 */
export const deleteStudy = async (
  db: Db,
  { studyId, viewerId: userId }: { studyId: string; viewerId: string },
  effects: Effects,
) => {
  await requireLeader(db, { studyId, userId });
  const [room] = await db.batch([
    db.select({ id: chatRooms.id }).from(chatRooms).where(eq(chatRooms.studyId, studyId)),
    db.delete(studies).where(and(eq(studies.id, studyId), eq(studies.leaderId, userId))),
  ]);
  const roomId = room[0]?.id;
  if (roomId) effects.purgeRoom({ roomId });
};
