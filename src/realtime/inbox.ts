import { DurableObject } from "cloudflare:workers";
import { createDb } from "../db/client";
import type { Env } from "../env";
import { notificationsSince, unreadCount } from "../features/notifications/service";
import { CLOSE_ACCOUNT_GONE, closeBack, sendTo, USER_HEADER } from "./internal";
import { type ChatInboxFrame, type InboxServerFrame, type Notification, PING, PONG } from "./protocol";

/** At most this many missed notifications are replayed on connect (the list route has the rest). */
const REPLAY_LIMIT = 100;

/**
 * One per user (`idFromName(userId)`): that user's open tabs. It keeps no data of its own (D1
 * has every notification and count); the worker and the chat rooms call it over RPC to push, and
 * a reconnecting tab gets what it missed from D1. Its sockets hibernate, so idle tabs cost nothing.
 */
export class Inbox extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  /** The upgrade, forwarded by the worker once the ticket checked out. */
  override async fetch(request: Request): Promise<Response> {
    const userId = request.headers.get(USER_HEADER);
    if (!userId || request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return Response.json(
        { error: { code: "bad_request", message: "WebSocket 연결 요청이 아닙니다." } },
        { status: 400 },
      );
    }
    const since = new URL(request.url).searchParams.get("since");
    const db = createDb(this.env.DB);
    const [missed, unread] = await Promise.all([
      since ? notificationsSince(db, { userId, sinceId: since, limit: REPLAY_LIMIT }) : Promise.resolve([]),
      unreadCount(db, userId),
    ]);
    // Accepted only now, so nothing pushed meanwhile lands before the replay. A push that raced
    // the replay query may arrive twice: clients keep notifications by id.
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ userId });
    for (const notification of missed) this.send(server, { type: "notification", notification });
    this.send(server, { type: "unread", count: unread });
    this.send(server, { type: "ready" });
    return new Response(null, { status: 101, webSocket: client });
  }

  /** New notifications for this user, then their unread count. */
  async deliver(notifications: Notification[], unread: number): Promise<void> {
    for (const notification of notifications) this.broadcast({ type: "notification", notification });
    this.broadcast({ type: "unread", count: unread });
  }

  /** The unread count changed (a read in some tab). */
  async pushUnread(count: number): Promise<void> {
    this.broadcast({ type: "unread", count });
  }

  /** A message arrived in, or the user read, one of their chat rooms. */
  async pushChat(frame: ChatInboxFrame): Promise<void> {
    this.broadcast(frame);
  }

  /** The account is gone: close its tabs. */
  async disconnectAll(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) closeBack(ws, CLOSE_ACCOUNT_GONE, "account deleted");
  }

  /** Tabs only listen; anything but the auto-answered "ping" is ignored. */
  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    closeBack(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    closeBack(ws, 1000, "");
  }

  private send(ws: WebSocket, frame: InboxServerFrame) {
    sendTo(ws, JSON.stringify(frame));
  }

  private broadcast(frame: InboxServerFrame) {
    const text = JSON.stringify(frame);
    for (const ws of this.ctx.getWebSockets()) sendTo(ws, text);
  }
}
