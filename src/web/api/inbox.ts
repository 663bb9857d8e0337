import { createStore } from "../lib/store";
import type { InboxConnection } from "./inbox-connection";
import { currentUser } from "./session";
import type { Notification } from "./types";

/** The bell's number. */
export const unreadNotifications = createStore(0);
/** Notifications that arrived live since the page loaded (the notifications page merges them in). */
export const liveNotifications = createStore<Notification[]>([]);

/**
 * Follows the session: one socket while someone is signed in. The socket's code (and the frame
 * validator with it) is a chunk of its own, fetched when someone signs in, so a signed-out
 * visitor's first load does not carry it.
 */
export const connectInboxToSession = () => {
  let userId: string | null = null;
  let connection: Promise<InboxConnection> | null = null;
  // Starts and stops run in the order the session changed, even while the chunk is still loading.
  let queue = Promise.resolve();
  const sync = () => {
    // A suspended account may read but opens no socket (its tickets are refused): no live inbox.
    const me = currentUser.get();
    const next = me && !me.suspendedUntil ? me.id : null;
    if (next === userId) return;
    const hadUser = userId !== null;
    userId = next;
    queue = queue.then(async () => {
      connection ??= import("./inbox-connection").then((module) => new module.InboxConnection());
      const inbox = await connection;
      if (hadUser) inbox.stop();
      if (next) void inbox.start();
    });
  };
  sync();
  return currentUser.subscribe(sync);
};
