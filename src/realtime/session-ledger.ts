/**
 * The inbox's record of its user's realtime sessions: which tickets were used (each opens one
 * socket), which sessions ended (their unused tickets must fail), and which rooms each session
 * opened sockets in (so ending a session reaches every room without asking D1).
 *
 * Tickets live 60 s, so used ids and ended sessions are kept a little longer than that and then
 * pruned; the room list of a session goes when the session ends, or after a month without a new
 * socket there (refresh sessions last 30 days).
 */
export interface TicketUse {
  ticketId: string;
  sessionId: string;
  /** The ticket's `iat` and `exp`, in seconds. */
  issuedAt: number;
  expiresAt: number;
  /** The room the socket is for; null for the inbox itself. */
  roomId: string | null;
}

export type Admission = "ok" | "used" | "session_ended";

/** Longer than any ticket lives, with room for clock skew between isolates. */
const REMEMBER_MS = 5 * 60 * 1000;
const SESSION_ROOM_MS = 31 * 24 * 60 * 60 * 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS used_tickets (ticket_id TEXT PRIMARY KEY, forget_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ended_sessions (session_id TEXT PRIMARY KEY, forget_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS all_ended (id INTEGER PRIMARY KEY CHECK (id = 1), before_s INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS session_rooms (
  session_id TEXT NOT NULL,
  room_id TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, room_id)
);
`;

export class SessionLedger {
  private schemaReady = false;

  constructor(private readonly storage: SqlStorage) {}

  private get sql(): SqlStorage {
    if (!this.schemaReady) {
      this.storage.exec(SCHEMA);
      this.schemaReady = true;
    }
    return this.storage;
  }

  /**
   * Admits a ticket once: a second use, or a ticket of a session that ended (or was minted
   * before "every session ended"), is refused. Records the room for the session.
   */
  admit(use: TicketUse, now = Date.now()): Admission {
    const sql = this.sql;
    sql.exec("DELETE FROM used_tickets WHERE forget_at < ?", now);
    sql.exec("DELETE FROM ended_sessions WHERE forget_at < ?", now);
    if (this.hasEnded(use)) return "session_ended";
    const inserted = sql
      .exec(
        "INSERT INTO used_tickets (ticket_id, forget_at) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING ticket_id",
        use.ticketId,
        Math.max(use.expiresAt * 1000, now) + REMEMBER_MS,
      )
      .toArray();
    if (inserted.length === 0) return "used";
    if (use.roomId !== null) {
      sql.exec("DELETE FROM session_rooms WHERE seen_at < ?", now - SESSION_ROOM_MS);
      sql.exec(
        `INSERT INTO session_rooms (session_id, room_id, seen_at) VALUES (?, ?, ?)
         ON CONFLICT (session_id, room_id) DO UPDATE SET seen_at = excluded.seen_at`,
        use.sessionId,
        use.roomId,
        now,
      );
    }
    return "ok";
  }

  /** Whether the ticket's session ended, or every session did after it was minted. */
  hasEnded(use: Pick<TicketUse, "sessionId" | "issuedAt">): boolean {
    const sql = this.sql;
    if (sql.exec("SELECT 1 FROM ended_sessions WHERE session_id = ?", use.sessionId).toArray().length > 0)
      return true;
    const allBefore = sql
      .exec<{ before_s: number }>("SELECT before_s FROM all_ended WHERE id = 1")
      .toArray()[0];
    return allBefore !== undefined && use.issuedAt <= allBefore.before_s;
  }

  /**
   * Marks sessions ended (every session so far with "all") and returns the rooms they had
   * sockets in, forgetting those entries.
   */
  end(sessionIds: readonly string[] | "all", now = Date.now()): string[] {
    const sql = this.sql;
    if (sessionIds === "all") {
      // Tickets carry whole seconds: everything issued up to this second is refused.
      const beforeS = Math.floor(now / 1000);
      sql.exec(
        "INSERT INTO all_ended (id, before_s) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET before_s = max(before_s, excluded.before_s)",
        beforeS,
      );
      const rooms = sql
        .exec<{ room_id: string }>("SELECT DISTINCT room_id FROM session_rooms")
        .toArray()
        .map((row) => row.room_id);
      sql.exec("DELETE FROM session_rooms");
      return rooms;
    }
    const rooms = new Set<string>();
    for (const sessionId of sessionIds) {
      sql.exec(
        "INSERT INTO ended_sessions (session_id, forget_at) VALUES (?, ?) ON CONFLICT (session_id) DO UPDATE SET forget_at = excluded.forget_at",
        sessionId,
        now + REMEMBER_MS,
      );
      for (const row of sql.exec<{ room_id: string }>(
        "SELECT room_id FROM session_rooms WHERE session_id = ?",
        sessionId,
      )) {
        rooms.add(row.room_id);
      }
      sql.exec("DELETE FROM session_rooms WHERE session_id = ?", sessionId);
    }
    return [...rooms];
  }

  /** After the account's storage was wiped. */
  forgetSchema() {
    this.schemaReady = false;
  }
}
