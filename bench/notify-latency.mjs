// Notification latency through a running worker (`wrangler dev`): the time from
// `PUT /api/posts/:id/like` returning to the post author's notifications socket receiving the
// `like` notification. Reports median and p99 over LIKES likes (one post each, since a repeated
// like of the same post within 24 h does not notify again). A push that arrives before the HTTP
// answer counts as 0 ms.
//
// Start the worker it needs first (its own port and state; the raised limits let one user make
// hundreds of writes a minute), see bench/README.md:
//
//   npx wrangler d1 migrations apply orgo --local --persist-to .wrangler/state-realtime
//   npx wrangler dev --port 8792 --persist-to .wrangler/state-realtime \
//     --var JWT_SECRET:bench-secret-that-is-long-enough-0123456789 \
//     --var RATE_LIMIT_WRITES_USER:100000/60 --var RATE_LIMIT_SIGNUP_IP:100000/3600
//   ORGO_URL=http://127.0.0.1:8792 LIKES=200 node bench/notify-latency.mjs
import { api, BASE, openSocket, signUp, spread, TIMEOUT_MS } from "./lib.mjs";

const LIKES = Number(process.env.LIKES ?? 200);

const author = await signUp("벤치작성자");
const liker = await signUp("벤치좋아요");
const posts = [];
for (let i = 0; i < LIKES; i++) {
  posts.push(
    await api("POST", "/api/posts", { token: author.token, body: { title: `벤치 ${i}`, body: "본문" } }),
  );
}

const arrivals = new Map();
const waiters = new Map();
const ws = await openSocket(author, "/api/notifications/ws", (frame) => {
  if (frame.type !== "notification" || frame.notification.kind !== "like") return;
  const postId = frame.notification.target.id;
  arrivals.set(postId, performance.now());
  waiters.get(postId)?.();
});

const afterAnswer = [];
const fromRequest = [];
for (const post of posts) {
  const arrived = new Promise((resolve, reject) => {
    waiters.set(post.id, resolve);
    setTimeout(() => reject(new Error(`no notification for ${post.id}`)), TIMEOUT_MS);
  });
  const sent = performance.now();
  await api("PUT", `/api/posts/${post.id}/like`, { token: liker.token });
  const answered = performance.now();
  await arrived;
  const at = arrivals.get(post.id);
  afterAnswer.push(Math.max(0, at - answered));
  fromRequest.push(at - sent);
}
ws.close(1000);

console.log(`notification latency over ${LIKES} likes (${BASE})`);
console.log(`  like answered → author's socket: ${spread(afterAnswer)}`);
console.log(`  like sent     → author's socket: ${spread(fromRequest)}`);
