// Notification latency through a running worker (`wrangler dev`): the time from
// `PUT /api/posts/:id/like` returning to the post author's notifications socket receiving the
// `like` notification. Reports median and p99 over LIKES likes (one post each, since a repeated
// like of the same post within 24 h does not notify again). A push that arrives before the HTTP
// answer counts as 0 ms.
//
//   ORGO_URL=http://127.0.0.1:8787 LIKES=200 node bench/notify-latency.mjs
//
// Node 20 has no global WebSocket; undici (already installed with wrangler) has one.
import { WebSocket } from "undici";

const BASE = (process.env.ORGO_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const LIKES = Number(process.env.LIKES ?? 200);
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

const percentile = (values, p) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const fmt = (ms) => `${ms.toFixed(2)} ms`;

const author = await signUp("벤치작성자");
const liker = await signUp("벤치좋아요");
const posts = [];
for (let i = 0; i < LIKES; i++) {
  posts.push(
    await api("POST", "/api/posts", { token: author.token, body: { title: `벤치 ${i}`, body: "본문" } }),
  );
}

const { ticket } = await api("POST", "/api/realtime/ticket", { token: author.token });
const ws = new WebSocket(
  `${BASE.replace(/^http/, "ws")}/api/notifications/ws?ticket=${encodeURIComponent(ticket)}`,
);
const arrivals = new Map();
const waiters = new Map();
await new Promise((resolve, reject) => {
  ws.addEventListener("error", () => reject(new Error("socket error")));
  ws.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "ready") resolve();
    if (frame.type !== "notification" || frame.notification.kind !== "like") return;
    const postId = frame.notification.target.id;
    arrivals.set(postId, performance.now());
    waiters.get(postId)?.();
  });
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
console.log(
  `  like answered → author's socket: median ${fmt(percentile(afterAnswer, 50))}, p99 ${fmt(percentile(afterAnswer, 99))}`,
);
console.log(
  `  like sent     → author's socket: median ${fmt(percentile(fromRequest, 50))}, p99 ${fmt(percentile(fromRequest, 99))}`,
);
