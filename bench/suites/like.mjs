// A like reaching the post author's open tab: from the start of PUT /api/posts/:id/like to the
// author's notifications socket receiving the `like` frame (one post per like: a repeated like
// within 24 h does not notify again), against the bare inbox: from the start of POST
// /inbox/:id/push to its socket receiving the body. Alternating blocks; p50 and p99.
import { openPlain, orgoClient, percentile, TIMEOUT_MS } from "../lib.mjs";

export const name = "like";
export const description = "like → author's socket, from the request start, vs the bare inbox push";

const LIKES = Number(process.env.LIKE_COUNT ?? 120);
const BLOCK = 20;
const WARMUP = 5;

const waiterSet = () => {
  const waiting = new Map();
  return {
    expect(key) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`nothing arrived for ${key}`)), TIMEOUT_MS);
        waiting.set(key, () => {
          clearTimeout(timer);
          resolve(performance.now());
        });
      });
    },
    arrived(key) {
      waiting.get(key)?.();
      waiting.delete(key);
    },
  };
};

const orgoSide = async (ctx, total) => {
  const orgo = orgoClient(ctx.orgoUrl);
  const author = await orgo.signUp("좋아요작성자");
  const liker = await orgo.signUp("좋아요벤치");
  const posts = [];
  for (let i = 0; i < total; i++) {
    posts.push(
      await orgo.api("POST", "/api/posts", {
        token: author.token,
        body: { title: `좋아요 ${i}`, body: "본문" },
      }),
    );
  }
  const waiters = waiterSet();
  const ws = await orgo.openSocket(author, "/api/notifications/ws", (frame) => {
    if (frame.type === "notification" && frame.notification.kind === "like")
      waiters.arrived(frame.notification.target.id);
  });
  let next = 0;
  return {
    close: () => ws.close(1000),
    async once() {
      const post = posts[next++];
      const arrived = waiters.expect(post.id);
      const sent = performance.now();
      await orgo.api("PUT", `/api/posts/${post.id}/like`, { token: liker.token });
      return (await arrived) - sent;
    },
  };
};

const bareSide = async (ctx) => {
  const inbox = `bench-${Date.now()}`;
  const waiters = waiterSet();
  const ws = await openPlain(`${ctx.bareUrl.replace(/^http/, "ws")}/inbox/${inbox}/ws`);
  ws.addEventListener("message", (event) => waiters.arrived(String(event.data)));
  let next = 0;
  return {
    close: () => ws.close(1000),
    async once() {
      const body = JSON.stringify({ type: "notification", n: next++ });
      const arrived = waiters.expect(body);
      const sent = performance.now();
      const response = await fetch(`${ctx.bareUrl}/inbox/${inbox}/push`, { method: "POST", body });
      await response.arrayBuffer();
      return (await arrived) - sent;
    },
  };
};

export async function run(ctx) {
  const orgo = await orgoSide(ctx, LIKES + WARMUP);
  const bare = await bareSide(ctx);
  try {
    for (let i = 0; i < WARMUP; i++) {
      await orgo.once();
      await bare.once();
    }
    const times = { orgo: [], bare: [] };
    for (let done = 0; done < LIKES; done += BLOCK) {
      for (let i = 0; i < BLOCK; i++) times.orgo.push(await orgo.once());
      for (let i = 0; i < BLOCK; i++) times.bare.push(await bare.once());
    }
    for (const p of [50, 99]) {
      ctx.report({
        figure: `like → socket p${p} (${times.orgo.length} likes)`,
        unit: "ms",
        orgo: percentile(times.orgo, p),
        bare: percentile(times.bare, p),
        lowerIsBetter: true,
      });
    }
  } finally {
    orgo.close();
    bare.close();
  }
}
