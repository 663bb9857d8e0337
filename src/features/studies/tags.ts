import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { studies, studyTags } from "../../db/schema";
import { validationFailed } from "../../lib/errors";
import { MAX_STUDY_TAGS } from "../../shared/limits";
import { tagKey } from "./schema";
import { getStudy, requireLeader } from "./service";

// Raw SQL goes inside query builders here: drizzle 0.45 cannot batch a raw statement with parameters.

/** Bumps `updatedAt` only when the statement just before it in the batch changed a row. */
const touchIfChanged = (db: Db, studyId: string) =>
  db.update(studies).set({ updatedAt: new Date() }).where(sql`${studies.id} = ${studyId} AND changes() = 1`);

/**
 * Adds a tag (idempotent: a tag already there in any letter case stays as it is). The limit is
 * part of the one INSERT, so two concurrent adds cannot make an eleventh tag.
 */
export const addTag = async (
  db: Db,
  {
    studyId,
    viewerId: userId,
    name,
    today,
  }: { studyId: string; viewerId: string; name: string; today: string },
) => {
  await requireLeader(db, { studyId, userId });
  const key = tagKey(name);
  const [inserted, , existing] = await db.batch([
    // Columns in table order: study_id, name, name_key.
    db
      .insert(studyTags)
      .select(sql`SELECT ${studyId}, ${name}, ${key}
        WHERE EXISTS (SELECT 1 FROM studies WHERE id = ${studyId})
          AND (SELECT count(*) FROM study_tags WHERE study_id = ${studyId}) < ${MAX_STUDY_TAGS}`)
      .onConflictDoNothing(),
    touchIfChanged(db, studyId),
    db
      .select({ key: studyTags.nameKey })
      .from(studyTags)
      .where(and(eq(studyTags.studyId, studyId), eq(studyTags.nameKey, key))),
  ]);
  if (inserted.meta.changes === 0 && existing.length === 0) {
    throw validationFailed(`태그는 ${MAX_STUDY_TAGS}개까지입니다.`, [
      { path: "tags", message: `태그는 ${MAX_STUDY_TAGS}개까지입니다.` },
    ]);
  }
  return getStudy(db, { studyId, viewerId: userId, today });
};

/** Removes a tag, whatever its letter case; removing one that is not there changes nothing. */
export const removeTag = async (
  db: Db,
  {
    studyId,
    viewerId: userId,
    name,
    today,
  }: { studyId: string; viewerId: string; name: string; today: string },
) => {
  await requireLeader(db, { studyId, userId });
  await db.batch([
    db.delete(studyTags).where(and(eq(studyTags.studyId, studyId), eq(studyTags.nameKey, tagKey(name)))),
    touchIfChanged(db, studyId),
  ]);
  return getStudy(db, { studyId, viewerId: userId, today });
};
