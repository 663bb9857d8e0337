import {
  type ChatServerFrame,
  chatServerFrameSchema,
  RATE_BURST,
  RATE_PER_SECOND,
} from "../../realtime/protocol";
import { CLOSE_NOT_MEMBER, CLOSE_ROOM_GONE } from "../../shared/close-codes";
import { SendLimiter } from "../../shared/send-limit";
import { t } from "../i18n";
import { errorMessage } from "../i18n/errors";
import { createStore, type Store } from "../lib/store";
import { api, call, errorText, socketUrl } from "./client";
import { ResilientSocket } from "./resilient-socket";
import { loadRooms, markRoomRead, setOpenRoom } from "./rooms";
import type { Message } from "./types";

export interface PendingMessage {
  clientId: string;
  body: string;
  createdAt: string;
  status: "sending" | "failed";
  error?: string;
}

export interface RoomState {
  loading: boolean;
  error: string | null;
  /** Ascending by seq, each seq once. */
  messages: Message[];
  pending: PendingMessage[];
  connection: "connecting" | "open" | "offline";
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Highest seq another member has read (from live `read` frames). */
  peerReadSeq: number;
  typingUserIds: string[];
}

const PAGE = 30;
const ACK_TIMEOUT_MS = 10_000;
const TYPING_SHOWN_MS = 4_000;
const TYPING_SEND_EVERY_MS = 2_500;
/** A send the room refused for speed is repeated after this long (the bucket has refilled by then). */
const RATE_RETRY_MS = 1_000;

const initialState = (): RoomState => ({
  loading: true,
  error: null,
  messages: [],
  pending: [],
  connection: "connecting",
  hasOlder: false,
  loadingOlder: false,
  peerReadSeq: 0,
  typingUserIds: [],
});

const mergeMessages = (current: Message[], incoming: Message[]) => {
  const bySeq = new Map(current.map((message) => [message.seq, message]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
};

/**
 * One open conversation: its history, its ONE socket and its unacknowledged sends. Created when a
 * room is opened and disposed when it is left, so switching rooms never leaves a socket or a
 * handler behind. A drop (or an offline spell) reconnects with `since` = the newest seq held, and
 * unacknowledged sends are repeated with their clientId, which the room stores only once.
 * Frames leave at the pace the room allows (its own token bucket, with half the burst as margin
 * for network jitter), so a fast typist or a paste of many lines queues instead of failing.
 */
export class RoomSession {
  readonly state: Store<RoomState> = createStore(initialState());
  private readonly socket = new ResilientSocket({
    url: (ticket) => {
      const query = { ticket, since: String(this.lastSeq()) };
      return socketUrl(api.chat.rooms[":id"].ws.$url({ param: { id: this.roomId }, query }), query);
    },
    schema: chatServerFrameSchema,
    onFrame: (frame) => this.handle(frame),
    onStatus: (connection) => this.patch({ connection }),
    onClose: (code) => {
      // Left or deleted: reconnecting cannot help.
      if (code !== CLOSE_NOT_MEMBER && code !== CLOSE_ROOM_GONE) return "retry";
      this.patch({ error: code === CLOSE_ROOM_GONE ? t("messages.roomGone") : t("messages.notMember") });
      void loadRooms().catch(() => undefined);
      return "stop";
    },
  });
  private disposed = false;
  private readTimer: ReturnType<typeof setTimeout> | undefined;
  private ackTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private lastTypingSent = 0;
  private sentReadSeq = 0;
  private readonly pace = new SendLimiter(RATE_PER_SECOND, RATE_BURST / 2);
  private outgoing: string[] = [];
  private drainTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly roomId: string,
    private readonly myId: string,
  ) {
    document.addEventListener("visibilitychange", this.onVisible);
    setOpenRoom(roomId);
    void this.start();
  }

  dispose() {
    this.disposed = true;
    setOpenRoom(null);
    document.removeEventListener("visibilitychange", this.onVisible);
    clearTimeout(this.readTimer);
    clearTimeout(this.drainTimer);
    for (const timer of [...this.ackTimers.values(), ...this.typingTimers.values()]) clearTimeout(timer);
    this.socket.stop();
  }

  private patch(change: Partial<RoomState>) {
    if (!this.disposed) this.state.set({ ...this.state.get(), ...change });
  }

  private lastSeq() {
    return this.state.get().messages.at(-1)?.seq ?? 0;
  }

  private async start() {
    try {
      const page = await call(
        api.chat.rooms[":id"].messages.$get({ param: { id: this.roomId }, query: { limit: String(PAGE) } }),
      );
      this.patch({
        loading: false,
        messages: mergeMessages([], page.items),
        hasOlder: page.hasMore,
      });
      this.scheduleRead();
    } catch (error) {
      this.patch({ loading: false, error: errorText(error) });
      return;
    }
    if (!this.disposed) this.socket.start();
  }

  async loadOlder() {
    const { messages, hasOlder, loadingOlder } = this.state.get();
    const first = messages[0];
    if (!hasOlder || loadingOlder || !first) return;
    this.patch({ loadingOlder: true });
    try {
      const page = await call(
        api.chat.rooms[":id"].messages.$get({
          param: { id: this.roomId },
          query: { before: String(first.seq), limit: String(PAGE) },
        }),
      );
      this.patch({
        loadingOlder: false,
        hasOlder: page.hasMore,
        messages: mergeMessages(this.state.get().messages, page.items),
      });
    } catch (error) {
      this.patch({ loadingOlder: false, error: errorText(error) });
    }
  }

  /** Queues a message (shown at once as pending) and sends it if the socket is open. */
  send(body: string) {
    const pending: PendingMessage = {
      clientId: crypto.randomUUID(),
      body,
      createdAt: new Date().toISOString(),
      status: "sending",
    };
    this.patch({ pending: [...this.state.get().pending, pending] });
    this.transmit(pending);
  }

  retry(clientId: string) {
    const pending = this.state.get().pending.find((item) => item.clientId === clientId);
    if (!pending) return;
    const again: PendingMessage = { ...pending, status: "sending", error: undefined };
    this.replacePending(again);
    this.transmit(again);
  }

  discard(clientId: string) {
    this.patch({ pending: this.state.get().pending.filter((item) => item.clientId !== clientId) });
  }

  typing() {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_SEND_EVERY_MS) return;
    this.lastTypingSent = now;
    this.frame({ type: "typing" });
  }

  private replacePending(next: PendingMessage) {
    this.patch({
      pending: this.state.get().pending.map((item) => (item.clientId === next.clientId ? next : item)),
    });
  }

  private transmit(pending: PendingMessage) {
    clearTimeout(this.ackTimers.get(pending.clientId));
    this.frame({ type: "send", clientId: pending.clientId, body: pending.body });
    // Not acknowledged in time (sent into a dead socket, or never sent): the user may retry.
    this.ackTimers.set(
      pending.clientId,
      setTimeout(() => {
        const current = this.state.get().pending.find((item) => item.clientId === pending.clientId);
        if (current?.status === "sending") {
          this.replacePending({ ...current, status: "failed", error: t("messages.notSent") });
        }
      }, ACK_TIMEOUT_MS),
    );
  }

  private frame(frame: object) {
    this.outgoing.push(JSON.stringify(frame));
    this.drain();
  }

  /** Sends queued frames while the bucket allows; frames queued while closed are dropped (sends are
   * repeated on `ready`, typing and read markers are stale by then). */
  private drain() {
    if (!this.socket.isOpen) {
      this.outgoing = [];
      return;
    }
    while (this.outgoing.length > 0 && this.pace.take("me")) {
      const text = this.outgoing.shift();
      if (text !== undefined) this.socket.send(text);
    }
    if (this.outgoing.length > 0 && this.drainTimer === undefined) {
      this.drainTimer = setTimeout(() => {
        this.drainTimer = undefined;
        this.drain();
      }, 1000 / RATE_PER_SECOND);
    }
  }

  private onVisible = () => {
    if (document.visibilityState === "visible") this.scheduleRead();
  };

  private handle(frame: ChatServerFrame) {
    const state = this.state.get();
    switch (frame.type) {
      case "ready":
        this.patch({ connection: "open", error: null });
        for (const pending of state.pending) if (pending.status === "sending") this.transmit(pending);
        this.scheduleRead();
        break;
      case "message": {
        const message = frame.message;
        if (message.clientId) clearTimeout(this.ackTimers.get(message.clientId));
        this.patch({
          messages: mergeMessages(state.messages, [message]),
          pending: state.pending.filter((item) => item.clientId !== message.clientId),
          typingUserIds: state.typingUserIds.filter((id) => id !== message.sender.id),
        });
        this.scheduleRead();
        break;
      }
      case "updated":
        this.patch({
          messages: state.messages.map((message) =>
            message.id === frame.message.id ? frame.message : message,
          ),
        });
        break;
      case "read":
        if (frame.userId !== this.myId) this.patch({ peerReadSeq: Math.max(state.peerReadSeq, frame.seq) });
        break;
      case "typing": {
        if (frame.userId === this.myId) break;
        clearTimeout(this.typingTimers.get(frame.userId));
        this.typingTimers.set(
          frame.userId,
          setTimeout(() => {
            this.patch({ typingUserIds: this.state.get().typingUserIds.filter((id) => id !== frame.userId) });
          }, TYPING_SHOWN_MS),
        );
        if (!state.typingUserIds.includes(frame.userId)) {
          this.patch({ typingUserIds: [...state.typingUserIds, frame.userId] });
        }
        break;
      }
      case "error": {
        const message = errorMessage(frame.code, frame.message);
        if (frame.clientId) {
          const pending = state.pending.find((item) => item.clientId === frame.clientId);
          clearTimeout(this.ackTimers.get(frame.clientId));
          if (pending && frame.code === "rate_limited") {
            // Still sending, as far as the user can tell: it goes again once the bucket refills.
            this.ackTimers.set(
              pending.clientId,
              setTimeout(() => this.retry(pending.clientId), RATE_RETRY_MS),
            );
          } else if (pending) this.replacePending({ ...pending, status: "failed", error: message });
        } else {
          this.patch({ error: message });
        }
        break;
      }
    }
  }

  /** Marks what is on screen as read, shortly after it arrives, only while the tab is visible. */
  private scheduleRead() {
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => {
      const seq = this.lastSeq();
      if (document.visibilityState !== "visible" || seq <= this.sentReadSeq) return;
      if (!this.socket.isOpen) return;
      this.sentReadSeq = seq;
      this.frame({ type: "read", seq });
      markRoomRead(this.roomId, seq);
    }, 300);
  }
}
