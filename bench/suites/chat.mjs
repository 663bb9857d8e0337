// Chat one-way delivery A→B: one socket per user, 8 messages a second, the time from A's send to
// B's receipt. OrGo's direct room (two users who follow each other) against the bare room, which
// only relays; the two are measured in alternating blocks so load drifts hit both alike.
import { frameWaiters, openPlain, orgoClient, percentile, sleep } from "../lib.mjs";

export const name = "chat";
export const description = "one-way A→B, one socket each, 8 msg/s";

const MESSAGES = Number(process.env.CHAT_MESSAGES ?? 240);
const BLOCK = 40;
const WARMUP = 10;
const GAP_MS = 1000 / 8;

const orgoPair = async (ctx) => {
  const orgo = orgoClient(ctx.orgoUrl);
  const [a, b] = [await orgo.signUp("벤치A"), await orgo.signUp("벤치B")];
  await orgo.api("PUT", `/api/users/${b.id}/follow`, { token: a.token });
  const room = await orgo.api("POST", "/api/chat/rooms", { token: a.token, body: { userId: b.id } });
  const path = `/api/chat/rooms/${room.id}/ws`;
  const arrivals = frameWaiters();
  const wsA = await orgo.openSocket(a, path, (frame) => {
    if (frame.type === "error") ctx.log(`chat: OrGo error frame ${JSON.stringify(frame)}`);
  });
  const wsB = await orgo.openSocket(b, path, (frame) => arrivals.offer(frame));
  return {
    close() {
      wsA.close(1000);
      wsB.close(1000);
    },
    async once(i) {
      const clientId = `m-${i}-${Math.random().toString(36).slice(2)}`;
      const arrived = arrivals.expect((f) => f.type === "message" && f.message.clientId === clientId);
      const sent = performance.now();
      wsA.send(JSON.stringify({ type: "send", clientId, body: `메시지 ${i} 벤치 본문` }));
      return (await arrived) - sent;
    },
  };
};

/** The bare room (`room`), or the bare room that stores each frame before relaying it (`stored-room`). */
const barePair = async (ctx, kind = "room") => {
  const url = `${ctx.bareUrl.replace(/^http/, "ws")}/${kind}/chat-${Date.now()}/ws`;
  const arrivals = frameWaiters();
  const wsA = await openPlain(url);
  const wsB = await openPlain(url);
  wsB.addEventListener("message", (event) => arrivals.offer(JSON.parse(event.data)));
  return {
    close() {
      wsA.close(1000);
      wsB.close(1000);
    },
    async once(i) {
      const clientId = `m-${i}-${Math.random().toString(36).slice(2)}`;
      const arrived = arrivals.expect((f) => f.clientId === clientId);
      const sent = performance.now();
      wsA.send(JSON.stringify({ type: "send", clientId, body: `메시지 ${i} 벤치 본문` }));
      return (await arrived) - sent;
    },
  };
};

/** `count` messages at 8 a second; a slow delivery does not delay the next send's schedule. */
const paced = async (pair, from, count, times) => {
  const pending = [];
  const began = performance.now();
  for (let i = 0; i < count; i++) {
    const due = began + i * GAP_MS - performance.now();
    if (due > 0) await sleep(due);
    pending.push(pair.once(from + i).then((ms) => times?.push(ms)));
  }
  await Promise.all(pending);
};

export async function run(ctx) {
  const orgo = await orgoPair(ctx);
  const bare = await barePair(ctx);
  const stored = await barePair(ctx, "stored-room");
  await paced(orgo, -WARMUP, WARMUP);
  await paced(bare, -WARMUP, WARMUP);
  await paced(stored, -WARMUP, WARMUP);
  const times = { orgo: [], bare: [], stored: [] };
  for (let sent = 0; sent < MESSAGES; sent += BLOCK) {
    const count = Math.min(BLOCK, MESSAGES - sent);
    await paced(orgo, sent, count, times.orgo);
    await paced(bare, sent, count, times.bare);
    await paced(stored, sent, count, times.stored);
  }
  orgo.close();
  bare.close();
  stored.close();
  for (const p of [50, 99]) {
    ctx.report({
      figure: `one-way A→B p${p} (${MESSAGES} messages)`,
      unit: "ms",
      orgo: percentile(times.orgo, p),
      bare: percentile(times.bare, p),
      lowerIsBetter: true,
    });
  }
  // Not a target: the same sends against the bare room that stores each frame before relaying it,
  // so the table shows what one durable commit costs here and what OrGo adds above it.
  for (const p of [50, 99]) {
    ctx.report({
      figure: `  vs bare room storing each frame, p${p}`,
      unit: "ms",
      orgo: percentile(times.orgo, p),
      bare: percentile(times.stored, p),
      lowerIsBetter: true,
    });
  }
  ctx.log(
    `chat: bare room storing each frame p50 ${percentile(times.stored, 50).toFixed(2)} ms = ` +
      `${(percentile(times.stored, 50) / percentile(times.bare, 50)).toFixed(2)}× the bare room`,
  );
}
