import type * as z from "zod/mini";
import { PING } from "../../realtime/protocol";
import { backoffDelay } from "../lib/backoff";
import { ApiError, fetchTicket } from "./client";

const HEARTBEAT_MS = 20_000;
/** No frame (not even the answer to a ping) for this long: the connection is dead, whatever it says. */
const SILENCE_LIMIT_MS = 45_000;

export interface ResilientSocketOptions<Frame> {
  /** The socket URL for a fresh ticket; asked on every (re)connect, so `since` is current. */
  url(ticket: string): string;
  /** The frames the server may send; anything else is ignored. */
  schema: z.ZodMiniType<Frame>;
  onFrame(frame: Frame): void;
  /** Connection changes the UI may show; "open" is up to the frames (the server's `ready`). */
  onStatus?(status: "connecting" | "offline"): void;
  /** After the server closed the socket: "stop" when reconnecting cannot help (left, gone). */
  onClose?(code: number, reason: string): "retry" | "stop";
}

/**
 * One WebSocket that stays up: a ticket per attempt, a heartbeat that notices silent deaths,
 * reconnects with backoff after drops, waits while the browser is offline and retries at once
 * when it comes back. Old sockets are silenced before they are closed, so no handler ever fires
 * twice; `stop()` leaves nothing behind.
 */
export class ResilientSocket<Frame> {
  private socket: WebSocket | null = null;
  private running = false;
  /** Bumped by start/stop, so a ticket fetched for an earlier run is never used. */
  private run = 0;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;

  constructor(private readonly options: ResilientSocketOptions<Frame>) {}

  start() {
    if (this.running) return;
    this.running = true;
    this.run++;
    addEventListener("online", this.onOnline);
    addEventListener("offline", this.onOffline);
    void this.connect(this.run);
  }

  stop() {
    this.running = false;
    this.run++;
    removeEventListener("online", this.onOnline);
    removeEventListener("offline", this.onOffline);
    clearTimeout(this.retryTimer);
    this.drop();
  }

  get isOpen() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends when open; a message sent while closed is the caller's to repeat after reconnecting. */
  send(text: string) {
    if (this.isOpen) this.socket?.send(text);
  }

  private onOnline = () => {
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    if (!this.socket) void this.connect(this.run);
  };

  private onOffline = () => {
    this.drop();
    this.options.onStatus?.("offline");
  };

  private drop() {
    clearInterval(this.heartbeat);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      socket.close(1000);
    }
  }

  private lost(run: number) {
    this.drop();
    this.options.onStatus?.("offline");
    this.scheduleReconnect(run);
  }

  private scheduleReconnect(run: number) {
    if (!this.running || run !== this.run || !navigator.onLine) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(run), backoffDelay(this.attempt++));
  }

  private async connect(run: number) {
    if (!this.running || run !== this.run || this.socket) return;
    this.options.onStatus?.("connecting");
    let ticket: string;
    try {
      ticket = await fetchTicket();
    } catch (error) {
      this.options.onStatus?.("offline");
      // A suspended account gets no sockets (issue 13): retrying would only be refused again.
      if (error instanceof ApiError && error.code === "suspended") {
        this.stop();
        return;
      }
      this.scheduleReconnect(run);
      return;
    }
    if (!this.running || run !== this.run || this.socket) return;
    const socket = new WebSocket(this.options.url(ticket));
    this.socket = socket;
    this.lastHeard = Date.now();
    socket.onmessage = (event) => {
      this.lastHeard = Date.now();
      if (typeof event.data !== "string" || event.data === "pong") return;
      const frame = this.options.schema.safeParse(parseJson(event.data));
      if (!frame.success) return;
      // A frame that makes sense means the connection works: the next drop starts backoff afresh.
      this.attempt = 0;
      this.options.onFrame(frame.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.drop();
      this.options.onStatus?.("offline");
      if (this.options.onClose?.(event.code, event.reason) === "stop") {
        this.stop();
        return;
      }
      this.scheduleReconnect(run);
    };
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeard > SILENCE_LIMIT_MS) this.lost(run);
      else if (socket.readyState === WebSocket.OPEN) socket.send(PING);
    }, HEARTBEAT_MS);
  }
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
