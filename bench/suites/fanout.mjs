// Fan-out in a 50-member study room: one member sends 5 messages a second, the other 49 each time
// its arrival. OrGo's study room against the bare room (50 plain sockets), in alternating blocks.
import { frameWaiters, openPlain, orgoClient, percentile, sleep, studyRoomOf } from "../lib.mjs";

export const name = "fanout";
export const description = "50-member study room, 5 msg/s, delivery to every other member";

const MEMBERS = 50;
const MESSAGES = Number(process.env.FANOUT_MESSAGES ?? 150);
const BLOCK = 25;
const WARMUP = 5;
const GAP_MS = 1000 / 5;

/** A room of sockets: `send(i)` resolves to each receiver's delivery time and the slowest. */
const roomOf = (sender, receivers, frameOf, idOf) => ({
  async once(i) {
    const clientId = `f-${i}-${Math.random().toString(36).slice(2)}`;
    const arrivals = receivers.map((r) => r.waiters.expect((frame) => idOf(frame) === clientId));
    const sent = performance.now();
    sender.send(frameOf(clientId, i));
    return (await Promise.all(arrivals)).map((at) => at - sent);
  },
  close() {
    for (const ws of [sender, ...receivers.map((r) => r.ws)]) ws.close(1000);
  },
});

const orgoRoom = async (ctx) => {
  const orgo = orgoClient(ctx.orgoUrl);
  const { roomId, members } = await studyRoomOf(orgo, MEMBERS, "팬");
  const path = `/api/chat/rooms/${roomId}/ws`;
  const receivers = [];
  for (const member of members.slice(1)) {
    const waiters = frameWaiters();
    const ws = await orgo.openSocket(member, path, (frame) => waiters.offer(frame));
    receivers.push({ ws, waiters });
  }
  const sender = await orgo.openSocket(members[0], path, (frame) => {
    if (frame.type === "error") ctx.log(`fanout: OrGo error frame ${JSON.stringify(frame)}`);
  });
  return roomOf(
    sender,
    receivers,
    (clientId, i) => JSON.stringify({ type: "send", clientId, body: `팬아웃 ${i} 벤치 본문` }),
    (frame) => (frame.type === "message" ? frame.message.clientId : undefined),
  );
};

const bareRoom = async (ctx) => {
  const url = `${ctx.bareUrl.replace(/^http/, "ws")}/room/fanout-${Date.now()}/ws`;
  const receivers = [];
  for (let i = 1; i < MEMBERS; i++) {
    const waiters = frameWaiters();
    const ws = await openPlain(url);
    ws.addEventListener("message", (event) => waiters.offer(JSON.parse(event.data)));
    receivers.push({ ws, waiters });
  }
  const sender = await openPlain(url);
  return roomOf(
    sender,
    receivers,
    (clientId, i) => JSON.stringify({ type: "send", clientId, body: `팬아웃 ${i} 벤치 본문` }),
    (frame) => frame.clientId,
  );
};

const paced = async (room, from, count, sink) => {
  const pending = [];
  const began = performance.now();
  for (let i = 0; i < count; i++) {
    const due = began + i * GAP_MS - performance.now();
    if (due > 0) await sleep(due);
    pending.push(
      room.once(from + i).then((times) => {
        if (!sink) return;
        sink.each.push(...times);
        sink.all.push(Math.max(...times));
      }),
    );
  }
  await Promise.all(pending);
};

export async function run(ctx) {
  ctx.log(`fanout: making a ${MEMBERS}-member study`);
  const orgo = await orgoRoom(ctx);
  const bare = await bareRoom(ctx);
  await paced(orgo, -WARMUP, WARMUP);
  await paced(bare, -WARMUP, WARMUP);
  const times = { orgo: { each: [], all: [] }, bare: { each: [], all: [] } };
  for (let sent = 0; sent < MESSAGES; sent += BLOCK) {
    const count = Math.min(BLOCK, MESSAGES - sent);
    await paced(orgo, sent, count, times.orgo);
    await paced(bare, sent, count, times.bare);
  }
  orgo.close();
  bare.close();
  for (const [kind, label] of [
    ["each", `delivery to one member (${MESSAGES} × ${MEMBERS - 1})`],
    ["all", `delivered to all ${MEMBERS - 1} (${MESSAGES} messages)`],
  ]) {
    for (const p of [50, 99]) {
      ctx.report({
        figure: `${label} p${p}`,
        unit: "ms",
        orgo: percentile(times.orgo[kind], p),
        bare: percentile(times.bare[kind], p),
        lowerIsBetter: true,
      });
    }
  }
}
