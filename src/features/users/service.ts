import { and, desc, eq, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { WriteGate } from "../../auth/write-gate";
import type { Db } from "../../db/client";
import { blocks, chatRooms, follows, users } from "../../db/schema";
import type { Effects } from "../../effects";
import { ApiError, notFound, validationFailed } from "../../lib/errors";
import type { PageRequest } from "../../lib/pagination";
import { afterCursor, decodeCursor, type Page, toPage } from "../../lib/pagination";
import { directKeyOf } from "../../realtime/membership";
import { toUserCard, type UserCard, userCardColumns } from "../../shared/user-card";
import { pushesOf, recordNotificationWithPush } from "../notifications/record";
import { type Profile, selectProfile, toProfile } from "./profile";

export interface FollowCard extends UserCard {
  /** Whether the viewer follows this listed user. */
  isFollowing: boolean;
}

const blockedEitherWay = (a: string, b: string) =>
  or(
    and(eq(blocks.blockerId, a), eq(blocks.blockedId, b)),
    and(eq(blocks.blockerId, b), eq(blocks.blockedId, a)),
  );

const notYourself = () =>
  validationFailed("자기 자신에게는 할 수 없습니다.", [{ path: "id", message: "cannot target yourself" }]);

export const getProfile = async (
  db: Db,
  { viewerId, userId }: { viewerId: string | null; userId: string },
): Promise<Profile> => {
  const [row] = await selectProfile(db, { viewerId, userId });
  if (!row) throw notFound("사용자");
  return toProfile(row);
};

/**
 * Follows `targetId` (idempotent); refused while either has blocked the other. One round trip: the
 * write's admission, whether a block stands, the insert (guarded on the target, the block and the
 * admission), the notification (only for a follow this request made) and the new profile.
 */
export const follow = async (
  db: Db,
  { viewerId, targetId }: { viewerId: string; targetId: string },
  gate: WriteGate,
  effects: Effects,
): Promise<Profile> => {
  if (viewerId === targetId) throw notYourself();
  const now = Date.now();
  const [counted, session, blocked, , , pushed, [row]] = await db.batch([
    gate.count,
    gate.session,
    db.select({ blockerId: blocks.blockerId }).from(blocks).where(blockedEitherWay(viewerId, targetId)),
    db
      .insert(follows)
      .select(
        sql`SELECT ${viewerId}, ${targetId}, ${now}
            WHERE EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${targetId})
              AND NOT EXISTS (SELECT 1 FROM ${blocks} WHERE ${blockedEitherWay(viewerId, targetId)})
              AND ${gate.open}`,
      )
      .onConflictDoNothing(),
    ...recordNotificationWithPush(
      db,
      {
        recipientId: targetId,
        actorId: viewerId,
        kind: "follow",
        targetId: viewerId,
        onlyIf: sql`EXISTS (SELECT 1 FROM ${follows} WHERE ${follows.followerId} = ${viewerId}
          AND ${follows.followeeId} = ${targetId} AND ${follows.createdAt} = ${now})`,
      },
      now,
    ),
    selectProfile(db, { viewerId, userId: targetId }),
  ]);
  gate.admit(counted, session);
  if (!row) throw notFound("사용자");
  if (blocked.length > 0) throw new ApiError(403, "blocked", "차단 관계에서는 팔로우할 수 없습니다.");
  effects.deliver(pushesOf([pushed]));
  return toProfile(row);
};

/** Unfollows `targetId` (idempotent): one round trip with the write's admission. */
export const unfollow = async (
  db: Db,
  { viewerId, targetId }: { viewerId: string; targetId: string },
  gate: WriteGate,
): Promise<Profile> => {
  if (viewerId === targetId) throw notYourself();
  const [counted, session, , [row]] = await db.batch([
    gate.count,
    gate.session,
    db
      .delete(follows)
      .where(and(eq(follows.followerId, viewerId), eq(follows.followeeId, targetId), gate.open)),
    selectProfile(db, { viewerId, userId: targetId }),
  ]);
  gate.admit(counted, session);
  if (!row) throw notFound("사용자");
  return toProfile(row);
};

/** The pair's direct room, read in the same batch so its sockets can be told without another trip. */
const selectDirectRoom = (db: Db, pair: [string, string]) =>
  db
    .select({ id: chatRooms.id })
    .from(chatRooms)
    .where(eq(chatRooms.directKey, directKeyOf(...pair)));

/**
 * Blocks `targetId` (idempotent) and ends follows both ways, in one transaction and one round trip
 * with the write's admission; then their direct room, if any, closes both users' sockets before
 * this answers.
 */
export const block = async (
  db: Db,
  { viewerId, targetId }: { viewerId: string; targetId: string },
  gate: WriteGate,
  effects: Effects,
) => {
  if (viewerId === targetId) throw notYourself();
  const targetExists = sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${targetId})`;
  const [counted, session, [target], , , [room]] = await db.batch([
    gate.count,
    gate.session,
    db.select({ id: users.id }).from(users).where(eq(users.id, targetId)),
    // Columns in table order: blocker_id, blocked_id, created_at.
    db
      .insert(blocks)
      .select(sql`SELECT ${viewerId}, ${targetId}, ${Date.now()} WHERE ${targetExists} AND ${gate.open}`)
      .onConflictDoNothing(),
    db
      .delete(follows)
      .where(
        and(
          or(
            and(eq(follows.followerId, viewerId), eq(follows.followeeId, targetId)),
            and(eq(follows.followerId, targetId), eq(follows.followeeId, viewerId)),
          ),
          gate.open,
        ),
      ),
    selectDirectRoom(db, [viewerId, targetId]),
  ]);
  gate.admit(counted, session);
  if (!target) throw notFound("사용자");
  if (room) await effects.roomMembersChanged({ roomId: room.id });
};

/** Lifts the caller's block of `targetId` (idempotent): one round trip with the write's admission. */
export const unblock = async (
  db: Db,
  { viewerId, targetId }: { viewerId: string; targetId: string },
  gate: WriteGate,
  effects: Effects,
) => {
  if (viewerId === targetId) throw notYourself();
  const [counted, session, [target], , [room]] = await db.batch([
    gate.count,
    gate.session,
    db.select({ id: users.id }).from(users).where(eq(users.id, targetId)),
    db.delete(blocks).where(and(eq(blocks.blockerId, viewerId), eq(blocks.blockedId, targetId), gate.open)),
    selectDirectRoom(db, [viewerId, targetId]),
  ]);
  gate.admit(counted, session);
  if (!target) throw notFound("사용자");
  if (room) await effects.roomMembersChanged({ roomId: room.id });
};

const viewerFollows = (viewerId: string | null) =>
  (viewerId
    ? sql`EXISTS (SELECT 1 FROM ${follows} AS mine WHERE mine.follower_id = ${viewerId} AND mine.followee_id = "users"."id")`
    : sql`0`
  )
    .mapWith(Boolean)
    .as("is_following");

/**
 * Followers (`side` = followers: who follows `userId`) or followees (who `userId` follows), newest
 * follow first, each with whether the viewer follows them. Two statements in one batch.
 */
export const listFollows = async (
  db: Db,
  {
    viewerId,
    userId,
    side,
    page,
  }: { viewerId: string | null; userId: string; side: "followers" | "following"; page: PageRequest },
): Promise<Page<FollowCard>> => {
  const [listed, owner]: [SQLiteColumn, SQLiteColumn] =
    side === "followers"
      ? [follows.followerId, follows.followeeId]
      : [follows.followeeId, follows.followerId];
  const [exists, rows] = await db.batch([
    db.select({ id: users.id }).from(users).where(eq(users.id, userId)),
    db
      .select({ ...userCardColumns, isFollowing: viewerFollows(viewerId), followedAt: follows.createdAt })
      .from(follows)
      .innerJoin(users, eq(users.id, listed))
      .where(and(eq(owner, userId), afterCursor(follows.createdAt, listed, decodeCursor(page.cursor), true)))
      .orderBy(desc(follows.createdAt), desc(listed))
      .limit(page.limit + 1),
  ]);
  if (exists.length === 0) throw notFound("사용자");
  return toPage(
    rows,
    page.limit,
    (row) => ({ time: row.followedAt.getTime(), id: row.id }),
    (row) => ({ ...toUserCard(row), isFollowing: row.isFollowing }),
  );
};

/** The users the caller blocked, most recent block first. */
export const listBlocks = async (db: Db, viewerId: string, page: PageRequest): Promise<Page<UserCard>> => {
  const condition: SQL | undefined = and(
    eq(blocks.blockerId, viewerId),
    afterCursor(blocks.createdAt, blocks.blockedId, decodeCursor(page.cursor), true),
  );
  const rows = await db
    .select({ ...userCardColumns, blockedAt: blocks.createdAt })
    .from(blocks)
    .innerJoin(users, eq(users.id, blocks.blockedId))
    .where(condition)
    .orderBy(desc(blocks.createdAt), desc(blocks.blockedId))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (row) => ({ time: row.blockedAt.getTime(), id: row.id }), toUserCard);
};
