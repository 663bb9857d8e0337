import { and, eq, sql } from "drizzle-orm";
import type { WriteGate } from "../../auth/write-gate";
import type { Db } from "../../db/client";
import { studies, studyTags } from "../../db/schema";
import { validationFailed } from "../../lib/errors";
import { MAX_STUDY_TAGS } from "../../shared/limits";
import { tagKey } from "./schema";
import { leaderOnly, selectStudyDetail, selectStudyHead, studyNotFound, toStudyDetail } from "./service";

// Raw SQL goes inside query builders here: drizzle 0.45 cannot batch a raw statement with parameters.

/** Bumps `updatedAt` only when the statement just before it in the batch changed a row. */
const touchIfChanged = (db: Db, studyId: string) =>
  db.update(studies).set({ updatedAt: new Date() }).where(sql`${studies.id} = ${studyId} AND changes() = 1`);

/** The caller leads the study and the write is admitted: the guard of a tag change. */
const leaderWrite = (studyId: string, userId: string, gate: WriteGate) =>
  sql`EXISTS (SELECT 1 FROM studies WHERE id = ${studyId} AND leader_id = ${userId}) AND ${gate.open}`;

/** 404 when the study (as the batch read it) is gone, 403 when the caller does not lead it. */
const assertLeader = (head: { leaderId: string } | undefined, userId: string) => {
  if (!head) throw studyNotFound();
  if (head.leaderId !== userId) throw leaderOnly();
};

/**
 * Adds a tag (idempotent: a tag already there in any letter case stays as it is). The limit is
 * part of the one INSERT, so two concurrent adds cannot make an eleventh tag. One round trip with
 * the write's admission and the detail it answers.
 */
export const addTag = async (
  db: Db,
  {
    studyId,
    viewerId: userId,
    name,
    today,
  }: { studyId: string; viewerId: string; name: string; today: string },
  gate: WriteGate,
) => {
  const key = tagKey(name);
  const [counted, session, [head], inserted, , existing, rows, members] = await db.batch([
    gate.count,
    gate.session,
    selectStudyHead(db, studyId),
    // Columns in table order: study_id, name, name_key.
    db
      .insert(studyTags)
      .select(sql`SELECT ${studyId}, ${name}, ${key}
        WHERE ${leaderWrite(studyId, userId, gate)}
          AND (SELECT count(*) FROM study_tags WHERE study_id = ${studyId}) < ${MAX_STUDY_TAGS}`)
      .onConflictDoNothing(),
    touchIfChanged(db, studyId),
    db
      .select({ key: studyTags.nameKey })
      .from(studyTags)
      .where(and(eq(studyTags.studyId, studyId), eq(studyTags.nameKey, key))),
    ...selectStudyDetail(db, { studyId, viewerId: userId }),
  ]);
  gate.admit(counted, session);
  assertLeader(head, userId);
  if (inserted.meta.changes === 0 && existing.length === 0) {
    throw validationFailed(`태그는 ${MAX_STUDY_TAGS}개까지입니다.`, [
      { path: "tags", message: `태그는 ${MAX_STUDY_TAGS}개까지입니다.` },
    ]);
  }
  return toStudyDetail(rows, members, today);
};

/**
 * Removes a tag, whatever its letter case; removing one that is not there changes nothing. One
 * round trip with the write's admission and the detail it answers.
 */
export const removeTag = async (
  db: Db,
  {
    studyId,
    viewerId: userId,
    name,
    today,
  }: { studyId: string; viewerId: string; name: string; today: string },
  gate: WriteGate,
) => {
  const [counted, session, [head], , , rows, members] = await db.batch([
    gate.count,
    gate.session,
    selectStudyHead(db, studyId),
    db
      .delete(studyTags)
      .where(
        and(
          eq(studyTags.studyId, studyId),
          eq(studyTags.nameKey, tagKey(name)),
          leaderWrite(studyId, userId, gate),
        ),
      ),
    touchIfChanged(db, studyId),
    ...selectStudyDetail(db, { studyId, viewerId: userId }),
  ]);
  gate.admit(counted, session);
  assertLeader(head, userId);
  return toStudyDetail(rows, members, today);
};
