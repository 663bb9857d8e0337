import { eq, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { forbidden, unauthorized } from "../../lib/errors";
import { isModerator, type Role } from "../../shared/moderation";
import { toUserCard, type UserCard } from "../../shared/user-card";

/** Who is acting: their id and role, read once per request. */
export interface Moderator {
  id: string;
  role: Role;
}

/** The caller as a moderator or admin; everyone else gets 403 on every moderation route. */
export const requireModerator = async (db: Db, userId: string): Promise<Moderator> => {
  const row = await db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
  if (!row) throw unauthorized();
  if (!isModerator(row.role)) throw forbidden("운영진만 할 수 있습니다.");
  return { id: userId, role: row.role };
};

export const requireAdmin = async (db: Db, userId: string): Promise<Moderator> => {
  const moderator = await requireModerator(db, userId);
  if (moderator.role !== "admin") throw forbidden("관리자만 할 수 있습니다.");
  return moderator;
};

/**
 * Moderators act neither on themselves nor on admins (API.md § Moderation); an admin is acted on
 * only from the command line. `targetRole` null: the user no longer exists (only their content).
 */
export const assertMayActOn = (actor: Moderator, target: { userId: string | null; role: Role | null }) => {
  if (target.userId === actor.id) throw forbidden("자기 자신이나 자신의 글에는 조치할 수 없습니다.");
  if (target.role === "admin") throw forbidden("관리자에게는 조치할 수 없습니다.");
};

/** A UserCard from an aliased users table (a join that has several users). */
export const cardColumns = (
  table: {
    id: SQLiteColumn;
    handle: SQLiteColumn;
    nickname: SQLiteColumn;
    avatarKey: SQLiteColumn;
    bio: SQLiteColumn;
  },
  prefix: string,
) => ({
  id: sql<string | null>`${table.id}`.as(`${prefix}_id`),
  handle: sql<string | null>`${table.handle}`.as(`${prefix}_handle`),
  nickname: sql<string | null>`${table.nickname}`.as(`${prefix}_nickname`),
  avatarKey: sql<string | null>`${table.avatarKey}`.as(`${prefix}_avatar_key`),
  bio: sql<string | null>`${table.bio}`.as(`${prefix}_bio`),
});

/** The card of a left join, or null when no user was there (deleted since). */
export const cardOrNull = (row: {
  id: string | null;
  handle: string | null;
  nickname: string | null;
  avatarKey: string | null;
  bio: string | null;
}): UserCard | null =>
  row.id === null || row.nickname === null
    ? null
    : toUserCard({
        id: row.id,
        handle: row.handle ?? "",
        nickname: row.nickname,
        avatarKey: row.avatarKey,
        bio: row.bio ?? "",
      });
