import { eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { blocks, follows, posts, users } from "../../db/schema";
import { toUserCard, type UserCard, userCardColumns } from "../../shared/user-card";

export interface Profile extends UserCard {
  followerCount: number;
  followingCount: number;
  postCount: number;
  /** The viewer follows this user. */
  isFollowing: boolean;
  /** This user follows the viewer. */
  isFollowedBy: boolean;
  /** The viewer blocked this user. */
  isBlocked: boolean;
}

/** Every computed column is named: unnamed ones (three `0`s for a visitor) collide in batch rows. */
const viewerFlag = (
  name: string,
  viewerId: string | null,
  condition: (viewerId: string) => ReturnType<typeof sql>,
) => (viewerId ? condition(viewerId) : sql`0`).mapWith(Boolean).as(name);

/**
 * The whole Profile in one SELECT (counts and the viewer's relations as subqueries). The outer row
 * is named literally ("users"."id"): drizzle leaves single-table selects unqualified, and a bare
 * "id" inside a subquery would mean the subquery's own table.
 */
export const selectProfile = (db: Db, { viewerId, userId }: { viewerId: string | null; userId: string }) =>
  selectProfileWhere(db, viewerId, eq(users.id, userId));

/** The same Profile SELECT for any one-user condition (`users.handle = …`). */
export const selectProfileWhere = (db: Db, viewerId: string | null, where: SQL) =>
  db
    .select({
      ...userCardColumns,
      followerCount:
        sql<number>`(SELECT count(*) FROM ${follows} WHERE ${follows.followeeId} = "users"."id")`.as(
          "follower_count",
        ),
      followingCount:
        sql<number>`(SELECT count(*) FROM ${follows} WHERE ${follows.followerId} = "users"."id")`.as(
          "following_count",
        ),
      // Hidden posts count only for their author (API.md § Moderation: counts leave them out).
      postCount: sql<number>`(SELECT count(*) FROM ${posts} WHERE ${posts.authorId} = "users"."id"
        AND (${posts.hiddenAt} IS NULL OR ${posts.authorId} = ${viewerId}))`.as("post_count"),
      isFollowing: viewerFlag(
        "is_following",
        viewerId,
        (viewer) =>
          sql`EXISTS (SELECT 1 FROM ${follows} WHERE ${follows.followerId} = ${viewer} AND ${follows.followeeId} = "users"."id")`,
      ),
      isFollowedBy: viewerFlag(
        "is_followed_by",
        viewerId,
        (viewer) =>
          sql`EXISTS (SELECT 1 FROM ${follows} WHERE ${follows.followerId} = "users"."id" AND ${follows.followeeId} = ${viewer})`,
      ),
      isBlocked: viewerFlag(
        "is_blocked",
        viewerId,
        (viewer) =>
          sql`EXISTS (SELECT 1 FROM ${blocks} WHERE ${blocks.blockerId} = ${viewer} AND ${blocks.blockedId} = "users"."id")`,
      ),
    })
    .from(users)
    .where(where);

export type ProfileRow = Awaited<ReturnType<ReturnType<typeof selectProfile>["all"]>>[number];

export const toProfile = (row: ProfileRow): Profile => ({
  ...toUserCard(row),
  followerCount: Number(row.followerCount),
  followingCount: Number(row.followingCount),
  postCount: Number(row.postCount),
  isFollowing: row.isFollowing,
  isFollowedBy: row.isFollowedBy,
  isBlocked: row.isBlocked,
});
