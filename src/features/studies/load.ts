import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { toUserCard, type UserCard } from "../../shared/user-card";
import { deriveStatus, type StudyStatus } from "./dates";

export interface Study {
  id: string;
  leader: UserCard;
  title: string;
  description: string;
  mode: "online" | "offline";
  location: string | null;
  startDate: string;
  endDate: string;
  maxMembers: number;
  memberCount: number;
  status: StudyStatus;
  tags: string[];
  isMember: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface StudyDetail extends Study {
  members: UserCard[];
}

export interface StudyRow {
  id: string;
  title: string;
  description: string;
  mode: "online" | "offline";
  location: string | null;
  startDate: string;
  endDate: string;
  maxMembers: number;
  memberCount: number;
  createdAt: number;
  updatedAt: number;
  leaderId: string;
  leaderNickname: string;
  leaderHandle: string;
  leaderAvatarKey: string | null;
  leaderBio: string;
  tags: string;
  isMember: number;
}

/**
 * Everything a Study needs in one statement (tags in the order they were added, the viewer's
 * membership, the leader's card), so a page of any size costs one query. Callers add
 * `WHERE … ORDER BY … LIMIT` using the alias `s` for studies.
 */
const selectStudies = (viewerId: string | null, rest: SQL) => sql`
  SELECT s.id, s.title, s.description, s.mode, s.location, s.start_date AS startDate, s.end_date AS endDate,
         s.max_members AS maxMembers, s.member_count AS memberCount,
         s.created_at AS createdAt, s.updated_at AS updatedAt,
         u.id AS leaderId, u.nickname AS leaderNickname, u.handle AS leaderHandle, u.avatar_key AS leaderAvatarKey, u.bio AS leaderBio,
         (SELECT json_group_array(name) FROM (SELECT name FROM study_tags WHERE study_id = s.id ORDER BY rowid)) AS tags,
         EXISTS (SELECT 1 FROM study_members m WHERE m.study_id = s.id AND m.user_id = ${viewerId}) AS isMember
  FROM studies s JOIN users u ON u.id = s.leader_id
  ${rest}`;

/** StudyRow's columns, read back from `selectStudies` as a subquery. */
const studyRowFields = {
  id: sql<string>`id`,
  title: sql<string>`title`,
  description: sql<string>`description`,
  mode: sql<"online" | "offline">`mode`,
  location: sql<string | null>`location`,
  startDate: sql<string>`startDate`,
  endDate: sql<string>`endDate`,
  maxMembers: sql<number>`maxMembers`,
  memberCount: sql<number>`memberCount`,
  createdAt: sql<number>`createdAt`,
  updatedAt: sql<number>`updatedAt`,
  leaderId: sql<string>`leaderId`,
  leaderNickname: sql<string>`leaderNickname`,
  leaderHandle: sql<string>`leaderHandle`,
  leaderAvatarKey: sql<string | null>`leaderAvatarKey`,
  leaderBio: sql<string>`leaderBio`,
  tags: sql<string>`tags`,
  isMember: sql<number>`isMember`,
};

/**
 * Study rows as a query builder around the one SELECT, so they go into a `db.batch` with the other
 * statements of a request (drizzle 0.45 cannot batch a raw statement with parameters). `rest` as
 * for the SELECT; an order inside it holds only for LIMIT, so callers order the outer query too.
 */
export const selectStudyRows = (db: Db, viewerId: string | null, rest: SQL) =>
  db.select(studyRowFields).from(sql`(${selectStudies(viewerId, rest)}) AS study_rows`);

/** The same, with a search hit's rank beside each row (the hit query joined as `h`). */
export const selectRankedStudyRows = (db: Db, viewerId: string | null, hits: SQL) =>
  db
    .select({ ...studyRowFields, rank: sql<number>`rank` })
    .from(
      sql`(SELECT study_rows.*, h.rank AS rank, h.time AS time
        FROM (${selectStudies(viewerId, sql``)}) AS study_rows JOIN (${hits}) AS h ON h.id = study_rows.id)`,
    )
    .orderBy(sql`rank`, sql`time DESC`, sql`id DESC`);

export const toStudy = (row: StudyRow, today: string): Study => ({
  id: row.id,
  leader: toUserCard({
    id: row.leaderId,
    handle: row.leaderHandle,
    nickname: row.leaderNickname,
    avatarKey: row.leaderAvatarKey,
    bio: row.leaderBio,
  }),
  title: row.title,
  description: row.description,
  mode: row.mode,
  location: row.location,
  startDate: row.startDate,
  endDate: row.endDate,
  maxMembers: row.maxMembers,
  memberCount: row.memberCount,
  status: deriveStatus(row, today),
  tags: JSON.parse(row.tags) as string[],
  isMember: row.isMember === 1,
  createdAt: new Date(row.createdAt).toISOString(),
  updatedAt: new Date(row.updatedAt).toISOString(),
});
