// Chat round trip between two users through a running worker (`wrangler dev`):
// A sends a message, B receives it and answers, A receives the answer. Reports the median and p99
// of that round trip, and of the one-way delivery A → B, over MESSAGES round trips.
//
// Start the worker it needs first (its own port and state; the raised limits let one user make
// hundreds of writes a minute), see bench/README.md:
//
//   npx wrangler d1 migrations apply orgo --local --persist-to .wrangler/state-realtime
//   npx wrangler dev --port 8792 --persist-to .wrangler/state-realtime \
//     --var JWT_SECRET:bench-secret-that-is-long-enough-0123456789 \
//     --var RATE_LIMIT_WRITES_USER:100000/60 --var RATE_LIMIT_SIGNUP_IP:100000/3600
//   ORGO_URL=http://127.0.0.1:8792 MESSAGES=1000 node bench/chat-roundtrip.mjs
//
// Each user may send 10 frames a second in a room (burst 20), whatever the number of their sockets,
// so every send waits until its socket's previous one is 110 ms old: the pacing never enters a
// measured interval. SOCKETS (at most 5 per user) rotates the round trips over several sockets.
import { api, BASE, openSocket, signUp, spread, TIMEOUT_MS } from "./lib.mjs";

const MESSAGES = Number(process.env.MESSAGES ?? 1000);
const SOCKETS = Number(process.env.SOCKETS ?? 1);
const MIN_GAP_MS = 110;

/** A socket whose frames can be awaited by predicate. */
const connect = async (user, roomId) => {
  const waiters = new Set();
  const ws = await openSocket(user, `/api/chat/rooms/${roomId}/ws`, (frame) => {
    if (frame.type === "error") console.error("error frame", frame);
    for (const waiter of waiters) {
      if (waiter.match(frame)) {
        waiters.delete(waiter);
        waiter.resolve(frame);
      }
    }
  });
  const socket = { ws, lastSend: 0 };
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
  return socket;
};

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
console.log(`  round trip A→B→A: ${spread(roundTrips)}`);
console.log(`  delivery   A→B:   ${spread(deliveries)}`);
