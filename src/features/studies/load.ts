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
export const selectStudies = (viewerId: string | null, rest: SQL) => sql`
  SELECT s.id, s.title, s.description, s.mode, s.location, s.start_date AS startDate, s.end_date AS endDate,
         s.max_members AS maxMembers, s.member_count AS memberCount,
         s.created_at AS createdAt, s.updated_at AS updatedAt,
         u.id AS leaderId, u.nickname AS leaderNickname, u.avatar_key AS leaderAvatarKey, u.bio AS leaderBio,
         (SELECT json_group_array(name) FROM (SELECT name FROM study_tags WHERE study_id = s.id ORDER BY rowid)) AS tags,
         EXISTS (SELECT 1 FROM study_members m WHERE m.study_id = s.id AND m.user_id = ${viewerId}) AS isMember
  FROM studies s JOIN users u ON u.id = s.leader_id
  ${rest}`;

export const studyRows = (db: Db, viewerId: string | null, rest: SQL) =>
  db.all<StudyRow>(selectStudies(viewerId, rest));

export const toStudy = (row: StudyRow, today: string): Study => ({
  id: row.id,
  leader: toUserCard({
    id: row.leaderId,
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

/** Studies by id, in the order of `ids` (missing ones skipped); ≤ 50 ids keeps under D1's 100 parameters. */
export const loadStudies = async (
  db: Db,
  { ids, viewerId, today }: { ids: string[]; viewerId: string | null; today: string },
): Promise<Study[]> => {
  if (ids.length === 0) return [];
  const rows = await studyRows(
    db,
    viewerId,
    sql`WHERE s.id IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  const byId = new Map(rows.map((row) => [row.id, toStudy(row, today)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
};
