import { and, asc, eq, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { blocks, follows, users } from "../../db/schema";
import { notFound } from "../../lib/errors";
import { handlePrefixRange, isHandle, normalizeHandle } from "../../shared/handle";
import { toUserCard, type UserCard, userCardColumns } from "../../shared/user-card";
import { type Profile, selectProfileWhere, toProfile } from "./profile";

/** `GET /api/users/by-handle/:handle`: the profile behind `/@handle` (any case, with or without `@`). */
export const getProfileByHandle = async (
  db: Db,
  { viewerId, handle }: { viewerId: string | null; handle: string },
): Promise<Profile> => {
  const normalized = normalizeHandle(handle);
  if (!isHandle(normalized)) throw notFound("사용자");
  const [row] = await selectProfileWhere(db, viewerId, eq(users.handle, normalized));
  if (!row) throw notFound("사용자");
  return toProfile(row);
};

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * People to offer after `@` in an editor: handles starting with the prefix (a range on the unique
 * handle index) or nicknames starting with it, never across a block; people the viewer follows
 * come first.
 */
export const suggestUsers = async (
  db: Db,
  { viewerId, prefix, limit }: { viewerId: string; prefix: string; limit: number },
): Promise<{ items: UserCard[] }> => {
  const handlePrefix = normalizeHandle(prefix);
  const range = handlePrefixRange(handlePrefix);
  const byHandle = /^[a-z0-9_]+$/.test(handlePrefix)
    ? and(sql`${users.handle} >= ${range.from}`, sql`${users.handle} < ${range.below}`)
    : undefined;
  const byNickname = sql`lower(${users.nickname}) LIKE lower(${likePrefix(prefix.trim())}) ESCAPE '\\'`;
  const followed = sql<number>`EXISTS (SELECT 1 FROM ${follows} WHERE ${follows.followerId} = ${viewerId} AND ${follows.followeeId} = "users"."id")`;
  const rows = await db
    .select(userCardColumns)
    .from(users)
    .where(
      and(
        byHandle ? or(byHandle, byNickname) : byNickname,
        sql`NOT EXISTS (SELECT 1 FROM ${blocks} WHERE (${blocks.blockerId} = ${viewerId} AND ${blocks.blockedId} = "users"."id") OR (${blocks.blockerId} = "users"."id" AND ${blocks.blockedId} = ${viewerId}))`,
      ),
    )
    .orderBy(sql`${followed} DESC`, asc(users.handle))
    .limit(limit);
  return { items: rows.map(toUserCard) };
};
