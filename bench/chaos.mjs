#!/usr/bin/env node
// Chaos check of the chat room's delivery guarantees (issue 17, item 6):
//
//   node bench/chaos.mjs                       (CHAOS_MESSAGES=1000, CHAOS_KILLS=70, CHAOS_REPEATS=55)
//
// Starts its own OrGo `wrangler dev` on CHAOS_PORT (default 8960, inspector +1) over a fresh state
// directory (.wrangler/chaos), makes two users A and B and their direct room, and connects a client
// for each that behaves like the SPA's RoomSession (src/web/api/room-session.ts): it keeps the
// highest seq it holds, reconnects with a fresh ticket and `since=<that seq>`, repeats every
// unacknowledged send with its clientId once `ready` arrived, and paces its frames under the
// room's limit. A sends CHAOS_MESSAGES messages while the script kills random sockets (a clean
// close, a close it does not wait for, a TCP teardown without a close frame — some of A's right
// after a send, so the answer is lost) and re-sends already acknowledged messages with their
// clientId. At the end it reads the room's history over the REST API and checks that every
// message was stored exactly once, in seq order without gaps, and that each client received every
// message exactly once, in order, live or replayed. Prints one line per figure; exits 1 if any
// guarantee failed. The schedule of kills and repeats comes from CHAOS_SEED (printed), the timing
// from the machine.
//
// Sockets are `ws` (installed with miniflare, like undici with wrangler) rather than undici's
// WebSocket: only `ws` can drop a connection without a close frame (`terminate()`).
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { applyMigrations, orgoClient, sleep, startWranglerDev, studyRoomOf } from "./lib.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PORT = Number(process.env.CHAOS_PORT ?? 8960);
const MESSAGES = Number(process.env.CHAOS_MESSAGES ?? 1000);
const KILLS = Number(process.env.CHAOS_KILLS ?? 70);
const REPEATS = Number(process.env.CHAOS_REPEATS ?? 55);
/** Frames a second per client, every kind included. The room allows 10/s with a burst of 20. */
const RATE = Number(process.env.CHAOS_RATE ?? 9);
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** "direct" (A and B) or "study" (a three-member study room: A, B and C). */
const ROOM = process.env.CHAOS_ROOM ?? "direct";
const STATE = join(root, ".wrangler", "chaos");
const JWT_SECRET = "chaos-secret-that-is-long-enough-0123456789";
/** Like the SPA: an unanswered send is repeated after this long on the same socket. */
const ACK_TIMEOUT_MS = 10_000;
/** Like the SPA: a send refused with `rate_limited` goes again after this long. */
const RATE_RETRY_MS = 1_000;
/** How often a client sends `read` (the SPA sends one shortly after messages arrive). */
const READ_EVERY_MS = 1_000;

if (!(RATE > 0 && RATE < 10)) throw new Error("CHAOS_RATE must stay under the room's 10 frames/s");
if (!(MESSAGES >= 30)) throw new Error("CHAOS_MESSAGES must be at least 30");
if (ROOM !== "direct" && ROOM !== "study") throw new Error('CHAOS_ROOM is "direct" or "study"');
const NAMES = ROOM === "study" ? ["A", "B", "C"] : ["A", "B"];

const log = (message) => console.log(`[chaos] ${message}`);

/** mulberry32: a small seeded generator, so a run's plan can be replayed with CHAOS_SEED. */
const seeded = (seed) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
const random = seeded(SEED);
const below = (n) => Math.floor(random() * n);

const KILL_KINDS = ["close", "close-nowait", "terminate"];

/**
 * When to kill and when to repeat, by the number of A's new sends so far. `afterSend` kills A in
 * the same tick as its send (the frame is on the wire, its answer will not reach this socket);
 * otherwise the kill comes a random part of a frame interval later.
 */
const makePlan = () => {
  const kills = Array.from({ length: KILLS }, () => ({
    atSend: 1 + below(MESSAGES - 1),
    target: NAMES[below(NAMES.length)],
    how: KILL_KINDS[below(KILL_KINDS.length)],
    afterSend: random() < 0.5,
    delayMs: below(Math.floor(1000 / RATE)),
  }));
  const repeats = Array.from({ length: REPEATS }, () => 20 + below(MESSAGES - 20));
  return { kills, repeats };
};

const until = async (condition, timeoutMs, what) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(50);
  }
};

/**
 * One user's view of the room, as the SPA keeps it: the messages held by seq, the sends not yet
 * acknowledged (by clientId), one socket at a time (frames of a socket that was dropped are
 * ignored, as ResilientSocket silences old sockets), and a paced outgoing queue.
 */
class RoomClient {
  constructor({ name, user, orgo, roomId }) {
    Object.assign(this, { name, user, orgo, roomId });
    /** seq → { id, clientId, body, senderId } */
    this.held = new Map();
    this.maxSeq = 0;
    this.generation = 0;
    this.ws = null;
    this.ready = false;
    this.stopped = false;
    this.since = 0;
    /** clientId → an own message: { body, transmissions, acked, seq, id, firstByReplay, echoes, repeatPending, lastSentGeneration, lastSentAt } */
    this.own = new Map();
    /** clientIds waiting to be (re)transmitted, ahead of new sends. */
    this.queue = [];
    this.queued = new Set();
    /** Kills planned while the socket was down: done shortly after the next `ready`. */
    this.deferredKills = [];
    this.lastReadSent = 0;
    this.lastReadAt = 0;
    this.stats = {
      connects: 0,
      kills: 0,
      killsAfterSend: 0,
      byKind: Object.fromEntries(KILL_KINDS.map((kind) => [kind, 0])),
      live: 0,
      replayed: 0,
      echoes: 0,
      duplicates: [],
      outOfOrder: [],
      replayedAtOrBelowSince: [],
      readyAheadOfReplay: [],
      mismatched: [],
      storedTwice: [],
      resends: 0,
      ackTimeouts: 0,
      rateLimited: 0,
      upgradeFailures: [],
      serverCloses: [],
      errors: [],
      repeatsAnswered: 0,
    };
  }

  get isOpen() {
    return this.ready && this.ws?.readyState === WebSocket.OPEN;
  }

  /** Opens a socket with a fresh ticket and `since` = the highest seq held, retrying with backoff. */
  async connect() {
    const generation = ++this.generation;
    this.ready = false;
    for (let attempt = 0; ; attempt++) {
      if (generation !== this.generation || this.stopped) return;
      try {
        const { ticket } = await this.orgo.api("POST", "/api/realtime/ticket", { token: this.user.token });
        if (generation !== this.generation || this.stopped) return;
        await this.open(generation, ticket);
        return;
      } catch (error) {
        this.stats.upgradeFailures.push(String(error.message ?? error).slice(0, 80));
        await sleep(Math.min(2000, 100 * 2 ** attempt) + below(100));
      }
    }
  }

  open(generation, ticket) {
    const since = this.maxSeq;
    const url = `${this.orgo.base.replace(/^http/, "ws")}/api/chat/rooms/${this.roomId}/ws?ticket=${encodeURIComponent(ticket)}&since=${since}`;
    const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
    this.ws = ws;
    this.since = since;
    return new Promise((resolve, reject) => {
      let opened = false;
      ws.on("open", () => {
        opened = true;
        resolve();
      });
      ws.on("error", (error) => {
        if (!opened) reject(error);
      });
      ws.on("message", (data, isBinary) => {
        if (generation !== this.generation || isBinary) return;
        this.onFrame(JSON.parse(data.toString()));
      });
      ws.on("close", (code, reason) => {
        if (!opened) return reject(new Error(`closed ${code} before opening`));
        // Dropped by the server (not by a planned kill): reconnect, like the SPA.
        if (generation !== this.generation || this.stopped) return;
        this.stats.serverCloses.push(`${code} ${reason}`);
        void this.connect();
      });
    });
  }

  onFrame(frame) {
    switch (frame.type) {
      case "ready":
        return this.onReady(frame);
      case "message":
        return this.onMessage(frame.message, !this.ready);
      case "error":
        if (frame.code === "rate_limited") {
          this.stats.rateLimited++;
          if (frame.clientId) setTimeout(() => this.retry(frame.clientId), RATE_RETRY_MS);
        } else this.stats.errors.push(`${frame.code} ${frame.message} ${frame.clientId ?? ""}`);
        return;
      default:
        // `read`, `typing`, `updated`: not part of this check.
        return;
    }
  }

  onReady(frame) {
    // The replay ends at the room's last seq: anything beyond what we now hold is a replay gap.
    if (frame.lastSeq > this.maxSeq) {
      this.stats.readyAheadOfReplay.push({ since: this.since, lastSeq: frame.lastSeq, held: this.maxSeq });
    }
    this.ready = true;
    this.stats.connects++;
    // Like the SPA: every send still unanswered (replayed ones were answered above) goes again.
    for (const [clientId, entry] of this.own) {
      if (entry.transmissions > 0 && (!entry.acked || entry.repeatPending)) {
        if (!entry.acked) this.stats.resends++;
        this.enqueue(clientId);
      }
    }
    for (const kill of this.deferredKills.splice(0)) {
      setTimeout(() => this.kill(kill), below(200));
    }
  }

  onMessage(message, replay) {
    if (replay) {
      this.stats.replayed++;
      if (message.seq <= this.since)
        this.stats.replayedAtOrBelowSince.push({ seq: message.seq, since: this.since });
    } else this.stats.live++;
    const mine = message.sender.id === this.user.id ? this.own.get(message.clientId) : undefined;
    const held = this.held.get(message.seq);
    if (held) {
      if (held.id !== message.id || held.body !== message.body || held.clientId !== message.clientId) {
        this.stats.mismatched.push({ seq: message.seq, held, got: message });
      }
      // One of our own transmissions answered with the stored message (a resend or a repeat):
      // expected, as long as there are no more such frames than transmissions that could cause one.
      const allowed = mine ? mine.transmissions - (mine.firstByReplay ? 0 : 1) : 0;
      if (mine && mine.echoes < allowed) {
        mine.echoes++;
        this.stats.echoes++;
        if (mine.repeatPending) {
          mine.repeatPending = false;
          this.stats.repeatsAnswered++;
        }
      } else {
        this.stats.duplicates.push({
          seq: message.seq,
          clientId: message.clientId,
          replay,
          since: this.since,
        });
      }
      return;
    }
    if (message.seq !== this.maxSeq + 1) {
      this.stats.outOfOrder.push({ seq: message.seq, expected: this.maxSeq + 1, replay, since: this.since });
    }
    this.held.set(message.seq, {
      id: message.id,
      clientId: message.clientId,
      body: message.body,
      senderId: message.sender.id,
    });
    this.maxSeq = Math.max(this.maxSeq, message.seq);
    if (!mine) return;
    if (mine.acked) {
      // A second seq for one clientId: the room stored the message twice.
      this.stats.storedTwice.push({ clientId: message.clientId, seqs: [mine.seq, message.seq] });
      return;
    }
    mine.acked = true;
    mine.seq = message.seq;
    mine.id = message.id;
    mine.firstByReplay = replay;
    if (message.body !== mine.body)
      this.stats.mismatched.push({ seq: message.seq, sent: mine.body, got: message.body });
  }

  enqueue(clientId) {
    if (this.queued.has(clientId)) return;
    this.queued.add(clientId);
    this.queue.push(clientId);
  }

  retry(clientId) {
    const entry = this.own.get(clientId);
    if (entry && (!entry.acked || entry.repeatPending)) this.enqueue(clientId);
  }

  awaiting(entry) {
    return !entry.acked || entry.repeatPending;
  }

  /** One frame per tick at most: a queued (re)transmission, else `read` now and then, else `next()`. */
  tick(next) {
    if (!this.isOpen) return;
    const now = Date.now();
    for (const [clientId, entry] of this.own) {
      if (
        this.awaiting(entry) &&
        entry.lastSentGeneration === this.generation &&
        now - entry.lastSentAt > ACK_TIMEOUT_MS &&
        !this.queued.has(clientId)
      ) {
        this.stats.ackTimeouts++;
        this.enqueue(clientId);
      }
    }
    while (this.queue.length > 0) {
      const clientId = this.queue.shift();
      this.queued.delete(clientId);
      const entry = this.own.get(clientId);
      if (entry && this.awaiting(entry)) return this.transmit(clientId);
    }
    if (this.maxSeq > this.lastReadSent && now - this.lastReadAt >= READ_EVERY_MS) {
      this.lastReadSent = this.maxSeq;
      this.lastReadAt = now;
      this.ws.send(JSON.stringify({ type: "read", seq: this.maxSeq }));
      return;
    }
    next?.();
  }

  /** A new message: a fresh clientId, a body no other message has. */
  sendNew(index, body) {
    const clientId = `chaos-${SEED}-${index}-${Math.random().toString(36).slice(2, 10)}`;
    this.own.set(clientId, {
      index,
      body,
      transmissions: 0,
      acked: false,
      echoes: 0,
      repeatPending: false,
      repeats: 0,
    });
    this.transmit(clientId);
    return clientId;
  }

  transmit(clientId) {
    const entry = this.own.get(clientId);
    entry.transmissions++;
    entry.lastSentGeneration = this.generation;
    entry.lastSentAt = Date.now();
    this.ws.send(JSON.stringify({ type: "send", clientId, body: entry.body }));
  }

  /** Repeats an acknowledged message with its clientId; false when there is none to repeat. */
  repeatOne() {
    const candidates = [...this.own.entries()].filter(([, entry]) => entry.acked && !entry.repeatPending);
    if (candidates.length === 0) return false;
    const [clientId, entry] = candidates[below(candidates.length)];
    entry.repeatPending = true;
    entry.repeats++;
    this.enqueue(clientId);
    return true;
  }

  /** Drops the socket the way `kill.how` says and reconnects; waits for the next socket if none is up. */
  async kill(kill) {
    if (this.stopped) return;
    if (!this.isOpen) {
      this.deferredKills.push(kill);
      return;
    }
    const ws = this.ws;
    this.generation++;
    this.ready = false;
    this.ws = null;
    this.stats.kills++;
    this.stats.byKind[kill.how]++;
    if (kill.afterSend && this.name === "A") this.stats.killsAfterSend++;
    kill.done = true;
    if (kill.how === "terminate") ws.terminate();
    else if (kill.how === "close-nowait") ws.close(4000, "chaos");
    else {
      const closed = new Promise((resolve) => ws.once("close", resolve));
      ws.close(1000, "chaos");
      await Promise.race([closed, sleep(3000)]);
    }
    await this.connect();
  }

  stop() {
    this.stopped = true;
    this.generation++;
    this.ready = false;
    this.ws?.close(1000);
    this.ws = null;
  }
}

/** Every message of the room, paging forward with `after`, and again backward with `before`. */
const readHistory = async (orgo, user, roomId) => {
  const forward = [];
  for (let after = 0; ; ) {
    const page = await orgo.api("GET", `/api/chat/rooms/${roomId}/messages?after=${after}&limit=100`, {
      token: user.token,
    });
    forward.push(...page.items);
    if (!page.hasMore || page.items.length === 0) break;
    after = page.items.at(-1).seq;
  }
  const backward = [];
  let before = null;
  for (;;) {
    const query = before === null ? "limit=100" : `before=${before}&limit=100`;
    const page = await orgo.api("GET", `/api/chat/rooms/${roomId}/messages?${query}`, { token: user.token });
    backward.unshift(...page.items);
    if (!page.hasMore || page.items.length === 0) break;
    before = page.items[0].seq;
  }
  return { forward, backward };
};

const chaos = async (orgo) => {
  let users;
  let roomId;
  if (ROOM === "study") {
    const study = await studyRoomOf(orgo, NAMES.length, "카오스");
    users = study.members;
    roomId = study.roomId;
  } else {
    users = [await orgo.signUp("카오스A"), await orgo.signUp("카오스B")];
    await orgo.api("PUT", `/api/users/${users[1].id}/follow`, { token: users[0].token });
    const room = await orgo.api("POST", "/api/chat/rooms", {
      token: users[0].token,
      body: { userId: users[1].id },
    });
    roomId = room.id;
  }
  const all = NAMES.map((name, i) => new RoomClient({ name, user: users[i], orgo, roomId }));
  const clients = Object.fromEntries(all.map((client) => [client.name, client]));
  const [a] = all;
  const others = all.slice(1);
  await Promise.all(all.map((client) => client.connect()));
  await until(() => all.every((client) => client.ready), 10_000, "every client ready");

  const plan = makePlan();
  const killsAt = new Map();
  for (const kill of plan.kills) killsAt.set(kill.atSend, [...(killsAt.get(kill.atSend) ?? []), kill]);
  const repeatsAt = new Map();
  for (const at of plan.repeats) repeatsAt.set(at, (repeatsAt.get(at) ?? 0) + 1);
  let repeatsOwed = 0;
  let repeatsMade = 0;
  const sentBodies = [];
  let sent = 0;

  const afterNewSend = () => {
    for (const kill of killsAt.get(sent) ?? []) {
      const client = clients[kill.target];
      if (kill.target === "A" && kill.afterSend) void client.kill(kill);
      else setTimeout(() => void client.kill(kill), kill.delayMs);
    }
    repeatsOwed += repeatsAt.get(sent) ?? 0;
    while (repeatsOwed > 0 && a.repeatOne()) {
      repeatsOwed--;
      repeatsMade++;
    }
  };

  const began = performance.now();
  const interval = setInterval(() => {
    a.tick(() => {
      if (sent >= MESSAGES) return;
      const body = `카오스 ${SEED} #${sent + 1} ${Math.random().toString(36).slice(2, 10)}`;
      sentBodies.push(body);
      a.sendNew(sent + 1, body);
      sent++;
      afterNewSend();
      if (sent % 100 === 0) {
        log(
          `${sent} sent, ${all.reduce((n, client) => n + client.stats.kills, 0)} kills, ${repeatsMade} repeats, ${((performance.now() - began) / 1000).toFixed(0)} s`,
        );
      }
    });
    for (const client of others) client.tick();
  }, 1000 / RATE);

  try {
    const everyKillDone = () => plan.kills.every((kill) => kill.done);
    const everythingAnswered = () => [...a.own.values()].every((entry) => !a.awaiting(entry));
    await until(
      () => sent >= MESSAGES && everyKillDone() && repeatsOwed === 0 && everythingAnswered(),
      Math.max(120_000, (MESSAGES / RATE) * 3000),
      "every send acknowledged, every repeat answered, every kill done",
    );
    const acked = Math.max(...[...a.own.values()].map((entry) => entry.seq));
    await until(
      () => all.every((client) => client.isOpen && client.maxSeq >= acked),
      20_000,
      "every client caught up",
    );
    // Anything still on its way (a message stored twice would be) arrives now.
    await sleep(1500);
  } finally {
    clearInterval(interval);
    for (const client of all) client.stop();
  }
  const sendingSeconds = (performance.now() - began) / 1000;
  const history = await readHistory(orgo, users[0], roomId);
  return { all, history, sentBodies, sent, repeatsMade, sendingSeconds };
};

const report = ({ all, history, sentBodies, sent, repeatsMade, sendingSeconds }, elapsedSeconds) => {
  const [a] = all;
  const sum = (of) => all.reduce((n, client) => n + of(client), 0);
  const failures = [];
  const check = (ok, what) => {
    if (!ok) failures.push(what);
  };
  const stored = history.forward;
  const byClientId = new Map();
  const byBody = new Map();
  for (const message of stored) {
    byClientId.set(message.clientId, (byClientId.get(message.clientId) ?? 0) + 1);
    byBody.set(message.body, (byBody.get(message.body) ?? 0) + 1);
  }
  const duplicatedByClientId = [...byClientId.values()].filter((n) => n > 1).reduce((s, n) => s + n - 1, 0);
  const duplicatedByBody = [...byBody.values()].filter((n) => n > 1).reduce((s, n) => s + n - 1, 0);
  const lost = sentBodies.filter((body) => !byBody.has(body));
  const sentSet = new Set(sentBodies);
  const unknown = stored.filter((message) => !sentSet.has(message.body));
  let gaps = 0;
  let notIncreasing = 0;
  stored.forEach((message, i) => {
    const previous = i === 0 ? 0 : stored[i - 1].seq;
    if (message.seq <= previous) notIncreasing++;
    else if (message.seq !== previous + 1) gaps++;
  });
  const pagesAgree =
    history.backward.length === stored.length &&
    history.backward.every((message, i) => message.id === stored[i].id && message.seq === stored[i].seq);
  const ackedBy = new Map([...a.own.values()].map((entry) => [entry.body, entry.seq]));
  const ackMismatch = stored.filter((message) => ackedBy.get(message.body) !== message.seq).length;

  const line = (label, value) => console.log(`${label.padEnd(26)} ${value}`);
  console.log("");
  line("seed", `${SEED} (CHAOS_SEED=${SEED} replays this plan); ${ROOM} room, ${all.length} clients`);
  line("messages sent", `${sent} (pace ${RATE} frames/s per client, room limit 10/s burst 20)`);
  const kills = sum((client) => client.stats.kills);
  const kinds = KILL_KINDS.map((kind) => `${kind} ${sum((client) => client.stats.byKind[kind])}`).join(", ");
  const perClient = all.map((client) => `${client.name} ${client.stats.kills}`).join(", ");
  line("kills", `${kills} (${perClient}; ${kinds}; ${a.stats.killsAfterSend} of A's right after a send)`);
  line(
    "repeated sends",
    `${repeatsMade} (answered with the stored message ${a.stats.repeatsAnswered}, mismatched ${a.stats.mismatched.length})`,
  );
  line(
    "resent after reconnect",
    `${a.stats.resends} unacknowledged sends (ack timeouts ${a.stats.ackTimeouts})`,
  );
  line("rate_limited answers", `${sum((client) => client.stats.rateLimited)}`);
  line(
    "reconnects",
    `${all.map((client) => `${client.name} ${client.stats.connects - 1}`).join(", ")} (failed upgrades ${sum((client) => client.stats.upgradeFailures.length)}, server closes ${sum((client) => client.stats.serverCloses.length)})`,
  );
  line("stored", `${stored.length} (expected ${sent})`);
  line("lost", `${lost.length}`);
  line("duplicated", `${duplicatedByClientId} by clientId, ${duplicatedByBody} by body`);
  line("unknown bodies", `${unknown.length}`);
  line(
    "gaps",
    `${gaps} (seq not increasing: ${notIncreasing}; seq ${stored[0]?.seq}..${stored.at(-1)?.seq})`,
  );
  line("history pages agree", pagesAgree ? "yes (after= and before= paging)" : "NO");
  line("acks match the history", `${stored.length - ackMismatch} of ${stored.length}`);
  for (const client of all) {
    const s = client.stats;
    const missing = stored.filter((message) => !client.held.has(message.seq)).length;
    const phantom = [...client.held.keys()].filter((seq) => !stored.some((m) => m.seq === seq)).length;
    line(
      `${client.name} received`,
      `${client.held.size} (live ${s.live}, replayed ${s.replayed}), missing ${missing}, duplicates ${s.duplicates.length}, out of order ${s.outOfOrder.length}, echoes of own sends ${s.echoes}`,
    );
    check(missing === 0, `${client.name} is missing ${missing} messages`);
    check(phantom === 0, `${client.name} holds ${phantom} messages the history does not have`);
    check(
      s.duplicates.length === 0,
      `${client.name} got duplicates: ${JSON.stringify(s.duplicates.slice(0, 5))}`,
    );
    check(
      s.outOfOrder.length === 0,
      `${client.name} got out of order: ${JSON.stringify(s.outOfOrder.slice(0, 5))}`,
    );
    check(
      s.replayedAtOrBelowSince.length === 0,
      `${client.name} was replayed seq <= since: ${JSON.stringify(s.replayedAtOrBelowSince.slice(0, 5))}`,
    );
    check(
      s.readyAheadOfReplay.length === 0,
      `${client.name}: ready.lastSeq beyond the replay: ${JSON.stringify(s.readyAheadOfReplay.slice(0, 5))}`,
    );
    check(s.mismatched.length === 0, `${client.name}: answers differ from the stored message`);
    check(
      s.storedTwice.length === 0,
      `${client.name}: stored twice: ${JSON.stringify(s.storedTwice.slice(0, 5))}`,
    );
    check(s.errors.length === 0, `${client.name}: error frames: ${s.errors.slice(0, 5).join("; ")}`);
  }
  line("elapsed", `${elapsedSeconds.toFixed(0)} s (sending and checking ${sendingSeconds.toFixed(0)} s)`);

  check(stored.length === sent, `stored ${stored.length}, sent ${sent}`);
  check(lost.length === 0, `lost: ${lost.slice(0, 5).join(" | ")}`);
  check(duplicatedByClientId === 0 && duplicatedByBody === 0, "duplicates in the history");
  check(unknown.length === 0, "bodies nobody sent");
  check(gaps === 0 && notIncreasing === 0 && stored[0]?.seq === 1, "seq not 1, 2, 3, … in the history");
  check(pagesAgree, "after= and before= paging disagree");
  check(ackMismatch === 0, `${ackMismatch} acknowledgements name another seq than the history`);
  check(a.stats.repeatsAnswered === repeatsMade, "a repeated send was not answered");
  check(kills >= KILLS, `only ${kills} of ${KILLS} kills happened`);
  check(repeatsMade >= REPEATS, `only ${repeatsMade} of ${REPEATS} repeats happened`);
  console.log(failures.length === 0 ? "\nresult: PASS" : `\nresult: FAIL\n- ${failures.join("\n- ")}`);
  return failures.length === 0;
};

const main = async () => {
  const started = performance.now();
  // wrangler.toml serves the SPA from dist/web; this needs only the API.
  if (!existsSync(join(root, "dist", "web"))) mkdirSync(join(root, "dist", "web"), { recursive: true });
  rmSync(STATE, { recursive: true, force: true });
  mkdirSync(STATE, { recursive: true });
  log(`seed ${SEED}; ${MESSAGES} messages, ${KILLS} kills, ${REPEATS} repeats; applying migrations`);
  applyMigrations({ cwd: root, state: STATE });
  const worker = startWranglerDev({
    cwd: root,
    port: PORT,
    inspectorPort: PORT + 1,
    state: STATE,
    logFile: join(STATE, "wrangler.log"),
    logLevel: "warn",
    // Many writes from one user and a few sign-ups per run.
    vars: [
      `JWT_SECRET:${JWT_SECRET}`,
      "RATE_LIMIT_WRITES_USER:100000/60",
      "RATE_LIMIT_SIGNUP_IP:100000/3600",
      "RATE_LIMIT_LOGIN_IP:100000/900",
      `APP_ORIGIN:http://127.0.0.1:${PORT}`,
    ],
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      void worker.stop().finally(() => process.exit(130));
    });
  }
  let passed = false;
  try {
    await worker.waitUntilUp("/api/chat/rooms");
    log(`worker up on ${worker.base} after ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const result = await chaos(orgoClient(worker.base));
    passed = report(result, (performance.now() - started) / 1000);
  } finally {
    await worker.stop();
  }
  process.exitCode = passed ? 0 : 1;
};

try {
  await main();
} catch (error) {
  console.error("[chaos] failed:", error);
  process.exitCode = 1;
}
