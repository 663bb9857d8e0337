import { inboxServerFrameSchema, PING } from "../../realtime/protocol";
import { backoffDelay } from "../lib/backoff";
import { notificationHref, notificationText } from "../lib/notification-text";
import { createStore } from "../lib/store";
import { api, call, fetchTicket, socketUrl } from "./client";
import { CLOSE_ACCOUNT_GONE } from "./close-codes";
import { applyChatEvent, clearRooms, loadRooms } from "./rooms";
import { currentUser, endSession } from "./session";
import { showToast } from "./toasts";
import type { Notification } from "./types";

/** The bell's number. */
export const unreadNotifications = createStore(0);
/** Notifications that arrived live since the page loaded (the notifications page merges them in). */
export const liveNotifications = createStore<Notification[]>([]);

const HEARTBEAT_MS = 20_000;
const SILENCE_LIMIT_MS = 45_000;

/**
 * The one notifications socket of this tab: opened when someone signs in, closed when they sign out,
 * reopened with `since` (the newest notification seen) and backoff after any drop or offline spell.
 */
class InboxConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private newestId: string | null = null;
  private active = false;
  private generation = 0;

  async start() {
    if (this.active) return;
    this.active = true;
    const generation = ++this.generation;
    addEventListener("online", this.onOnline);
    addEventListener("offline", this.onOffline);
    try {
      const [page] = await Promise.all([
        call(api.notifications.$get({ query: { limit: "1" } })),
        loadRooms(),
      ]);
      if (generation !== this.generation) return;
      unreadNotifications.set(page.unreadCount);
      this.newestId = page.items[0]?.id ?? null;
    } catch {
      // The socket's `unread` frame corrects the count once it connects.
    }
    if (generation === this.generation) void this.connect(generation);
  }

  stop() {
    this.active = false;
    this.generation++;
    removeEventListener("online", this.onOnline);
    removeEventListener("offline", this.onOffline);
    clearTimeout(this.retryTimer);
    this.drop();
    unreadNotifications.set(0);
    liveNotifications.set([]);
    clearRooms();
  }

  private onOnline = () => {
    if (!this.active) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    if (!this.socket) void this.connect(this.generation);
  };

  private onOffline = () => this.drop();

  private drop() {
    clearInterval(this.heartbeat);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      socket.close(1000);
    }
  }

  private scheduleReconnect(generation: number) {
    if (!this.active || generation !== this.generation || !navigator.onLine) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(generation), backoffDelay(this.attempt++));
  }

  private async connect(generation: number) {
    if (!this.active || generation !== this.generation || this.socket) return;
    let ticket: string;
    try {
      ticket = await fetchTicket();
    } catch {
      this.scheduleReconnect(generation);
      return;
    }
    if (!this.active || generation !== this.generation || this.socket) return;
    const query: Record<string, string> = { ticket };
    if (this.newestId) query.since = this.newestId;
    const socket = new WebSocket(socketUrl(api.notifications.ws.$url(), query));
    this.socket = socket;
    this.lastHeard = Date.now();
    socket.onmessage = (event) => {
      this.lastHeard = Date.now();
      if (typeof event.data === "string" && event.data !== "pong") this.handle(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.drop();
      // The account was deleted (in another tab): this tab's session is over too.
      if (event.code === CLOSE_ACCOUNT_GONE) {
        endSession();
        return;
      }
      this.scheduleReconnect(generation);
    };
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeard > SILENCE_LIMIT_MS) {
        this.drop();
        this.scheduleReconnect(generation);
      } else if (socket.readyState === WebSocket.OPEN) socket.send(PING);
    }, HEARTBEAT_MS);
  }

  private handle(text: string) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    const frame = inboxServerFrameSchema.safeParse(parsed);
    if (!frame.success) return;
    const data = frame.data;
    switch (data.type) {
      case "ready":
        this.attempt = 0;
        break;
      case "unread":
        unreadNotifications.set(data.count);
        break;
      case "chat":
        applyChatEvent(data.roomId, data.lastMessage, data.unreadCount);
        break;
      case "notification": {
        const notification = data.notification;
        if (liveNotifications.get().some((known) => known.id === notification.id)) break;
        this.newestId = notification.id;
        liveNotifications.update((list) => [notification, ...list]);
        // The bell's number comes from the `unread` frame that follows every delivery.
        showToast(notificationText(notification), notificationHref(notification));
        break;
      }
    }
  }
}

const inbox = new InboxConnection();

/** Follows the session: one socket while someone is signed in. */
export const connectInboxToSession = () => {
  let userId: string | null = null;
  const sync = () => {
    const user = currentUser.get();
    if ((user?.id ?? null) === userId) return;
    if (userId) inbox.stop();
    userId = user?.id ?? null;
    if (userId) void inbox.start();
  };
  sync();
  return currentUser.subscribe(sync);
};
