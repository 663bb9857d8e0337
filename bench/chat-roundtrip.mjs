// Chat round trip between two users through a running worker (`wrangler dev`):
// A sends a message, B receives it and answers, A receives the answer. Reports the median and p99
// of that round trip, and of the one-way delivery A → B, over MESSAGES round trips.
//
//   ORGO_URL=http://127.0.0.1:8787 MESSAGES=1000 node bench/chat-roundtrip.mjs
//
// Node 20 has no global WebSocket; undici (already installed with wrangler) has one.
// Each socket may send 10 frames a second (burst 20), so the round trips rotate over SOCKETS
// sockets per user and each socket waits its turn: the pacing never enters a measured interval.
import { WebSocket } from "undici";

const BASE = (process.env.ORGO_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const MESSAGES = Number(process.env.MESSAGES ?? 1000);
const SOCKETS = Number(process.env.SOCKETS ?? 12);
const MIN_GAP_MS = 110;
const TIMEOUT_MS = 10_000;

const api = async (method, path, { token, body } = {}) => {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
};

const signUp = async (nickname) => {
  const email = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const { user, accessToken } = await api("POST", "/api/auth/signup", {
    body: { email, password: "bench password 123", nickname },
  });
  return { id: user.id, token: accessToken };
};

/** A socket whose frames can be awaited by predicate. */
const connect = async (user, roomId) => {
  const { ticket } = await api("POST", "/api/realtime/ticket", { token: user.token });
  const url = `${BASE.replace(/^http/, "ws")}/api/chat/rooms/${roomId}/ws?ticket=${encodeURIComponent(ticket)}`;
  const ws = new WebSocket(url);
  const waiters = new Set();
  const socket = { ws, lastSend: 0, ready: null };
  socket.ready = new Promise((resolve, reject) => {
    ws.addEventListener("error", () => reject(new Error("socket error")));
    ws.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === "ready") resolve();
      if (frame.type === "error") console.error("error frame", frame);
      for (const waiter of waiters) {
        if (waiter.match(frame)) {
          waiters.delete(waiter);
          waiter.resolve(frame);
        }
      }
    });
  });
  socket.waitFor = (match) =>
    new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      waiters.add(waiter);
      setTimeout(() => {
        if (waiters.delete(waiter)) reject(new Error("timed out waiting for a frame"));
      }, TIMEOUT_MS);
    });
  socket.send = async (frame) => {
    const wait = socket.lastSend + MIN_GAP_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    socket.lastSend = performance.now();
    ws.send(JSON.stringify(frame));
  };
  await socket.ready;
  return socket;
};

const percentile = (values, p) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const fmt = (ms) => `${ms.toFixed(2)} ms`;

const a = await signUp("벤치A");
const b = await signUp("벤치B");
await api("PUT", `/api/users/${b.id}/follow`, { token: a.token });
const room = await api("POST", "/api/chat/rooms", { token: a.token, body: { userId: b.id } });

const socketsA = [];
const socketsB = [];
for (let i = 0; i < SOCKETS; i++) {
  socketsA.push(await connect(a, room.id));
  socketsB.push(await connect(b, room.id));
}

const roundTrips = [];
const deliveries = [];
const started = performance.now();
for (let i = 0; i < MESSAGES; i++) {
  const sa = socketsA[i % SOCKETS];
  const sb = socketsB[i % SOCKETS];
  // Pace before the clock starts, so waiting for a token is never measured.
  const gap = Math.max(sa.lastSend, sb.lastSend) + MIN_GAP_MS - performance.now();
  if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
  const ask = `q-${i}-${Math.random().toString(36).slice(2)}`;
  const answer = `a-${i}-${Math.random().toString(36).slice(2)}`;
  const delivered = sb.waitFor((f) => f.type === "message" && f.message.clientId === ask);
  const answered = sa.waitFor((f) => f.type === "message" && f.message.clientId === answer);
  const t0 = performance.now();
  await sa.send({ type: "send", clientId: ask, body: `질문 ${i}` });
  await delivered;
  const t1 = performance.now();
  await sb.send({ type: "send", clientId: answer, body: `답 ${i}` });
  await answered;
  const t2 = performance.now();
  deliveries.push(t1 - t0);
  roundTrips.push(t2 - t0);
}
const elapsed = (performance.now() - started) / 1000;

for (const socket of [...socketsA, ...socketsB]) socket.ws.close(1000);
console.log(
  `chat round trip over ${MESSAGES} messages (${BASE}, ${SOCKETS} sockets per user, ${elapsed.toFixed(1)} s)`,
);
console.log(
  `  round trip A→B→A: median ${fmt(percentile(roundTrips, 50))}, p99 ${fmt(percentile(roundTrips, 99))}`,
);
console.log(
  `  delivery   A→B:   median ${fmt(percentile(deliveries, 50))}, p99 ${fmt(percentile(deliveries, 99))}`,
);
