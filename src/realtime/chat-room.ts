import { DurableObject } from "cloudflare:workers";
import { createDb } from "../db/client";
import type { Env } from "../env";
import { addedMentions, mentionsIn } from "../shared/markdown/mentions";
import { SendLimiter, TypingThrottle } from "../shared/send-limit";
import {
  CLOSE_NOT_MEMBER,
  CLOSE_REASON_SESSION_ENDED,
  CLOSE_REASON_SUSPENDED,
  CLOSE_ROOM_GONE,
  CLOSE_SESSION_ENDED,
  inboxStub,
  ROOM_HEADER,
  SESSION_HEADER,
  socketsPerUser,
  TICKET_ISSUED_HEADER,
  USER_HEADER,
} from "./internal";
import { type HistoryQuery, MessageLog, type MessageRow, toMessage } from "./message-log";
import {
  type ChatClientFrame,
  type ChatErrorCode,
  type ChatServerFrame,
  isFrameTooLarge,
  type Message,
  parseChatClientFrame,
  RATE_BURST,
  RATE_PER_SECOND,
} from "./protocol";
import { isSuspended, type RoomAccess, RoomAccessCache } from "./room-access";
import {
  acceptFor,
  broadcastText,
  closeAll,
  closeSessionsHere,
  closeWith,
  enableAutoPong,
  hasRoomForSocket,
  isUpgrade,
  openSockets,
  ownerOf,
  refuseUpgrade,
  type SocketOwner,
  sendText,
  userTag,
} from "./sockets";

/** A study room message named some members: what the room hands on to be recorded as mentions. */
export interface RoomMentionEvent {
  roomId: string;
  seq: number;
  actorId: string;
  handles: string[];
  memberIds: string[];
}

/**
 * How the room records mentions in D1 (after the broadcast). The notifications feature does it;
 * `src/index.ts` plugs it in, so the object depends on no feature.
 */
export type RecordRoomMentions = (env: Env, event: RoomMentionEvent) => Promise<void>;

export interface HistoryPage {
  items: Message[];
  hasMore: boolean;
}

/** More missed messages than this are not replayed on connect: `ready.lastSeq` shows the gap. */
const REPLAY_LIMIT = 1000;
/** Edits and deletes of messages the client already had, replayed as `updated` on connect. */
const REPLAY_UPDATES_LIMIT = 100;
/**
 * Members' inboxes hear about new messages at most once per window: half a second (still "at
 * once" for a conversation list or an unread badge), or 25 ms per member in a larger room, so a
 * room causes at most ~40 inbox updates a second whatever its size and message rate (a 50-member
 * room: one update per member per 1.25 s). Each update is a storage commit in that inbox.
 */
export const inboxFlushWindowMs = (members: number) => Math.max(500, 25 * members);
/** At most one `typing` per user per this interval is passed on. */
const TYPING_INTERVAL_MS = 1000;
/** How long an ended session is remembered here, to refuse an upgrade that raced the end. */
const ENDED_SESSION_MS = 2 * 60 * 1000;

/**
 * One per chat room (`idFromName(roomId)`): the room's sockets, its ordered message log and its
 * own copy of who may speak, all in this object's SQLite storage. It is the log's only writer: it
 * assigns `seq`, stores the message and only then broadcasts it. A message costs no D1 statement:
 * membership and blocks come from the room's cache (see `RoomAccessCache`), and the members'
 * inboxes are updated coalesced, from an alarm.
 *
 * Sockets hibernate. What lives only in memory (the send buckets, the typing throttle, sessions
 * that just ended) is either full/empty again by the time the object could hibernate or only
 * matters for the seconds around an upgrade.
 */
export abstract class ChatRoomObject extends DurableObject<Env> {
  protected abstract readonly recordMentions: RecordRoomMentions;
  private readonly log: MessageLog;
  private readonly access: RoomAccessCache;
  private readonly limiter = new SendLimiter(RATE_PER_SECOND, RATE_BURST);
  private readonly typing = new TypingThrottle(TYPING_INTERVAL_MS);
  /** Session id → when to forget it; user id → tickets issued up to this second are refused. */
  private readonly endedSessions = new Map<string, number>();
  private readonly endedAllBefore = new Map<string, number>();
  /** An alarm is set for the next flush. */
  private flushArmed = false;
  /** Something for the inboxes happened since the last flush began. */
  private flushPending = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.log = new MessageLog(ctx.storage.sql);
    this.access = new RoomAccessCache(ctx.storage.sql, () => createDb(this.env.DB));
    enableAutoPong(ctx);
  }

  // ── Connecting ──────────────────────────────────────────────────────────────────────────────

  /** The upgrade, forwarded by the worker once the ticket checked out (see `admitTicket`). */
  override async fetch(request: Request): Promise<Response> {
    const userId = request.headers.get(USER_HEADER);
    const sessionId = request.headers.get(SESSION_HEADER);
    const roomId = request.headers.get(ROOM_HEADER);
    const issuedAt = Number(request.headers.get(TICKET_ISSUED_HEADER));
    if (!userId || !sessionId || !roomId || !isUpgrade(request)) {
      return refuseUpgrade(400, "bad_request", "WebSocket 연결 요청이 아닙니다.");
    }
    const sinceParam = new URL(request.url).searchParams.get("since");
    const since = sinceParam === null ? null : Number(sinceParam);

    // The only await before the socket is accepted: from there to `ready` everything is
    // synchronous, so no live message can slip in before, between or into the replay.
    const access = await this.access.get(roomId);
    if (!access) return refuseUpgrade(404, "not_found", "채팅방을 찾을 수 없습니다.");
    if (!access.members.has(userId)) return refuseUpgrade(403, "forbidden", "이 채팅방의 멤버가 아닙니다.");
    if (access.blocked) {
      return refuseUpgrade(403, "blocked", "차단 관계인 사용자와는 대화할 수 없습니다.");
    }
    if (isSuspended(access, userId)) {
      return refuseUpgrade(403, "suspended", "이용 정지된 계정은 채팅에 연결할 수 없습니다.");
    }
    if (this.sessionEnded(userId, sessionId, issuedAt)) {
      return refuseUpgrade(401, "unauthorized", "세션이 끝났습니다. 다시 로그인하세요.");
    }
    if (!hasRoomForSocket(this.ctx, userId, socketsPerUser(this.env))) {
      return refuseUpgrade(429, "rate_limited", "이 채팅방에 열린 연결이 너무 많습니다.", {
        "Retry-After": "5",
      });
    }

    const { client, server } = acceptFor(this.ctx, { userId, sessionId });
    if (since !== null) this.replay(server, access, since);
    this.send(server, { type: "ready", lastSeq: this.log.lastSeq() });
    return new Response(null, { status: 101, webSocket: client });
  }

  private replay(ws: WebSocket, access: RoomAccess, since: number) {
    for (const row of this.log.editedUpTo(since, REPLAY_UPDATES_LIMIT))
      this.send(ws, { type: "updated", message: toMessage(row, access.roomId, access.members) });
    for (const row of this.log.after(since, REPLAY_LIMIT))
      this.send(ws, { type: "message", message: toMessage(row, access.roomId, access.members) });
  }

  private sessionEnded(userId: string, sessionId: string, issuedAt: number) {
    const now = Date.now();
    for (const [id, forgetAt] of this.endedSessions) if (forgetAt < now) this.endedSessions.delete(id);
    const allBefore = this.endedAllBefore.get(userId);
    return this.endedSessions.has(sessionId) || (allBefore !== undefined && !(issuedAt > allBefore));
  }

  // ── Frames ──────────────────────────────────────────────────────────────────────────────────

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const owner = ownerOf(ws);
    // A socket without an owner this code wrote (accepted by an older version): reconnect it.
    if (!owner) return closeWith(ws, 1000, "reconnect");
    if (typeof data !== "string") return this.fail(ws, "invalid_frame", "텍스트(JSON) 프레임만 받습니다.");
    if (isFrameTooLarge(data)) return this.fail(ws, "too_large", "프레임이 8 KiB를 넘습니다.");
    // Parsed before the token is taken, so a refused send still gets its clientId back (the
    // client knows which message to retry); every frame, valid or not, counts against the limit.
    const parsed = parseChatClientFrame(data);
    const clientId = parsed.ok
      ? parsed.frame.type === "send"
        ? parsed.frame.clientId
        : undefined
      : parsed.clientId;
    if (!this.limiter.take(owner.userId)) {
      return this.fail(
        ws,
        "rate_limited",
        "메시지를 너무 빨리 보내고 있습니다. 잠시 후 다시 시도하세요.",
        clientId,
      );
    }
    if (!parsed.ok) return this.fail(ws, "invalid_frame", parsed.message, parsed.clientId);
    const frame = parsed.frame;

    const access = this.access.peek();
    if (!access) return closeWith(ws, 1000, "reconnect");
    if (this.access.isStale()) this.refreshInBackground(access.roomId);
    if (!access.members.has(owner.userId)) {
      this.fail(ws, "not_member", "이 채팅방의 멤버가 아닙니다.", clientId);
      return closeWith(ws, CLOSE_NOT_MEMBER, "not a member");
    }
    if (access.blocked)
      return this.fail(ws, "blocked", "차단 관계인 사용자와는 대화할 수 없습니다.", clientId);
    if (isSuspended(access, owner.userId)) {
      this.fail(ws, "suspended", "이용 정지된 계정입니다.", clientId);
      return closeWith(ws, CLOSE_SESSION_ENDED, CLOSE_REASON_SUSPENDED);
    }
    try {
      await this.handle(ws, owner, access, frame);
    } catch (error) {
      console.error("chat room frame failed", error);
      this.fail(ws, "internal", "메시지를 처리하지 못했습니다.", clientId);
    }
  }

  private async handle(ws: WebSocket, owner: SocketOwner, access: RoomAccess, frame: ChatClientFrame) {
    switch (frame.type) {
      case "send":
        return this.handleSend(ws, owner, access, frame.clientId, frame.body);
      case "edit":
        return this.change(ws, owner, access, frame.id, frame.body);
      case "delete":
        return this.change(ws, owner, access, frame.id, null);
      case "read":
        return this.markRead(access.roomId, owner.userId, frame.seq);
      case "typing":
        if (!this.typing.allow(owner.userId)) return;
        return broadcastText(
          this.ctx,
          JSON.stringify({ type: "typing", userId: owner.userId }),
          owner.userId,
        );
    }
  }

  /** Synchronous from lookup to broadcast: the log's order is the order frames arrived in. */
  private handleSend(ws: WebSocket, owner: SocketOwner, access: RoomAccess, clientId: string, body: string) {
    const { roomId, members } = access;
    const card = members.get(owner.userId);
    if (!card) return;
    const { row, repeated } = this.log.append(owner.userId, card, body, clientId);
    // A repeated send is answered with what was stored, even if the room changed since.
    if (repeated) return this.send(ws, { type: "message", message: toMessage(row, roomId, members) });
    // Output gates hold this frame until the insert above is durable.
    this.broadcast({ type: "message", message: toMessage(row, roomId, members) });
    this.scheduleInboxFlush();
    if (body.includes("@")) this.mentionLater(access, owner.userId, row.seq, mentionsIn(body));
  }

  /** Edit (with a body) or delete (null) one of the caller's own messages. */
  private change(ws: WebSocket, owner: SocketOwner, access: RoomAccess, id: string, body: string | null) {
    const existing = this.log.byId(id);
    if (!existing || existing.deleted) return this.fail(ws, "not_found", "메시지를 찾을 수 없습니다.");
    if (existing.sender_id !== owner.userId) {
      return this.fail(ws, "forbidden", "자신이 보낸 메시지만 고치거나 지울 수 있습니다.");
    }
    const row = this.log.change(id, body);
    this.broadcast({ type: "updated", message: toMessage(row, access.roomId, access.members) });
    if (row.seq === this.log.lastSeq()) this.scheduleInboxFlush();
    if (body?.includes("@"))
      this.mentionLater(access, owner.userId, row.seq, addedMentions(existing.body, body));
  }

  /**
   * `@handle`s of a study room's members (not the sender) become `mention` notifications, recorded
   * in D1 after the message was stored and broadcast: the only D1 work a message can cause, and
   * only when it names someone here. Direct rooms notify nobody: the peer gets the message itself.
   */
  private mentionLater(access: RoomAccess, senderId: string, seq: number, handles: string[]) {
    if (access.kind !== "study" || handles.length === 0) return;
    const wanted = new Set(handles);
    const named = [...access.members.values()].filter(
      (card) => card.id !== senderId && wanted.has(card.handle),
    );
    if (named.length === 0) return;
    const event = {
      roomId: access.roomId,
      seq,
      actorId: senderId,
      handles: named.map((card) => card.handle),
      memberIds: named.map((card) => card.id),
    };
    this.ctx.waitUntil(
      this.recordMentions(this.env, event).catch((error) => console.error("room mention failed", error)),
    );
  }

  // ── Reads ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Advances a member's read position (never backwards, never past the last message) in their
   * inbox, which owns it, and tells the room when it moved. Also the REST `POST /rooms/:id/read`.
   */
  async markRead(roomId: string, userId: string, seq: number): Promise<void> {
    const latest = this.log.latest();
    const lastSeq = latest?.seq ?? 0;
    const target = Math.min(seq, lastSeq);
    const advanced = await inboxStub(this.env, userId).markRead({
      roomId,
      seq: target,
      lastSeq,
      lastMessage: latest ? this.messageOf(latest, roomId) : null,
    });
    if (advanced) this.broadcast({ type: "read", userId, seq: target });
  }

  // ── The members' inboxes, coalesced ─────────────────────────────────────────────────────────

  /**
   * Marks the inboxes due for an update. Only the first message after a quiet window sets the
   * alarm: while messages keep coming, each flush re-arms it for the next window itself, so a busy
   * room's messages never wait for an alarm to be stored (locally that is a second commit to disk
   * in front of the message's own). After an eviction the flags start false: a pending alarm
   * still flushes everything, and the next message arms a new one.
   */
  private scheduleInboxFlush() {
    this.flushPending = true;
    if (this.flushArmed) return;
    this.flushArmed = true;
    void this.ctx.storage.setAlarm(Date.now() + inboxFlushWindowMs(this.access.peek()?.members.size ?? 0));
  }

  /**
   * Flushes, then stays armed for one more window; an alarm that finds nothing new since the
   * last flush disarms instead (the room went quiet).
   */
  override async alarm(): Promise<void> {
    const quiet = this.flushArmed && !this.flushPending;
    this.flushPending = false;
    if (quiet) {
      this.flushArmed = false;
      return;
    }
    this.flushArmed = true;
    const began = Date.now();
    try {
      await this.flushInboxes({ spread: true });
    } finally {
      const window = inboxFlushWindowMs(this.access.peek()?.members.size ?? 0);
      void this.ctx.storage.setAlarm(Math.max(Date.now(), began + window));
    }
  }

  /**
   * Tells every member's inbox the room's last message and `lastSeq`, and that their own messages
   * count as read. One call per member per flush, however many messages arrived; each call reads
   * the log as it stands then, so a member updated later in the flush gets the later messages.
   *
   * With `spread`, the calls go one at a time, spaced across the window: each is a commit in
   * that member's inbox, and a burst of 50 of them (locally ~20 ms of disk syncs on the one
   * thread every object shares) held up the room's own messages behind it.
   */
  private async flushInboxes({ spread }: { spread: boolean }): Promise<void> {
    const access = this.access.peek();
    if (!access) return;
    const members = [...access.members.keys()];
    const gap = spread ? inboxFlushWindowMs(members.length) / members.length : 0;
    for (const userId of members) {
      // Someone who left while the flush was spread out must not get the room back in their inbox.
      if (!this.access.peek()?.members.has(userId)) continue;
      const started = Date.now();
      await this.updateInbox(access.roomId, userId);
      const rest = gap - (Date.now() - started);
      if (rest > 0) await scheduler.wait(rest);
    }
  }

  private async updateInbox(roomId: string, userId: string): Promise<void> {
    const latest = this.log.latest();
    try {
      await inboxStub(this.env, userId).roomUpdated({
        roomId,
        lastMessage: latest ? this.messageOf(latest, roomId) : null,
        lastSeq: latest?.seq ?? 0,
        // Sent every time: the inbox only moves a read position forwards, so repeating it is
        // harmless, and the room keeps no "flushed up to" mark (a storage write per flush).
        readUpTo: this.log.lastSeqOf(userId),
        updatedAt: latest?.created_at ?? Date.now(),
      });
    } catch (error) {
      console.error("inbox update failed", error);
    }
  }

  // ── RPC for the worker ──────────────────────────────────────────────────────────────────────

  /** A page of the log, ascending by seq (see API.md § Chat for before/after/latest). */
  async history(roomId: string, query: HistoryQuery): Promise<HistoryPage> {
    const { rows, hasMore } = this.log.page(query);
    const members = this.access.peek()?.members;
    return { items: rows.map((row) => toMessage(row, roomId, members)), hasMore };
  }

  /**
   * Membership or a block changed in D1 (the worker calls this after its batch committed):
   * re-read who may speak, close the sockets of anyone who may not any more (4403), and give the
   * inboxes of `joined` users the room's position, with everything so far counted as read.
   */
  async membershipChanged(roomId: string, joined: readonly string[] = []): Promise<void> {
    const access = await this.access.rebuild(roomId);
    if (!access) {
      closeAll(this.ctx.getWebSockets(), CLOSE_ROOM_GONE, "room deleted");
      return;
    }
    for (const ws of openSockets(this.ctx)) {
      const owner = ownerOf(ws);
      if (access.blocked) closeWith(ws, CLOSE_NOT_MEMBER, "blocked");
      else if (!owner || !access.members.has(owner.userId)) closeWith(ws, CLOSE_NOT_MEMBER, "left the room");
      else if (isSuspended(access, owner.userId)) closeWith(ws, CLOSE_SESSION_ENDED, CLOSE_REASON_SUSPENDED);
    }
    const newcomers = joined.filter((userId) => access.members.has(userId));
    if (newcomers.length === 0) return;
    const latest = this.log.latest();
    const lastSeq = latest?.seq ?? 0;
    await Promise.all(
      newcomers.map((userId) =>
        inboxStub(this.env, userId).roomUpdated({
          roomId,
          lastMessage: latest ? this.messageOf(latest, roomId) : null,
          lastSeq,
          readUpTo: lastSeq,
          updatedAt: latest?.created_at ?? Date.now(),
        }),
      ),
    );
  }

  /**
   * A moderator hid (or un-hid) a message: the room's log changes and every socket hears it as an
   * `updated` frame, so the message reads as deleted live and in history (API.md § Moderation).
   * Returns the sender, or null when there is no such message (or nothing to change).
   */
  async moderateMessage(roomId: string, id: string, hidden: boolean): Promise<{ senderId: string } | null> {
    const row = hidden ? this.log.hide(id) : this.log.unhide(id);
    if (!row) return null;
    this.broadcast({ type: "updated", message: this.messageOf(row, roomId) });
    if (row.seq === this.log.lastSeq()) this.scheduleInboxFlush();
    return { senderId: row.sender_id };
  }

  /** A message as it stands with a few either side, for a report; null when there is none. */
  async messageInContext(
    roomId: string,
    id: string,
    spread = 3,
  ): Promise<{ message: Message; context: Message[] } | null> {
    const rows = this.log.around(id, spread);
    const target = rows.find((row) => row.id === id);
    if (!target) return null;
    return {
      message: this.messageOf(target, roomId),
      context: rows.map((row) => this.messageOf(row, roomId)),
    };
  }

  /** Sessions ended: close their sockets here (4401 unless told otherwise) and refuse racing upgrades. */
  async closeSessions(
    userId: string,
    sessionIds: readonly string[] | "all",
    code = CLOSE_SESSION_ENDED,
    reason = CLOSE_REASON_SESSION_ENDED,
  ) {
    const now = Date.now();
    if (sessionIds === "all") this.endedAllBefore.set(userId, Math.floor(now / 1000));
    else for (const sessionId of sessionIds) this.endedSessions.set(sessionId, now + ENDED_SESSION_MS);
    return closeSessionsHere(this.ctx, userId, sessionIds, code, reason);
  }

  /**
   * Removes everything a deleted account wrote here, closes its sockets, re-reads the members
   * and refreshes the inboxes' previews (positions stay: seq never goes back).
   */
  async removeSender(roomId: string, userId: string): Promise<void> {
    closeAll(this.ctx.getWebSockets(userTag(userId)), CLOSE_NOT_MEMBER, "account deleted");
    this.log.removeSender(userId);
    await this.membershipChanged(roomId);
    await this.flushInboxes({ spread: false });
  }

  /** The room is gone: close every socket and delete the whole log and the access cache. */
  async purge(): Promise<void> {
    closeAll(this.ctx.getWebSockets(), CLOSE_ROOM_GONE, "room deleted");
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.flushArmed = false;
    this.flushPending = false;
    this.log.forgetSchema();
    this.access.forgetSchema();
  }

  // ── Sockets ─────────────────────────────────────────────────────────────────────────────────

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    closeWith(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    closeWith(ws, 1000, "");
  }

  private refreshing = false;
  private refreshInBackground(roomId: string) {
    if (this.refreshing) return;
    this.refreshing = true;
    this.ctx.waitUntil(
      this.membershipChanged(roomId)
        .catch((error) => console.error("room access refresh failed", error))
        .finally(() => {
          this.refreshing = false;
        }),
    );
  }

  private messageOf(row: MessageRow, roomId: string): Message {
    return toMessage(row, roomId, this.access.peek()?.members);
  }

  private send(ws: WebSocket, frame: ChatServerFrame) {
    sendText(ws, JSON.stringify(frame));
  }

  private broadcast(frame: ChatServerFrame) {
    broadcastText(this.ctx, JSON.stringify(frame));
  }

  private fail(ws: WebSocket, code: ChatErrorCode, message: string, clientId?: string) {
    this.send(ws, clientId ? { type: "error", code, message, clientId } : { type: "error", code, message });
  }
}
