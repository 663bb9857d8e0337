import { type InboxServerFrame, inboxServerFrameSchema } from "../../realtime/protocol";
import { CLOSE_REASON_SUSPENDED, CLOSE_SESSION_ENDED } from "../../shared/close-codes";
import { notificationHref, notificationText } from "../lib/notification-text";
import { fetchMe, setMe } from "./auth";
import { api, call, socketUrl } from "./client";
import { liveNotifications, unreadNotifications } from "./inbox";
import { ResilientSocket } from "./resilient-socket";
import { applyChatEvent, clearRooms, loadRoomsShared, rooms } from "./rooms";
import { endSession } from "./session";
import { showToast } from "./toasts";

/**
 * The one notifications socket of this tab: opened when someone signs in, closed when they sign out,
 * reopened with `since` (the newest notification seen) after any drop or offline spell.
 */
export class InboxConnection {
  private newestId: string | null = null;
  private active = false;
  private generation = 0;
  private readonly socket = new ResilientSocket({
    url: (ticket) => {
      const query: Record<string, string> = { ticket };
      if (this.newestId) query.since = this.newestId;
      return socketUrl(api.notifications.ws.$url(), query);
    },
    schema: inboxServerFrameSchema,
    onFrame: (frame) => this.handle(frame),
    onClose: (code, reason) => {
      if (code !== CLOSE_SESSION_ENDED) return "retry";
      if (reason === CLOSE_REASON_SUSPENDED) void this.afterSuspension();
      else endSession();
      return "stop";
    },
  });

  /**
   * 4401 ends this tab's session (logout, password change, account deleted elsewhere) — unless
   * its reason says the account was suspended, which closes the sockets but keeps the session
   * (issue 13): Me then shows the banner, and the inbox stays closed until the suspension is
   * lifted (see `connectInboxToSession`).
   */
  private async afterSuspension() {
    const me = await fetchMe().catch(() => null);
    if (me) setMe(me);
    if (me && !me.suspendedUntil && this.active) this.socket.start();
  }

  async start() {
    if (this.active) return;
    this.active = true;
    const generation = ++this.generation;
    try {
      const [page] = await Promise.all([
        call(api.notifications.$get({ query: { limit: "1" } })),
        // The messages page may have loaded the list already; the socket's frames keep it live.
        rooms.get() ? undefined : loadRoomsShared(),
      ]);
      if (generation !== this.generation) return;
      unreadNotifications.set(page.unreadCount);
      this.newestId = page.items[0]?.id ?? null;
    } catch {
      // The socket's `unread` frame corrects the count once it connects.
    }
    if (generation === this.generation) this.socket.start();
  }

  stop() {
    this.active = false;
    this.generation++;
    this.socket.stop();
    unreadNotifications.set(0);
    liveNotifications.set([]);
    clearRooms();
  }

  private handle(data: InboxServerFrame) {
    switch (data.type) {
      case "ready":
        // The replay is over; the frames before it were handled as they came.
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
