import { and, asc, desc, eq, notExists, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { WriteGate } from "../../auth/write-gate";
import type { Db } from "../../db/client";
import { blocks, chatRooms, follows, roomMembers, studies, users } from "../../db/schema";
import type { Effects } from "../../effects";
import { conflict, forbidden, notFound, validationFailed } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { directKeyOf } from "../../realtime/membership";
import type { Message } from "../../realtime/protocol";
import { isUniqueViolation } from "../../shared/constraint-errors";
import { settingsFrom } from "../../shared/settings";
import { toUserCard, type UserCard, userCardColumns } from "../../shared/user-card";
import { pushesOf, recordNotificationWithPush } from "../notifications/record";

/** API.md's Room, as the caller sees it. */
export interface Room {
  id: string;
  kind: "direct" | "study";
  title: string;
  peer: UserCard | null;
  studyId: string | null;
  lastMessage: Message | null;
  unreadCount: number;
  lastReadSeq: number;
  updatedAt: string;
}

const peer = alias(users, "peer");
const firstOfKey = sql`substr(${chatRooms.directKey}, 1, instr(${chatRooms.directKey}, ':') - 1)`;
const secondOfKey = sql`substr(${chatRooms.directKey}, instr(${chatRooms.directKey}, ':') + 1)`;
/** The other user of a direct room, from its key: it stays known after they left the room. */
const peerIdOfMember = sql`CASE WHEN ${firstOfKey} = ${roomMembers.userId} THEN ${secondOfKey} ELSE ${firstOfKey} END`;

const roomsOf = (db: Db, userId: string, extra?: SQL) =>
  db
    .select({
      id: chatRooms.id,
      kind: chatRooms.kind,
      studyId: chatRooms.studyId,
      lastSeq: chatRooms.lastSeq,
      lastMessage: chatRooms.lastMessage,
      updatedAt: chatRooms.updatedAt,
      lastReadSeq: roomMembers.lastReadSeq,
      studyTitle: studies.title,
      peerId: peer.id,
      peerNickname: peer.nickname,
      peerHandle: peer.handle,
      peerAvatarKey: peer.avatarKey,
      peerBio: peer.bio,
    })
    .from(roomMembers)
    .innerJoin(chatRooms, eq(chatRooms.id, roomMembers.roomId))
    .leftJoin(studies, eq(studies.id, chatRooms.studyId))
    .leftJoin(peer, and(eq(chatRooms.kind, "direct"), eq(peer.id, peerIdOfMember)))
    .where(and(eq(roomMembers.userId, userId), extra))
    .orderBy(desc(chatRooms.updatedAt), desc(chatRooms.id));

type RoomRow = Awaited<ReturnType<typeof roomsOf>>[number];

/**
 * Where a room stands for one member, from their inbox (which owns it); the D1 columns are the
 * fallback for a room the inbox has not heard of (rooms from before the inbox kept the list).
 */
export interface RoomPosition {
  lastMessage: Message | null;
  lastSeq: number;
  lastReadSeq: number;
  /** Epoch ms of the last message (or of joining). */
  updatedAt: number;
}

/** Reads the caller's positions in the given rooms (their inbox, in the worker). */
export type PositionsOf = (roomIds: string[]) => Promise<Map<string, RoomPosition>>;

const toRoom = (row: RoomRow, position: RoomPosition | undefined): Room => {
  const peerCard =
    row.peerId !== null && row.peerNickname !== null
      ? toUserCard({
          id: row.peerId,
          handle: row.peerHandle ?? "",
          nickname: row.peerNickname,
          avatarKey: row.peerAvatarKey,
          bio: row.peerBio ?? "",
        })
      : null;
  return {
    id: row.id,
    kind: row.kind,
    title: row.kind === "study" ? (row.studyTitle ?? "") : (peerCard?.nickname ?? "알 수 없는 사용자"),
    peer: peerCard,
    studyId: row.studyId,
    lastMessage: position ? position.lastMessage : ((row.lastMessage as Message | null) ?? null),
    unreadCount: Math.max(
      0,
      position ? position.lastSeq - position.lastReadSeq : row.lastSeq - row.lastReadSeq,
    ),
    lastReadSeq: position ? position.lastReadSeq : row.lastReadSeq,
    updatedAt: new Date(Math.max(row.updatedAt.getTime(), position?.updatedAt ?? 0)).toISOString(),
  };
};

const withPositions = async (rows: RoomRow[], positionsOf: PositionsOf): Promise<Room[]> => {
  const positions = rows.length > 0 ? await positionsOf(rows.map((row) => row.id)) : new Map();
  return rows
    .map((row) => toRoom(row, positions.get(row.id)))
    .sort((x, y) => y.updatedAt.localeCompare(x.updatedAt) || y.id.localeCompare(x.id));
};

/**
 * The caller's rooms, most recent activity first: who is in them and their titles from D1 (one
 * statement), where each stands (last message, unread) from the caller's inbox.
 */
export const listRooms = async (
  db: Db,
  { userId, positionsOf }: { userId: string; positionsOf: PositionsOf },
): Promise<Room[]> => withPositions(await roomsOf(db, userId), positionsOf);

/** One of the caller's rooms, as the list shows it. */
export const getRoom = async (
  db: Db,
  { userId, roomId, positionsOf }: { userId: string; roomId: string; positionsOf: PositionsOf },
): Promise<Room> => {
  const [room] = await withPositions(await roomsOf(db, userId, eq(chatRooms.id, roomId)), positionsOf);
  if (!room) throw notFound("채팅방");
  return room;
};

/** A block row between `a` and `b`, whoever blocked whom. */
const blockBetween = (a: SQL | string, b: SQL | string) =>
  or(
    and(eq(blocks.blockerId, a), eq(blocks.blockedId, b)),
    and(eq(blocks.blockerId, b), eq(blocks.blockedId, a)),
  );

/**
 * People I follow, minus anyone with a block either way and anyone whose `dmFrom` refuses me: whom
 * I may open a room with.
 */
export const chatCandidates = async (db: Db, userId: string): Promise<UserCard[]> => {
  const rows = await db
    .select(userCardColumns)
    .from(follows)
    .innerJoin(users, eq(users.id, follows.followeeId))
    .where(
      and(
        eq(follows.followerId, userId),
        notExists(
          db
            .select({ one: sql`1` })
            .from(blocks)
            .where(blockBetween(userId, sql`${users.id}`)),
        ),
        // Their `dmFrom` lets me open a room with them (a room we already share stays listed).
        sql`(coalesce(json_extract(${users.settings}, '$.dmFrom'), 'followers') = 'followers'
          OR (json_extract(${users.settings}, '$.dmFrom') = 'mutuals' AND EXISTS (SELECT 1 FROM ${follows} back
            WHERE back.follower_id = ${users.id} AND back.followee_id = ${userId}))
          OR EXISTS (SELECT 1 FROM ${chatRooms} WHERE ${chatRooms.directKey} =
            CASE WHEN ${userId} < ${users.id} THEN ${userId} || ':' || ${users.id} ELSE ${users.id} || ':' || ${userId} END))`,
      ),
    )
    .orderBy(asc(users.nickname), asc(users.id));
  return rows.map(toUserCard);
};

const selectMembership = (db: Db, { userId, roomId }: { userId: string; roomId: string }) =>
  db
    .select({ kind: chatRooms.kind, memberId: roomMembers.userId })
    .from(chatRooms)
    .leftJoin(roomMembers, and(eq(roomMembers.roomId, chatRooms.id), eq(roomMembers.userId, userId)))
    .where(eq(chatRooms.id, roomId));

const kindForMember = (row: { kind: "direct" | "study"; memberId: string | null } | undefined) => {
  if (!row) throw notFound("채팅방");
  if (!row.memberId) throw forbidden("이 채팅방의 멤버가 아닙니다.");
  return row.kind;
};

/** A room's kind when the caller is a member: 404 for no such room, 403 for someone else's. */
export const requireMember = async (db: Db, { userId, roomId }: { userId: string; roomId: string }) =>
  kindForMember(await selectMembership(db, { userId, roomId }).get());

/** The same check and a write's admission in one round trip, for a write the room itself makes. */
export const requireMemberToWrite = async (
  db: Db,
  { userId, roomId }: { userId: string; roomId: string },
  gate: WriteGate,
) => {
  const [counted, session, [row]] = await db.batch([
    gate.count,
    gate.session,
    selectMembership(db, { userId, roomId }),
  ]);
  gate.admit(counted, session);
  return kindForMember(row);
};

export interface OpenedRoom {
  room: Room;
  created: boolean;
}

/**
 * Opens (or re-opens) the direct room with `peerId`. Allowed only when I follow them and no block
 * stands either way. The pair's room is found by its key; a member who had left re-joins with
 * everything so far counted as read (the room tells the joiner's inbox before this answers). A
 * new room notifies the peer.
 */
export const openDirectRoom = async (
  db: Db,
  { userId, peerId, positionsOf }: { userId: string; peerId: string; positionsOf: PositionsOf },
  effects: Effects,
): Promise<OpenedRoom> => {
  if (peerId === userId)
    throw validationFailed("자기 자신과는 대화방을 만들 수 없습니다.", [
      { path: "userId", message: "자기 자신입니다." },
    ]);
  const directKey = directKeyOf(userId, peerId);
  const [peerRows, followRows, followBackRows, blockRows, roomRows] = await db.batch([
    db.select({ id: users.id, settings: users.settings }).from(users).where(eq(users.id, peerId)),
    db
      .select({ one: sql`1` })
      .from(follows)
      .where(and(eq(follows.followerId, userId), eq(follows.followeeId, peerId))),
    db
      .select({ one: sql`1` })
      .from(follows)
      .where(and(eq(follows.followerId, peerId), eq(follows.followeeId, userId))),
    db.select({ one: sql`1` }).from(blocks).where(blockBetween(userId, peerId)).limit(1),
    db
      .select({ id: chatRooms.id, lastSeq: chatRooms.lastSeq })
      .from(chatRooms)
      .where(eq(chatRooms.directKey, directKey)),
  ]);
  const peerRow = peerRows[0];
  if (!peerRow) throw notFound("사용자");
  if (blockRows[0]) throw forbidden("차단 관계인 사용자와는 대화할 수 없습니다.", "blocked");
  if (!followRows[0]) throw forbidden("팔로우하는 사용자와만 대화를 시작할 수 있습니다.");

  const opened = (roomId: string, created: boolean) =>
    getRoom(db, { userId, roomId, positionsOf }).then((room) => ({ room, created }));
  const existing = roomRows[0];
  if (existing) {
    await rejoin(db, { userId, roomId: existing.id }, effects);
    return opened(existing.id, false);
  }
  // The peer's `dmFrom` decides who may open a NEW room with them; existing rooms stay (API.md).
  const { dmFrom } = settingsFrom(peerRow.settings);
  if (dmFrom === "nobody") throw forbidden("이 사용자는 새 대화를 받지 않습니다.", "dm_not_allowed");
  if (dmFrom === "mutuals" && !followBackRows[0]) {
    throw forbidden("이 사용자는 맞팔로우한 사람의 대화만 받습니다.", "dm_not_allowed");
  }

  const roomId = newId();
  try {
    // The batch also reads what the peer's push carries: no D1 read between the commit and the push.
    const [, , , pushed] = await db.batch([
      db.insert(chatRooms).values({ id: roomId, kind: "direct", directKey }),
      db.insert(roomMembers).values([
        { roomId, userId, lastReadSeq: 0 },
        { roomId, userId: peerId, lastReadSeq: 0 },
      ]),
      ...recordNotificationWithPush(db, {
        recipientId: peerId,
        actorId: userId,
        kind: "chat_room",
        targetId: roomId,
        roomId,
      }),
    ]);
    effects.deliver(pushesOf([pushed]));
    await effects.roomMembersChanged({ roomId, joined: [userId, peerId] });
    return opened(roomId, true);
  } catch (error) {
    // The other user opened the same pair's room at the same moment: theirs is the room.
    if (!isUniqueViolation(error)) throw error;
    const raced = await db
      .select({ id: chatRooms.id })
      .from(chatRooms)
      .where(eq(chatRooms.directKey, directKey))
      .get();
    if (!raced) throw error;
    await rejoin(db, { userId, roomId: raced.id }, effects);
    return opened(raced.id, false);
  }
};

/** Puts the caller back into a room they had left (nothing when they are still in it). */
const rejoin = async (db: Db, { userId, roomId }: { userId: string; roomId: string }, effects: Effects) => {
  const inserted = await db.all<{ user_id: string }>(sql`
    INSERT INTO ${roomMembers} (room_id, user_id, last_read_seq)
    SELECT ${chatRooms.id}, ${userId}, ${chatRooms.lastSeq} FROM ${chatRooms} WHERE ${chatRooms.id} = ${roomId}
    ON CONFLICT DO NOTHING
    RETURNING user_id`);
  if (inserted.length > 0) await effects.roomMembersChanged({ roomId, joined: [userId] });
};

/**
 * Leaves a direct room; the last member out deletes it, and then its log is purged; otherwise the
 * room closes the caller's sockets in it before this answers. A study room is left by leaving the study, so that is a 409 here.
 */
export const leaveRoom = async (
  db: Db,
  { userId, roomId }: { userId: string; roomId: string },
  effects: Effects,
): Promise<void> => {
  const kind = await requireMember(db, { userId, roomId });
  if (kind === "study") throw conflict("스터디 채팅방은 스터디에서 탈퇴하면 함께 나가집니다.");
  const [, deleted] = await db.batch([
    db.delete(roomMembers).where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId))),
    db
      .delete(chatRooms)
      .where(
        and(
          eq(chatRooms.id, roomId),
          eq(chatRooms.kind, "direct"),
          notExists(db.select({ one: sql`1` }).from(roomMembers).where(eq(roomMembers.roomId, roomId))),
        ),
      )
      .returning({ id: chatRooms.id }),
  ]);
  if (deleted.length > 0) effects.purgeRoom({ roomId });
  else await effects.roomMembersChanged({ roomId, left: [userId] });
};
