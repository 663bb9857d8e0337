import { DurableObject } from "cloudflare:workers";
import { and, eq, lt, sql } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { chatRooms, roomMembers } from "../db/schema";
import type { Env } from "../env";
import type { UserCard } from "../shared/user-card";
import {
  CLOSE_NOT_MEMBER,
  CLOSE_ROOM_GONE,
  cardsByIds,
  closeBack,
  inboxStub,
  ROOM_HEADER,
  sendTo,
  USER_HEADER,
} from "./internal";
import { type HistoryQuery, MessageLog, toMessage } from "./message-log";
import {
  type ChatClientFrame,
  type ChatErrorCode,
  type ChatInboxFrame,
  type ChatServerFrame,
  chatClientFrameSchema,
  isFrameTooLarge,
  type Message,
  PING,
  PONG,
  RATE_BURST,
  RATE_PER_SECOND,
} from "./protocol";

/** What each socket carries through hibernation: who it is, and its rate-limit bucket. */
interface Attachment {
  userId: string;
  roomId: string;
  /** The sender's card at connect time, so a send needs no D1 read for it. */
  card: UserCard;
  tokens: number;
  refilledAt: number;
}

export interface HistoryPage {
  items: Message[];
  hasMore: boolean;
}

/** More missed messages than this are not replayed on connect: `ready.lastSeq` shows the gap. */
const REPLAY_LIMIT = 1000;
/** Edits and deletes of messages the client already had, replayed as `updated` on connect. */
const REPLAY_UPDATES_LIMIT = 100;

const json = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });

/**
 * One per chat room (`idFromName(roomId)`): the room's sockets and its ordered message log in this
 * object's SQLite storage. It is the log's only writer: it assigns `seq`, stores the message and
 * only then broadcasts it, then updates the room's summary in D1 and the members' inboxes.
 *
 * Sockets hibernate: nothing lives only in memory except the two promise chains below, which are
 * empty whenever the object is idle enough to be evicted.
 */
export class ChatRoom extends DurableObject<Env> {
  private readonly log: MessageLog;
  /** Sends wait for their D1 check one after another, so a client's messages keep their order. */
  private sends: Promise<unknown> = Promise.resolve();
  /** Summary updates run in seq order, so D1 and the inboxes never step back. */
  private summaries: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.log = new MessageLog(ctx.storage.sql);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  private dbInstance: Db | undefined;
  private get db(): Db {
    this.dbInstance ??= createDb(this.env.DB);
    return this.dbInstance;
  }

  // ── Connecting ──────────────────────────────────────────────────────────────────────────────

  /** The upgrade, forwarded by the worker once the ticket and the membership checked out. */
  override async fetch(request: Request): Promise<Response> {
    const userId = request.headers.get(USER_HEADER);
    const roomId = request.headers.get(ROOM_HEADER);
    if (!userId || !roomId || request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return json(400, "bad_request", "WebSocket 연결 요청이 아닙니다.");
    }
    const sinceParam = new URL(request.url).searchParams.get("since");
    const since = sinceParam === null ? null : Number(sinceParam);

    // Every await happens before the socket is accepted: from there to the `ready` frame all is
    // synchronous, so no live message can slip in before, between or into the replay.
    const missedSenders = since === null ? [] : this.log.senderIdsAfter(since, REPLAY_LIMIT);
    const cards = await cardsByIds(this.db, [userId, ...missedSenders]);
    const card = cards.get(userId);
    if (!card) return json(403, "forbidden", "계정을 찾을 수 없습니다.");

    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const attachment: Attachment = { userId, roomId, card, tokens: RATE_BURST, refilledAt: Date.now() };
    server.serializeAttachment(attachment);
    if (since !== null) this.replay(server, roomId, since, cards);
    this.send(server, { type: "ready", lastSeq: this.log.lastSeq() });
    return new Response(null, { status: 101, webSocket: client });
  }

  private replay(ws: WebSocket, roomId: string, since: number, cards: Map<string, UserCard>) {
    for (const row of this.log.editedUpTo(since, REPLAY_UPDATES_LIMIT))
      this.send(ws, { type: "updated", message: toMessage(row, roomId, cards) });
    for (const row of this.log.after(since, REPLAY_LIMIT))
      this.send(ws, { type: "message", message: toMessage(row, roomId, cards) });
  }

  // ── Frames ──────────────────────────────────────────────────────────────────────────────────

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const attachment = ws.deserializeAttachment() as Attachment;
    if (typeof data !== "string") return this.fail(ws, "invalid_frame", "텍스트(JSON) 프레임만 받습니다.");
    if (isFrameTooLarge(data)) return this.fail(ws, "too_large", "프레임이 8 KiB를 넘습니다.");
    if (!takeToken(ws, attachment)) {
      return this.fail(ws, "rate_limited", "메시지를 너무 빨리 보내고 있습니다. 잠시 후 다시 시도하세요.");
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return this.fail(ws, "invalid_frame", "프레임이 올바른 JSON이 아닙니다.");
    }
    const parsed = chatClientFrameSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
      return this.fail(
        ws,
        "invalid_frame",
        `${where}${issue?.message ?? "잘못된 프레임입니다."}`,
        clientIdOf(raw),
      );
    }
    try {
      await this.handle(ws, attachment, parsed.data);
    } catch (error) {
      console.error("chat room frame failed", error);
      this.fail(ws, "internal", "메시지를 처리하지 못했습니다.", clientIdOf(raw));
    }
  }

  private async handle(ws: WebSocket, attachment: Attachment, frame: ChatClientFrame) {
    switch (frame.type) {
      case "send":
        return this.serializeSend(() => this.handleSend(ws, attachment, frame.clientId, frame.body));
      case "edit":
        return this.change(ws, attachment, frame.id, frame.body);
      case "delete":
        return this.change(ws, attachment, frame.id, null);
      case "read":
        return this.markRead(attachment.roomId, attachment.userId, frame.seq);
      case "typing":
        return this.broadcast({ type: "typing", userId: attachment.userId }, attachment.userId);
    }
  }

  private serializeSend(task: () => Promise<void>): Promise<void> {
    const run = this.sends.then(task, task);
    this.sends = run.catch(() => undefined);
    return run;
  }

  private async handleSend(ws: WebSocket, attachment: Attachment, clientId: string, body: string) {
    const { roomId, userId, card } = attachment;
    // A repeated send is answered with what was stored, even if the room changed since.
    const stored = this.log.byClientId(userId, clientId);
    if (stored) return this.send(ws, { type: "message", message: toMessage(stored, roomId) });

    const verdict = await this.db.get<{ member: number; blocked: number }>(sql`
      SELECT
        EXISTS (SELECT 1 FROM room_members WHERE room_id = ${roomId} AND user_id = ${userId}) AS member,
        EXISTS (
          SELECT 1 FROM chat_rooms r, blocks b
          WHERE r.id = ${roomId} AND r.kind = 'direct' AND (
            (b.blocker_id = substr(r.direct_key, 1, instr(r.direct_key, ':') - 1)
              AND b.blocked_id = substr(r.direct_key, instr(r.direct_key, ':') + 1))
            OR (b.blocked_id = substr(r.direct_key, 1, instr(r.direct_key, ':') - 1)
              AND b.blocker_id = substr(r.direct_key, instr(r.direct_key, ':') + 1)))
        ) AS blocked`);
    if (!verdict?.member) {
      this.fail(ws, "not_member", "이 채팅방의 멤버가 아닙니다.", clientId);
      return closeBack(ws, CLOSE_NOT_MEMBER, "not a member");
    }
    if (verdict.blocked)
      return this.fail(ws, "blocked", "차단 관계인 사용자와는 대화할 수 없습니다.", clientId);

    const row = this.log.append(userId, card, body, clientId);
    const message = toMessage(row, roomId, new Map([[userId, card]]));
    // Output gates hold these frames until the insert above is durable.
    this.broadcast({ type: "message", message });
    this.afterwards(() => this.publishSummary(roomId, message, true));
  }

  /** Edit (with a body) or delete (null) one of the caller's own messages. */
  private change(ws: WebSocket, attachment: Attachment, id: string, body: string | null) {
    const { roomId, userId, card } = attachment;
    const existing = this.log.byId(id);
    if (!existing || existing.deleted) return this.fail(ws, "not_found", "메시지를 찾을 수 없습니다.");
    if (existing.sender_id !== userId) {
      return this.fail(ws, "forbidden", "자신이 보낸 메시지만 고치거나 지울 수 있습니다.");
    }
    const row = this.log.change(id, body);
    const message = toMessage(row, roomId, new Map([[userId, card]]));
    this.broadcast({ type: "updated", message });
    if (row.seq === this.log.lastSeq()) this.afterwards(() => this.publishSummary(roomId, message, false));
  }

  // ── Reads ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Advances a member's read position (never backwards, never past the last message), tells the
   * room, and refreshes the reader's other tabs. Also the REST `POST /rooms/:id/read`.
   */
  async markRead(roomId: string, userId: string, seq: number): Promise<void> {
    const lastSeq = this.log.lastSeq();
    const target = Math.min(seq, lastSeq);
    const advanced = await this.db
      .update(roomMembers)
      .set({ lastReadSeq: target })
      .where(
        and(
          eq(roomMembers.roomId, roomId),
          eq(roomMembers.userId, userId),
          lt(roomMembers.lastReadSeq, target),
        ),
      )
      .returning({ seq: roomMembers.lastReadSeq });
    if (advanced.length === 0) return;
    this.broadcast({ type: "read", userId, seq: target });
    const latest = this.log.latest();
    await inboxStub(this.env, userId).pushChat({
      type: "chat",
      roomId,
      lastMessage: latest ? toMessage(latest, roomId) : null,
      unreadCount: lastSeq - target,
    });
  }

  // ── After a message: D1 summary and inboxes ─────────────────────────────────────────────────

  private afterwards(task: () => Promise<void>) {
    const run = this.summaries.then(task).catch((error) => console.error("chat summary failed", error));
    this.summaries = run;
    this.ctx.waitUntil(run);
  }

  /**
   * Puts the room's last message into D1 (only forwards: a late update never overwrites a newer
   * one), counts the sender's own message as read, and pushes each member's unread count to their
   * inbox. An edit or delete of the last message (`isNew` false) changes only the preview.
   */
  private async publishSummary(roomId: string, message: Message, isNew: boolean) {
    const db = this.db;
    const lastSeq = this.log.lastSeq();
    const summary = isNew
      ? db
          .update(chatRooms)
          .set({ lastSeq: message.seq, lastMessage: message, updatedAt: new Date(message.createdAt) })
          .where(and(eq(chatRooms.id, roomId), lt(chatRooms.lastSeq, message.seq)))
      : db
          .update(chatRooms)
          .set({ lastMessage: message })
          .where(and(eq(chatRooms.id, roomId), eq(chatRooms.lastSeq, message.seq)));
    const ownRead = db
      .update(roomMembers)
      .set({ lastReadSeq: message.seq })
      .where(
        and(
          eq(roomMembers.roomId, roomId),
          eq(roomMembers.userId, message.sender.id),
          lt(roomMembers.lastReadSeq, message.seq),
        ),
      );
    const [, , members] = await db.batch([
      summary,
      ownRead,
      db
        .select({ userId: roomMembers.userId, lastReadSeq: roomMembers.lastReadSeq })
        .from(roomMembers)
        .where(eq(roomMembers.roomId, roomId)),
    ]);
    await Promise.allSettled(
      members.map((member) =>
        inboxStub(this.env, member.userId).pushChat({
          type: "chat",
          roomId,
          lastMessage: message,
          unreadCount: Math.max(0, lastSeq - member.lastReadSeq),
        } satisfies ChatInboxFrame),
      ),
    );
  }

  // ── RPC for the worker ──────────────────────────────────────────────────────────────────────

  /** A page of the log, ascending by seq (see API.md § Chat for before/after/latest). */
  async history(roomId: string, query: HistoryQuery): Promise<HistoryPage> {
    const { rows, hasMore } = this.log.page(query);
    const cards = await cardsByIds(
      this.db,
      rows.map((row) => row.sender_id),
    );
    return { items: rows.map((row) => toMessage(row, roomId, cards)), hasMore };
  }

  /** Closes a member's sockets, e.g. after they left the room. */
  async disconnect(userId: string): Promise<void> {
    for (const ws of this.socketsOf(userId)) closeBack(ws, CLOSE_NOT_MEMBER, "left the room");
  }

  /**
   * Removes everything a deleted account wrote here, closes its sockets and points the D1 summary
   * at the newest message that remains (positions stay: seq never goes back).
   */
  async removeSender(roomId: string, userId: string): Promise<void> {
    await this.disconnect(userId);
    this.log.removeSender(userId);
    const latest = this.log.latest();
    await this.db
      .update(chatRooms)
      .set({ lastMessage: latest ? toMessage(latest, roomId) : null })
      .where(eq(chatRooms.id, roomId));
  }

  /** The room is gone: close every socket and delete the whole log. */
  async purge(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) closeBack(ws, CLOSE_ROOM_GONE, "room deleted");
    await this.ctx.storage.deleteAll();
    this.log.forgetSchema();
  }

  // ── Sockets ─────────────────────────────────────────────────────────────────────────────────

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    closeBack(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    closeBack(ws, 1000, "");
  }

  private socketsOf(userId: string) {
    return this.ctx
      .getWebSockets()
      .filter((ws) => (ws.deserializeAttachment() as Attachment | null)?.userId === userId);
  }

  private send(ws: WebSocket, frame: ChatServerFrame) {
    sendTo(ws, JSON.stringify(frame));
  }

  /** To every socket in the room, except those of `exceptUserId`. */
  private broadcast(frame: ChatServerFrame, exceptUserId?: string) {
    const text = JSON.stringify(frame);
    for (const ws of this.ctx.getWebSockets()) {
      if (exceptUserId && (ws.deserializeAttachment() as Attachment | null)?.userId === exceptUserId)
        continue;
      sendTo(ws, text);
    }
  }

  private fail(ws: WebSocket, code: ChatErrorCode, message: string, clientId?: string) {
    this.send(ws, clientId ? { type: "error", code, message, clientId } : { type: "error", code, message });
  }
}

/** Token bucket kept in the socket's attachment, so it survives hibernation. */
const takeToken = (ws: WebSocket, attachment: Attachment): boolean => {
  const now = Date.now();
  const refilled = Math.min(
    RATE_BURST,
    attachment.tokens + ((now - attachment.refilledAt) * RATE_PER_SECOND) / 1000,
  );
  const allowed = refilled >= 1;
  attachment.tokens = allowed ? refilled - 1 : refilled;
  attachment.refilledAt = now;
  ws.serializeAttachment(attachment);
  return allowed;
};

const clientIdOf = (raw: unknown): string | undefined => {
  if (typeof raw !== "object" || raw === null || !("clientId" in raw)) return undefined;
  const clientId = (raw as { clientId: unknown }).clientId;
  return typeof clientId === "string" && clientId.length <= 64 ? clientId : undefined;
};
