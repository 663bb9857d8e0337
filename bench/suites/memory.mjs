// Idle memory per socket: 1,000 sockets open in one room, the growth of the worker's workerd
// resident memory divided by the sockets. OrGo's study room holds at most 100 members, so it takes
// 100 members × 10 sockets (compare.mjs raises the per-user socket limit to 11 for this: 10 each
// and a warm-up socket); the bare room takes 1,000 plain sockets. Each side is measured from its
// own baseline after a warm-up socket.
import { inParallel, openPlain, orgoClient, sleep, studyRoomOf } from "../lib.mjs";

export const name = "memory";
export const description = "idle memory per socket, 1,000 sockets in one room";

const SOCKETS = Number(process.env.MEMORY_SOCKETS ?? 1000);
const MEMBERS = 100;
const SETTLE_MS = 3000;

const settledRss = async (ctx, which) => {
  await sleep(SETTLE_MS);
  return ctx.rssOf(which);
};

export async function run(ctx) {
  const orgo = orgoClient(ctx.orgoUrl);
  ctx.log(`memory: making a ${MEMBERS}-member study`);
  const { roomId, members } = await studyRoomOf(orgo, MEMBERS, "메모리");
  const path = `/api/chat/rooms/${roomId}/ws`;
  const warm = await orgo.openSocket(members[0], path);
  const orgoBefore = await settledRss(ctx, "orgo");
  const orgoSockets = await inParallel(
    Array.from({ length: SOCKETS }, (_, i) => members[i % MEMBERS]),
    8,
    (member) => orgo.openSocket(member, path),
  );
  const orgoAfter = await settledRss(ctx, "orgo");

  const bareRoom = `memory-${Date.now()}`;
  const url = `${ctx.bareUrl.replace(/^http/, "ws")}/room/${bareRoom}/ws`;
  const bareWarm = await openPlain(url);
  const bareBefore = await settledRss(ctx, "bare");
  const bareSockets = await inParallel(
    Array.from({ length: SOCKETS }, (_, i) => i),
    8,
    () => openPlain(url),
  );
  const held = await (
    await fetch(`${ctx.bareUrl}/room/memory-${url.split("memory-")[1].split("/")[0]}/count`)
  ).json();
  const bareAfter = await settledRss(ctx, "bare");
  ctx.log(
    `memory: OrGo rss ${orgoBefore} → ${orgoAfter}; reference ${bareBefore} → ${bareAfter} (${held.sockets} sockets)`,
  );

  for (const ws of [warm, ...orgoSockets, bareWarm, ...bareSockets]) ws.close(1000);
  ctx.report({
    figure: `resident memory per idle socket (${SOCKETS} in one room)`,
    unit: "KiB",
    orgo: (orgoAfter - orgoBefore) / SOCKETS / 1024,
    bare: (bareAfter - bareBefore) / SOCKETS / 1024,
    lowerIsBetter: true,
  });
}
