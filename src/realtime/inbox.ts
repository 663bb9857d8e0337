import { DurableObject } from "cloudflare:workers";
import { createDb, type Db } from "../db/client";
import type { Env } from "../env";
import { type Conversation, ConversationStore, type RoomUpdate } from "./conversations";
import {
  CLOSE_REASON_SESSION_ENDED,
  CLOSE_SESSION_ENDED,
  chatRoomStub,
  SESSION_HEADER,
  socketsPerUser,
  TICKET_EXPIRES_HEADER,
  TICKET_HEADER,
  TICKET_ISSUED_HEADER,
  USER_HEADER,
} from "./internal";
import type { InboxServerFrame, Message, Notification } from "./protocol";
import { type Admission, SessionLedger, type TicketUse } from "./session-ledger";
import {
  acceptFor,
  broadcastText,
  closeSessionsHere,
  closeWith,
  enableAutoPong,
  hasRoomForSocket,
  isUpgrade,
  refuseUpgrade,
  sendText,
} from "./sockets";

/** At most this many missed notifications are replayed on connect (the list route has the rest). */
const REPLAY_LIMIT = 100;

const unreadOf = (c: Conversation) => Math.max(0, c.lastSeq - c.lastReadSeq);

/**
 * How the inbox reads what a reconnecting tab missed. Notifications live in D1 and belong to the
 * notifications feature; `src/index.ts` plugs its queries in, so the object depends on no feature.
 */
export interface NotificationReplay {
  since(db: Db, query: { userId: string; sinceId: string; limit: number }): Promise<Notification[]>;
  unreadCount(db: Db, userId: string): Promise<number>;
}

/**
 * One per user (`idFromName(userId)`): that user's open tabs, their conversation list (per room
 * the last message, `lastSeq`, `lastReadSeq`, updated by the rooms, coalesced) and the record of
 * their realtime sessions (used tickets, ended sessions, which rooms each session has sockets in).
 * Notifications stay in D1; the worker calls this object to push them. Its sockets hibernate.
 */
export abstract class InboxObject extends DurableObject<Env> {
  protected abstract readonly replay: NotificationReplay;
  private readonly conversations: ConversationStore;
  private readonly ledger: SessionLedger;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.conversations = new ConversationStore(ctx.storage.sql);
    this.ledger = new SessionLedger(ctx.storage.sql);
    enableAutoPong(ctx);
  }

  /** The upgrade, forwarded by the worker once the ticket's signature checked out. */
  override async fetch(request: Request): Promise<Response> {
    const userId = request.headers.get(USER_HEADER);
    const ticket = ticketUseOf(request, null);
    if (!userId || !ticket || !isUpgrade(request)) {
      return refuseUpgrade(400, "bad_request", "WebSocket 연결 요청이 아닙니다.");
    }
    const admission = this.ledger.admit(ticket);
    if (admission !== "ok") return refuseTicket(admission);
    if (!hasRoomForSocket(this.ctx, userId, socketsPerUser(this.env))) {
      return refuseUpgrade(429, "rate_limited", "열린 알림 연결이 너무 많습니다.", { "Retry-After": "5" });
    }
    const since = new URL(request.url).searchParams.get("since");
    const db = createDb(this.env.DB);
    const [missed, unread] = await Promise.all([
      since ? this.replay.since(db, { userId, sinceId: since, limit: REPLAY_LIMIT }) : Promise.resolve([]),
      this.replay.unreadCount(db, userId),
    ]);
    // The session may have ended while D1 answered.
    if (this.ledger.hasEnded(ticket)) return refuseTicket("session_ended");
    // Accepted only now, so nothing pushed meanwhile lands before the replay. A push that raced
    // the replay query may arrive twice: clients keep notifications by id.
    const { client, server } = acceptFor(this.ctx, { userId, sessionId: ticket.sessionId });
    for (const notification of missed) this.send(server, { type: "notification", notification });
    this.send(server, { type: "unread", count: unread });
    this.send(server, { type: "ready" });
    return new Response(null, { status: 101, webSocket: client });
  }

  // ── Sessions ────────────────────────────────────────────────────────────────────────────────

  /** A ticket about to open a room socket: admitted once, and only while its session lasts. */
  async admitTicket(use: TicketUse): Promise<Admission> {
    return this.ledger.admit(use);
  }

  /**
   * Sessions of this user ended (every one with "all"): their unused tickets stop working, and
   * their sockets here and in every room they opened one in are closed.
   */
  async endSessions(
    userId: string,
    sessionIds: readonly string[] | "all",
    code = CLOSE_SESSION_ENDED,
    reason = CLOSE_REASON_SESSION_ENDED,
  ) {
    const rooms = this.ledger.end(sessionIds);
    closeSessionsHere(this.ctx, userId, sessionIds, code, reason);
    const results = await Promise.allSettled(
      rooms.map((roomId) => chatRoomStub(this.env, roomId).closeSessions(userId, sessionIds, code, reason)),
    );
    for (const result of results) {
      if (result.status === "rejected")
        console.error("closing a session's room sockets failed", result.reason);
    }
  }

  /** The account is gone: every session ends and the conversation list goes. */
  async accountDeleted(userId: string): Promise<void> {
    await this.endSessions(userId, "all");
    this.conversations.clear();
  }

  // ── Conversations ───────────────────────────────────────────────────────────────────────────

  /** The listed rooms' positions, where this inbox has heard of them. */
  async conversationsOf(roomIds: readonly string[]): Promise<Conversation[]> {
    const wanted = new Set(roomIds);
    return this.conversations.all().filter((c) => wanted.has(c.roomId));
  }

  /** A room's coalesced update; the tabs hear of it when anything changed. */
  async roomUpdated(update: RoomUpdate): Promise<void> {
    const { conversation, changed } = this.conversations.apply(update);
    if (changed) this.pushChat(conversation);
  }

  /** The user read up to `seq` in a room (bounded by its end); whether the position moved. */
  async markRead(read: { roomId: string; seq: number; lastSeq: number; lastMessage: Message | null }) {
    const { conversation, advanced } = this.conversations.markRead(
      read.roomId,
      read.seq,
      read.lastSeq,
      read.lastMessage,
    );
    if (advanced) this.pushChat(conversation);
    return advanced;
  }

  /** The user left a room (or it was deleted): it leaves the list. */
  async forgetRoom(roomId: string): Promise<void> {
    this.conversations.remove(roomId);
  }

  // ── Notifications ───────────────────────────────────────────────────────────────────────────

  /** New notifications for this user, then their unread count. */
  async deliver(notifications: Notification[], unread: number): Promise<void> {
    for (const notification of notifications) this.broadcast({ type: "notification", notification });
    this.broadcast({ type: "unread", count: unread });
  }

  /** The unread count changed (a read in some tab). */
  async pushUnread(count: number): Promise<void> {
    this.broadcast({ type: "unread", count });
  }

  /** Tabs only listen; anything but the auto-answered "ping" is ignored. */
  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    closeWith(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    closeWith(ws, 1000, "");
  }

  private pushChat(c: Conversation) {
    this.broadcast({ type: "chat", roomId: c.roomId, lastMessage: c.lastMessage, unreadCount: unreadOf(c) });
  }

  private send(ws: WebSocket, frame: InboxServerFrame) {
    sendText(ws, JSON.stringify(frame));
  }

  private broadcast(frame: InboxServerFrame) {
    broadcastText(this.ctx, JSON.stringify(frame));
  }
}

/** The ticket fields the worker copied into headers after verifying its signature. */
const ticketUseOf = (request: Request, roomId: string | null): TicketUse | null => {
  const ticketId = request.headers.get(TICKET_HEADER);
  const sessionId = request.headers.get(SESSION_HEADER);
  const issuedAt = Number(request.headers.get(TICKET_ISSUED_HEADER));
  const expiresAt = Number(request.headers.get(TICKET_EXPIRES_HEADER));
  if (!ticketId || !sessionId || !Number.isFinite(issuedAt) || !Number.isFinite(expiresAt)) return null;
  return { ticketId, sessionId, issuedAt, expiresAt, roomId };
};

const refuseTicket = (admission: Exclude<Admission, "ok">) =>
  refuseUpgrade(
    401,
    "unauthorized",
    admission === "used" ? "이미 사용한 연결 티켓입니다." : "세션이 끝났습니다. 다시 로그인하세요.",
  );
