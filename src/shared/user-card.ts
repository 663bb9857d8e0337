import { sql } from "drizzle-orm";
import { users } from "../db/schema";
import { imageUrl } from "./image";

/** The public face of a user, embedded everywhere. Never carries an email. */
export interface UserCard {
  id: string;
  /** Unique, lower-case `[a-z0-9_]{3,20}`: the name in `@handle` mentions and `/@handle` links. */
  handle: string;
  nickname: string;
  avatarUrl: string | null;
  bio: string;
}

/** The columns a UserCard needs, for `db.select(userCardColumns)` and joins. */
export const userCardColumns = {
  id: users.id,
  handle: users.handle,
  nickname: users.nickname,
  avatarKey: users.avatarKey,
  bio: users.bio,
};

/**
 * The same columns under names of their own (`<prefix>_id`, …), for a join that runs inside
 * `db.batch`: D1 hands batch rows to drizzle as objects, so a second column named `id` (the post's,
 * the comment's) would silently overwrite the first and shift every value after it.
 */
export const userCardColumnsAs = (prefix: string) => ({
  id: sql<string>`${users.id}`.as(`${prefix}_id`),
  handle: sql<string>`${users.handle}`.as(`${prefix}_handle`),
  nickname: sql<string>`${users.nickname}`.as(`${prefix}_nickname`),
  avatarKey: sql<string | null>`${users.avatarKey}`.as(`${prefix}_avatar_key`),
  bio: sql<string>`${users.bio}`.as(`${prefix}_bio`),
});

export interface UserCardRow {
  id: string;
  handle: string;
  nickname: string;
  avatarKey: string | null;
  bio: string;
}

export const toUserCard = (row: UserCardRow): UserCard => ({
  id: row.id,
  handle: row.handle,
  nickname: row.nickname,
  avatarUrl: row.avatarKey ? imageUrl(row.avatarKey) : null,
  bio: row.bio,
});
