// What the benchmarks that talk to a running worker share: the API, fresh users, ticketed
// WebSockets and the percentile maths.
//
// Node 20 has no global WebSocket; undici (already installed with wrangler) has one.
import { WebSocket } from "undici";

export const BASE = (process.env.ORGO_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
/** How long a benchmark waits for a frame before it gives up on the run. */
export const TIMEOUT_MS = 10_000;

/** JSON in and out; any non-2xx answer throws, so a benchmark never times a failure. */
export const api = async (method, path, { token, body } = {}) => {
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

/** A new account per run (emails are unique), so runs never see each other's data. */
export const signUp = async (nickname) => {
  const email = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const { user, accessToken } = await api("POST", "/api/auth/signup", {
    body: { email, password: "bench password 123", nickname },
  });
  return { id: user.id, token: accessToken };
};

/**
 * Opens `path` (e.g. `/api/notifications/ws`) with a fresh ticket for `user` and resolves once the
 * server's `ready` frame arrived, so nothing is timed before the socket is live. `onFrame` sees
 * every frame, `ready` included.
 */
export const openSocket = async (user, path, onFrame) => {
  const { ticket } = await api("POST", "/api/realtime/ticket", { token: user.token });
  const ws = new WebSocket(`${BASE.replace(/^http/, "ws")}${path}?ticket=${encodeURIComponent(ticket)}`);
  await new Promise((resolve, reject) => {
    ws.addEventListener("error", () => reject(new Error("socket error")));
    ws.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === "ready") resolve();
      onFrame(frame);
    });
  });
  return ws;
};

/** Nearest-rank percentile (no interpolation), so every figure is a time that was measured. */
const percentile = (values, p) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const fmt = (ms, digits = 2) => `${ms.toFixed(digits)} ms`;

/** "median …, p99 …" for one series of times. */
export const spread = (values, p = 99, digits = 2) =>
  `median ${fmt(percentile(values, 50), digits)}, p${p} ${fmt(percentile(values, p), digits)}`;
