import { newId } from "../lib/ids";
import type { UserCard } from "../shared/user-card";
import type { Message } from "./protocol";

/** One row of a room's `messages` table, as SQLite returns it. */
export type MessageRow = {
  seq: number;
  id: string;
  sender_id: string;
  /** The sender's card when the message was sent, used once the account no longer exists. */
  sender: string;
  body: string;
  client_id: string | null;
  created_at: number;
  edited_at: number | null;
  deleted: number;
};

export interface HistoryQuery {
  before?: number;
  after?: number;
  limit: number;
}

// `seq` is the primary key, so the log is stored in order. A client id is unique per sender (two
// members cannot collide, whatever ids their clients pick).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  sender_id TEXT NOT NULL,
  sender TEXT NOT NULL,
  body TEXT NOT NULL,
  client_id TEXT,
  created_at INTEGER NOT NULL,
  edited_at INTEGER,
  deleted INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_client_idx ON messages (sender_id, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_edited_idx ON messages (edited_at) WHERE edited_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_sender_idx ON messages (sender_id);
CREATE TABLE IF NOT EXISTS hidden_messages (id TEXT PRIMARY KEY, body TEXT NOT NULL);
`;

/**
 * A chat room's ordered message log in its Durable Object's SQLite storage. Every method is
 * synchronous, so the room can read and write the log between its awaits without anything
 * interleaving.
 */
export class MessageLog {
  private schemaReady = false;

  constructor(private readonly storage: SqlStorage) {}

  /** Creates the table on first use; one exec per object instance, not per statement. */
  private get sql(): SqlStorage {
    if (!this.schemaReady) {
      this.storage.exec(SCHEMA);
      this.schemaReady = true;
    }
    return this.storage;
  }

  /**
   * Appends a message with the next seq (computed in the same statement) and returns its row, or,
   * when the sender already stored one under this client id, that one (`repeated`). One statement
   * when the send is new, the common case.
   */
  append(
    senderId: string,
    sender: UserCard,
    body: string,
    clientId: string,
  ): { row: MessageRow; repeated: boolean } {
    const inserted = this.sql
      .exec<MessageRow>(
        `INSERT INTO messages (seq, id, sender_id, sender, body, client_id, created_at)
         VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM messages), ?, ?, ?, ?, ?, ?)
         ON CONFLICT (sender_id, client_id) WHERE client_id IS NOT NULL DO NOTHING
         RETURNING *`,
        newId(),
        senderId,
        JSON.stringify(sender),
        body,
        clientId,
        Date.now(),
      )
      .toArray()[0];
    if (inserted) return { row: inserted, repeated: false };
    return {
      row: this.sql
        .exec<MessageRow>("SELECT * FROM messages WHERE sender_id = ? AND client_id = ?", senderId, clientId)
        .one(),
      repeated: true,
    };
  }

  byId(id: string): MessageRow | undefined {
    return this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ?", id).toArray()[0];
  }

  /** Replaces a message's body (an edit) or, with null, blanks and flags it (a delete). */
  change(id: string, body: string | null): MessageRow {
    return this.sql
      .exec<MessageRow>(
        "UPDATE messages SET body = ?, deleted = ?, edited_at = ? WHERE id = ? RETURNING *",
        body ?? "",
        body === null ? 1 : 0,
        Date.now(),
        id,
      )
      .one();
  }

  /**
   * A moderator hides a message: it reads as deleted to the whole room (history and live), its
   * text kept aside so lifting the hide restores it. Undefined when there is no such message or
   * it is already deleted (or hidden).
   */
  hide(id: string): MessageRow | undefined {
    const existing = this.byId(id);
    if (!existing || existing.deleted) return undefined;
    this.sql.exec(
      "INSERT INTO hidden_messages (id, body) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
      id,
      existing.body,
    );
    return this.change(id, null);
  }

  /** Lifts a hide: the message and its text come back. Undefined when it was not hidden. */
  unhide(id: string): MessageRow | undefined {
    const kept = this.sql
      .exec<{ body: string }>("SELECT body FROM hidden_messages WHERE id = ?", id)
      .toArray()[0];
    if (!kept || !this.byId(id)) return undefined;
    this.sql.exec("DELETE FROM hidden_messages WHERE id = ?", id);
    return this.change(id, kept.body);
  }

  /** The message with up to `spread` messages either side, ascending (a report's context). */
  around(id: string, spread: number): MessageRow[] {
    const row = this.byId(id);
    if (!row) return [];
    return this.sql
      .exec<MessageRow>(
        "SELECT * FROM messages WHERE seq BETWEEN ? AND ? ORDER BY seq",
        row.seq - spread,
        row.seq + spread,
      )
      .toArray();
  }

  /** The senders of the first `limit` messages after `since`: exactly those `after` returns. */
  senderIdsAfter(since: number, limit: number): string[] {
    return this.sql
      .exec<{ sender_id: string }>(
        "SELECT DISTINCT sender_id FROM (SELECT sender_id FROM messages WHERE seq > ? ORDER BY seq LIMIT ?)",
        since,
        limit,
      )
      .toArray()
      .map((row) => row.sender_id);
  }

  after(since: number, limit: number): MessageRow[] {
    return this.sql
      .exec<MessageRow>("SELECT * FROM messages WHERE seq > ? ORDER BY seq LIMIT ?", since, limit)
      .toArray();
  }

  /**
   * The most recently edited or deleted of the messages up to `since`, oldest edit first, so
   * applying them in order leaves each message in its latest state.
   */
  editedUpTo(since: number, limit: number): MessageRow[] {
    return this.sql
      .exec<MessageRow>(
        "SELECT * FROM (SELECT * FROM messages WHERE seq <= ? AND edited_at IS NOT NULL ORDER BY edited_at DESC LIMIT ?) ORDER BY edited_at",
        since,
        limit,
      )
      .toArray();
  }

  /** A page ascending by seq: after `after`, else just before `before` (the newest when neither). */
  page(query: HistoryQuery): { rows: MessageRow[]; hasMore: boolean } {
    // One row more than asked tells whether there is more, without a count.
    const probe = query.limit + 1;
    let rows: MessageRow[];
    if (query.after !== undefined) {
      rows = this.after(query.after, probe);
    } else {
      const before = query.before ?? Number.MAX_SAFE_INTEGER;
      rows = this.sql
        .exec<MessageRow>("SELECT * FROM messages WHERE seq < ? ORDER BY seq DESC LIMIT ?", before, probe)
        .toArray();
    }
    const hasMore = rows.length > query.limit;
    const kept = rows.slice(0, query.limit);
    if (query.after === undefined) kept.reverse();
    return { rows: kept, hasMore };
  }

  /** The seq of `senderId`'s latest message here (an index lookup), if any. */
  lastSeqOf(senderId: string): number | undefined {
    return (
      this.sql
        .exec<{ seq: number | null }>("SELECT max(seq) AS seq FROM messages WHERE sender_id = ?", senderId)
        .one().seq ?? undefined
    );
  }

  lastSeq(): number {
    return this.sql.exec<{ seq: number }>("SELECT coalesce(max(seq), 0) AS seq FROM messages").one().seq;
  }

  latest(): MessageRow | undefined {
    return this.sql.exec<MessageRow>("SELECT * FROM messages ORDER BY seq DESC LIMIT 1").toArray()[0];
  }

  removeSender(senderId: string): void {
    this.sql.exec(
      "DELETE FROM hidden_messages WHERE id IN (SELECT id FROM messages WHERE sender_id = ?)",
      senderId,
    );
    this.sql.exec("DELETE FROM messages WHERE sender_id = ?", senderId);
  }

  /** After the object's storage was wiped: the next use creates the table again. */
  forgetSchema(): void {
    this.schemaReady = false;
  }
}

/** A card stored with a message; those stored before cards had a handle (issue 14) get an empty one. */
const storedCard = (json: string): UserCard => {
  const card: Omit<UserCard, "handle"> & { handle?: string } = JSON.parse(json);
  return { ...card, handle: card.handle ?? "" };
};

/** API.md's Message; the sender's current card when known, else the one stored with the message. */
export const toMessage = (row: MessageRow, roomId: string, cards?: Map<string, UserCard>): Message => ({
  id: row.id,
  roomId,
  seq: row.seq,
  sender: cards?.get(row.sender_id) ?? storedCard(row.sender),
  body: row.deleted ? "" : row.body,
  clientId: row.client_id,
  createdAt: new Date(row.created_at).toISOString(),
  editedAt: row.edited_at === null ? null : new Date(row.edited_at).toISOString(),
  deleted: row.deleted === 1,
});
