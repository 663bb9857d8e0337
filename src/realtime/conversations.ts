import type { Message } from "./protocol";

/** What an inbox knows of one of its user's rooms (API.md's Room minus what D1 says about it). */
export interface Conversation {
  roomId: string;
  lastMessage: Message | null;
  lastSeq: number;
  lastReadSeq: number;
  /** When the last message arrived (or the user joined), epoch ms. */
  updatedAt: number;
}

/** A room telling a member's inbox where it stands; sent coalesced, at most every few hundred ms. */
export interface RoomUpdate {
  roomId: string;
  lastMessage: Message | null;
  lastSeq: number;
  /** Everything up to here counts as read for this member (their own messages, or a fresh join). */
  readUpTo?: number;
  updatedAt: number;
}

type ConversationRow = {
  room_id: string;
  last_message: string | null;
  last_seq: number;
  last_read_seq: number;
  updated_at: number;
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conversations (
  room_id TEXT PRIMARY KEY,
  last_message TEXT,
  last_seq INTEGER NOT NULL,
  last_read_seq INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
`;

const toConversation = (row: ConversationRow): Conversation => ({
  roomId: row.room_id,
  lastMessage: row.last_message === null ? null : (JSON.parse(row.last_message) as Message),
  lastSeq: row.last_seq,
  lastReadSeq: row.last_read_seq,
  updatedAt: row.updated_at,
});

/**
 * The inbox's conversation list in its SQLite: per room the last message, `lastSeq` and
 * `lastReadSeq`. Updates only move forwards, so late or repeated ones change nothing.
 */
export class ConversationStore {
  private schemaReady = false;

  constructor(private readonly storage: SqlStorage) {}

  private get sql(): SqlStorage {
    if (!this.schemaReady) {
      this.storage.exec(SCHEMA);
      this.schemaReady = true;
    }
    return this.storage;
  }

  get(roomId: string): Conversation | null {
    const row = this.sql
      .exec<ConversationRow>("SELECT * FROM conversations WHERE room_id = ?", roomId)
      .toArray()[0];
    return row ? toConversation(row) : null;
  }

  all(): Conversation[] {
    return this.sql.exec<ConversationRow>("SELECT * FROM conversations").toArray().map(toConversation);
  }

  /**
   * Applies a room's update: `lastSeq` never goes back, the preview follows the newest seq (an
   * edit of the last message replaces it), the read position only advances and never passes the
   * end. Returns the conversation after, and whether anything changed.
   */
  apply(update: RoomUpdate): { conversation: Conversation; changed: boolean } {
    const before = this.get(update.roomId);
    const lastSeq = Math.max(before?.lastSeq ?? 0, update.lastSeq);
    const newer = update.lastSeq >= (before?.lastSeq ?? 0);
    const lastMessage = newer ? update.lastMessage : (before?.lastMessage ?? null);
    const lastReadSeq = Math.min(lastSeq, Math.max(before?.lastReadSeq ?? 0, update.readUpTo ?? 0));
    const updatedAt =
      before && update.lastSeq <= before.lastSeq
        ? before.updatedAt
        : Math.max(before?.updatedAt ?? 0, update.updatedAt);
    const conversation: Conversation = {
      roomId: update.roomId,
      lastMessage,
      lastSeq,
      lastReadSeq,
      updatedAt,
    };
    const changed =
      !before ||
      before.lastSeq !== lastSeq ||
      before.lastReadSeq !== lastReadSeq ||
      JSON.stringify(before.lastMessage) !== JSON.stringify(lastMessage);
    if (changed) this.put(conversation);
    return { conversation, changed };
  }

  /** Advances the read position to `seq` (bounded by `lastSeq`); whether it moved. */
  markRead(roomId: string, seq: number, lastSeq: number, lastMessage: Message | null) {
    const before = this.get(roomId);
    const end = Math.max(before?.lastSeq ?? 0, lastSeq);
    const target = Math.min(seq, end);
    if (before && target <= before.lastReadSeq) return { conversation: before, advanced: false };
    const conversation: Conversation = {
      roomId,
      lastMessage: before && before.lastSeq > lastSeq ? before.lastMessage : lastMessage,
      lastSeq: end,
      lastReadSeq: target,
      updatedAt: before?.updatedAt ?? Date.now(),
    };
    this.put(conversation);
    return { conversation, advanced: before ? true : target > 0 };
  }

  clear() {
    this.sql.exec("DELETE FROM conversations");
  }

  remove(roomId: string) {
    this.sql.exec("DELETE FROM conversations WHERE room_id = ?", roomId);
  }

  private put(c: Conversation) {
    this.sql.exec(
      `INSERT INTO conversations (room_id, last_message, last_seq, last_read_seq, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (room_id) DO UPDATE SET last_message = excluded.last_message, last_seq = excluded.last_seq,
         last_read_seq = excluded.last_read_seq, updated_at = excluded.updated_at`,
      c.roomId,
      c.lastMessage === null ? null : JSON.stringify(c.lastMessage),
      c.lastSeq,
      c.lastReadSeq,
      c.updatedAt,
    );
  }
}
