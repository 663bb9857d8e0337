import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { blocks, chatRooms, roomMembers, users } from "../db/schema";
import { toUserCard, type UserCard, userCardColumnsAs } from "../shared/user-card";

/**
 * Who may speak in a room, as the room's own copy: the members (with their cards, for the
 * messages they send) and, for a direct room, whether a block stands between its two users.
 * D1 is the truth; this is a cache in the room's SQLite that is rebuilt from D1 when the room
 * first needs it, whenever the worker says membership or a block changed, and when it is older
 * than `STALE_AFTER_MS` (a backstop for a change whose notice was lost).
 */
export interface RoomAccess {
  roomId: string;
  kind: "direct" | "study";
  blocked: boolean;
  members: Map<string, UserCard>;
  /** Suspended members → until when (ms): they may not open sockets or send frames here. */
  suspended: Map<string, number>;
  verifiedAt: number;
}

/** Whether a moderator's suspension of `userId` still holds (API.md § Moderation). */
export const isSuspended = (access: RoomAccess, userId: string, now = Date.now()) =>
  (access.suspended.get(userId) ?? 0) > now;

export const STALE_AFTER_MS = 5 * 60 * 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS access (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  room_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  blocked INTEGER NOT NULL,
  verified_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS members (user_id TEXT PRIMARY KEY, card TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS suspensions (user_id TEXT PRIMARY KEY, until INTEGER NOT NULL);
`;

type AccessRow = { room_id: string; kind: string; blocked: number; verified_at: number };
type MemberRow = { user_id: string; card: string };
type SuspensionRow = { user_id: string; until: number };

/** One D1 statement: the room's kind, its block state and its members with their cards and suspensions. */
const readFromD1 = async (db: Db, roomId: string): Promise<Omit<RoomAccess, "verifiedAt"> | null> => {
  const blocked = sql<number>`CASE WHEN ${chatRooms.kind} = 'direct' AND EXISTS (
      SELECT 1 FROM ${blocks} WHERE
        (${blocks.blockerId} = substr(${chatRooms.directKey}, 1, instr(${chatRooms.directKey}, ':') - 1)
          AND ${blocks.blockedId} = substr(${chatRooms.directKey}, instr(${chatRooms.directKey}, ':') + 1))
        OR (${blocks.blockedId} = substr(${chatRooms.directKey}, 1, instr(${chatRooms.directKey}, ':') - 1)
          AND ${blocks.blockerId} = substr(${chatRooms.directKey}, instr(${chatRooms.directKey}, ':') + 1))
    ) THEN 1 ELSE 0 END`.as("blocked");
  const rows = await db
    .select({
      kind: chatRooms.kind,
      blocked,
      ...userCardColumnsAs("member"),
      suspendedUntil: sql<number | null>`${users.suspendedUntil}`.as("member_suspended_until"),
    })
    .from(chatRooms)
    .leftJoin(roomMembers, eq(roomMembers.roomId, chatRooms.id))
    .leftJoin(users, eq(users.id, roomMembers.userId))
    .where(eq(chatRooms.id, roomId));
  const first = rows[0];
  if (!first) return null;
  const members = new Map<string, UserCard>();
  const suspended = new Map<string, number>();
  // A room without members still answers one row, whose member columns are null.
  for (const row of rows) {
    if (!row.id) continue;
    members.set(row.id, toUserCard(row));
    if (row.suspendedUntil !== null) suspended.set(row.id, row.suspendedUntil);
  }
  return { roomId, kind: first.kind, blocked: first.blocked === 1, members, suspended };
};

const isCard = (value: unknown): value is UserCard =>
  typeof value === "object" &&
  value !== null &&
  "id" in value &&
  typeof value.id === "string" &&
  "handle" in value &&
  typeof value.handle === "string";

/**
 * The room's access cache: kept in memory for the frame path, persisted in SQLite so a wake from
 * hibernation reads it back without D1. Rebuilds run one at a time, so a rebuild that started
 * after a change committed is never overwritten by one that started before it.
 */
export class RoomAccessCache {
  private current: RoomAccess | null | undefined;
  private schemaReady = false;
  private rebuilding: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: SqlStorage,
    private readonly db: () => Db,
  ) {}

  private get sql(): SqlStorage {
    if (!this.schemaReady) {
      this.storage.exec(SCHEMA);
      this.schemaReady = true;
    }
    return this.storage;
  }

  /** The cached access, loaded from SQLite on first use after a wake; null if never built. */
  peek(): RoomAccess | null {
    if (this.current !== undefined) return this.current;
    const row = this.sql.exec<AccessRow>("SELECT * FROM access WHERE id = 1").toArray()[0];
    if (!row) {
      this.current = null;
      return null;
    }
    const members = new Map<string, UserCard>();
    for (const member of this.sql.exec<MemberRow>("SELECT user_id, card FROM members")) {
      const card: unknown = JSON.parse(member.card);
      // A card cached before cards had a handle (issue 14): read the room again from D1.
      if (!isCard(card)) {
        this.current = null;
        return null;
      }
      members.set(member.user_id, card);
    }
    const suspended = new Map<string, number>();
    for (const suspension of this.sql.exec<SuspensionRow>("SELECT user_id, until FROM suspensions")) {
      suspended.set(suspension.user_id, suspension.until);
    }
    this.current = {
      roomId: row.room_id,
      kind: row.kind === "study" ? "study" : "direct",
      blocked: row.blocked === 1,
      members,
      suspended,
      verifiedAt: row.verified_at,
    };
    return this.current;
  }

  /** The cached access, rebuilt from D1 first when there is none or it is stale. */
  async get(roomId: string): Promise<RoomAccess | null> {
    const cached = this.peek();
    if (cached && Date.now() - cached.verifiedAt < STALE_AFTER_MS) return cached;
    return this.rebuild(roomId);
  }

  isStale(now = Date.now()): boolean {
    const cached = this.peek();
    return cached !== null && now - cached.verifiedAt >= STALE_AFTER_MS;
  }

  /**
   * Reads the room's access from D1 and stores it; null when the room no longer exists (then
   * nothing is kept).
   */
  rebuild(roomId: string): Promise<RoomAccess | null> {
    const run = this.rebuilding.then(async () => {
      const fresh = await readFromD1(this.db(), roomId);
      if (!fresh) {
        this.clear();
        return null;
      }
      const access: RoomAccess = { ...fresh, verifiedAt: Date.now() };
      this.store(access);
      return access;
    });
    this.rebuilding = run.catch(() => undefined);
    return run;
  }

  private store(access: RoomAccess) {
    const sql = this.sql;
    sql.exec(
      `INSERT INTO access (id, room_id, kind, blocked, verified_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET room_id = excluded.room_id, kind = excluded.kind,
         blocked = excluded.blocked, verified_at = excluded.verified_at`,
      access.roomId,
      access.kind,
      access.blocked ? 1 : 0,
      access.verifiedAt,
    );
    sql.exec("DELETE FROM members");
    for (const [userId, card] of access.members) {
      sql.exec("INSERT INTO members (user_id, card) VALUES (?, ?)", userId, JSON.stringify(card));
    }
    sql.exec("DELETE FROM suspensions");
    for (const [userId, until] of access.suspended) {
      sql.exec("INSERT INTO suspensions (user_id, until) VALUES (?, ?)", userId, until);
    }
    this.current = access;
  }

  /** Forgets everything (the room was deleted, or its storage wiped). */
  clear() {
    this.sql.exec("DELETE FROM access");
    this.sql.exec("DELETE FROM members");
    this.sql.exec("DELETE FROM suspensions");
    this.current = null;
  }

  /** After the object's storage was wiped: the next use creates the tables again. */
  forgetSchema() {
    this.schemaReady = false;
    this.current = null;
  }
}
