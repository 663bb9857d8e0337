import { createStore } from "../lib/store";
import { api, call } from "./client";
import type { Message, Room } from "./types";

/** The signed-in user's chat rooms, kept live by the inbox socket's `chat` frames. */
export const rooms = createStore<Room[] | null>(null);

export const totalUnread = (list: Room[] | null) =>
  (list ?? []).reduce((sum, room) => sum + room.unreadCount, 0);

const byActivity = (a: Room, b: Room) => b.updatedAt.localeCompare(a.updatedAt);

export const loadRooms = async () => {
  const result = await call(api.chat.rooms.$get());
  rooms.set(result.items.slice().sort(byActivity));
  return rooms.get() ?? [];
};

let pendingLoad: Promise<Room[]> | null = null;
/**
 * The room list, joining a load already on its way: on arrival the inbox (for the badge) and the
 * messages page both want it, and one request serves both. Reloads after a change use `loadRooms`.
 */
export const loadRoomsShared = () => {
  pendingLoad ??= loadRooms().finally(() => {
    pendingLoad = null;
  });
  return pendingLoad;
};

/** The conversation open (and visible) in this tab: what arrives there is being read, not unread. */
let openRoomId: string | null = null;
export const setOpenRoom = (roomId: string | null) => {
  openRoomId = roomId;
};

/** A message arrived in one of my rooms (possibly one this tab has not seen yet). */
export const applyChatEvent = (roomId: string, lastMessage: Message | null, serverUnread: number) => {
  const unreadCount = roomId === openRoomId && document.visibilityState === "visible" ? 0 : serverUnread;
  const list = rooms.get();
  const room = list?.find((candidate) => candidate.id === roomId);
  if (!list || !room) {
    void loadRooms().catch(() => undefined);
    return;
  }
  const updated: Room = {
    ...room,
    lastMessage: lastMessage ?? room.lastMessage,
    unreadCount,
    updatedAt: lastMessage?.createdAt ?? room.updatedAt,
  };
  rooms.set([updated, ...list.filter((candidate) => candidate.id !== roomId)].sort(byActivity));
};

/** The open conversation has read up to `seq`. */
export const markRoomRead = (roomId: string, seq: number) =>
  rooms.update(
    (list) =>
      list?.map((room) =>
        room.id === roomId ? { ...room, unreadCount: 0, lastReadSeq: Math.max(room.lastReadSeq, seq) } : room,
      ) ?? null,
  );

export const clearRooms = () => rooms.set(null);
