import { exports } from "cloudflare:workers";
import { BASE, call, json, type TestUser } from "../helpers";

// biome-ignore lint/suspicious/noExplicitAny: frames are checked field by field in the tests.
export type Frame = Record<string, any>;

/** A ticket for one socket, as the SPA would get it. */
export const ticketFor = async (user: TestUser) => {
  const response = await call("POST", "/api/realtime/ticket", { token: user.token });
  if (response.status !== 200) throw new Error(`ticket failed: ${response.status}`);
  return (await json<{ ticket: string }>(response)).ticket;
};

/** The upgrade request as a client sends it, through the whole worker (middleware included). */
export const upgrade = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(new Request(`${BASE}${path}`, { headers: { Upgrade: "websocket", ...headers } }));

/** A client socket that queues every frame it receives, to be taken in order by the tests. */
export class TestSocket {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | null = null;
  private wake: (() => void) | null = null;

  constructor(readonly ws: WebSocket) {
    ws.accept();
    ws.addEventListener("message", (event) => {
      this.frames.push(typeof event.data === "string" ? tryParse(event.data) : { binary: true });
      this.wake?.();
    });
    ws.addEventListener("close", (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake?.();
    });
  }

  static async open(path: string, headers: Record<string, string> = {}) {
    const response = await upgrade(path, headers);
    if (response.status !== 101 || !response.webSocket) {
      throw new Error(`upgrade refused: ${response.status} ${await response.text()}`);
    }
    return new TestSocket(response.webSocket);
  }

  send(frame: Frame | string) {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** The first queued frame that matches (removed from the queue), waiting up to `timeoutMs`. */
  async next(match: (frame: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const index = await this.waitFor(match, timeoutMs);
    return this.frames.splice(index, 1)[0] as Frame;
  }

  /** Waits until a matching frame is queued, leaving it there. */
  async seen(match: (frame: Frame) => boolean, timeoutMs = 5000): Promise<void> {
    await this.waitFor(match, timeoutMs);
  }

  private async waitFor(match: (frame: Frame) => boolean, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return index;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching frame; queued: ${JSON.stringify(this.frames).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** The next frame of a type, skipping nothing else. */
  nextOf(type: string, timeoutMs?: number) {
    return this.next((frame) => frame.type === type, timeoutMs);
  }

  /** Waits a little and returns what arrived, to show that nothing (else) did. */
  async drain(ms = 200): Promise<Frame[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.frames.splice(0);
  }

  close() {
    try {
      this.ws.close(1000, "done");
    } catch {
      // Already closed by the server.
    }
  }
}

const tryParse = (text: string): Frame => {
  try {
    return JSON.parse(text) as Frame;
  } catch {
    return { text };
  }
};
