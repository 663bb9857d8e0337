import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { parseTerms } from "../search/terms";
import type { StudyStatus } from "./dates";
import { type Study, selectStudyRows, toStudy } from "./load";
import { type ListStudiesInput, tagKey } from "./schema";

/** `deriveStatus` (dates.ts) in SQL, so filtering and paging agree with what each item says. */
const statusCondition = (status: StudyStatus, today: string): SQL => {
  switch (status) {
    case "ended":
      return sql`s.end_date < ${today}`;
    case "full":
      return sql`s.end_date >= ${today} AND s.member_count >= s.max_members`;
    case "recruiting":
      return sql`s.end_date >= ${today} AND s.member_count < s.max_members`;
  }
};

/** Words of 3+ characters go through the trigram index, shorter ones through the gram index. */
const textCondition = (q: string): SQL[] => {
  const terms = parseTerms(q);
  const conditions: SQL[] = [];
  if (terms.match) {
    conditions.push(sql`s.rowid IN (SELECT rowid FROM studies_fts WHERE studies_fts MATCH ${terms.match})`);
  }
  if (terms.gramMatch) {
    conditions.push(
      sql`s.rowid IN (SELECT rowid FROM studies_grams WHERE studies_grams MATCH ${terms.gramMatch})`,
    );
  }
  return conditions;
};

export interface StudyPage {
  items: Study[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

/** Newest first, numbered pages; two statements whatever the filters. */
export const listStudies = async (
  db: Db,
  viewerId: string | null,
  input: ListStudiesInput,
  today: string,
): Promise<StudyPage> => {
  const conditions: SQL[] = [];
  if (input.tag) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM study_tags t WHERE t.study_id = s.id AND t.name_key = ${tagKey(input.tag)})`,
    );
  }
  if (input.status) conditions.push(statusCondition(input.status, today));
  if (input.mode) conditions.push(sql`s.mode = ${input.mode}`);
  if (input.q) conditions.push(...textCondition(input.q));
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;

  const [counted, rows] = await db.batch([
    db.select({ total: sql<number>`count(*)` }).from(sql`studies s ${where}`),
    selectStudyRows(
      db,
      viewerId,
      sql`${where} ORDER BY s.created_at DESC, s.id DESC
          LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`,
    ).orderBy(sql`createdAt DESC`, sql`id DESC`),
  ]);
  const total = counted[0]?.total ?? 0;
  return {
    items: rows.map((row) => toStudy(row, today)),
    page: input.page,
    pageSize: input.pageSize,
    total,
    totalPages: Math.ceil(total / input.pageSize),
  };
};
