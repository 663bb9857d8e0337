// What the benchmarks that talk to a running worker share: the API, fresh users, ticketed
// WebSockets, frame waiters and the percentile maths.
//
// Node 20 has no global WebSocket; undici (already installed with wrangler) has one.
import { spawn, spawnSync } from "node:child_process";
import { openSync } from "node:fs";
import { WebSocket } from "undici";

export { WebSocket };

/** How long a benchmark waits for a frame before it gives up on the run. */
export const TIMEOUT_MS = 10_000;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Turns off the DevTools network tap of a `wrangler dev` worker (its inspector at `inspectorPort`)
 * and returns a function that closes the DevTools connection.
 *
 * wrangler's inspector proxy enables the `Network` domain on every worker it starts, so each
 * subrequest (every D1 query, every Durable Object call) is reported to it with its whole response
 * body, and its Node process decodes them: on this machine that doubled the cost of a one-row D1
 * read (124 → 233 req/s for the bare route with the tap off; the Node process went from 69% to 7.5%
 * of a core). It grows with response bytes and subrequests, not with either worker's code, and a
 * deployed worker has no such tap.
 */
export const muteDevtoolsNetwork = async (inspectorPort) => {
  // The proxy only takes DevTools connections from the DevTools origins.
  const ws = new WebSocket(`ws://127.0.0.1:${inspectorPort}/ws`, {
    headers: { Origin: "https://devtools.devprod.cloudflare.dev" },
  });
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", () => reject(new Error(`no inspector on port ${inspectorPort}`)), {
      once: true,
    });
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("Network.disable was not answered")), TIMEOUT_MS);
    ws.addEventListener("message", (event) => {
      if (JSON.parse(String(event.data)).id !== 1) return;
      clearTimeout(timer);
      resolve();
    });
    ws.send(JSON.stringify({ id: 1, method: "Network.disable" }));
  });
  return () => ws.close();
};

/**
 * The OrGo API at `base`: JSON in and out (any non-2xx answer throws, so a benchmark never times a
 * failure), fresh users, and ticketed sockets. Suites get `base` from `ctx.orgoUrl`.
 */
export const orgoClient = (base) => {
  const root = base.replace(/\/$/, "");
  const api = async (method, path, { token, body } = {}) => {
    const headers = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(`${root}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };

  /** A new account per run (emails are unique), so runs never see each other's data. */
  const signUp = async (nickname) => {
    const email = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const { user, accessToken } = await api("POST", "/api/auth/signup", {
      body: { email, password: "bench password 123", nickname },
    });
    return { id: user.id, token: accessToken };
  };

  /**
   * Opens `path` (e.g. `/api/notifications/ws`) with a fresh ticket for `user` (tickets are
   * single-use) and resolves once the server's `ready` frame arrived, so nothing is timed before
   * the socket is live. `onFrame` sees every frame, `ready` included.
   */
  const openSocket = async (user, path, onFrame = () => {}) => {
    const { ticket } = await api("POST", "/api/realtime/ticket", { token: user.token });
    const ws = new WebSocket(`${root.replace(/^http/, "ws")}${path}?ticket=${encodeURIComponent(ticket)}`);
    await new Promise((resolve, reject) => {
      ws.addEventListener("error", () => reject(new Error(`socket error on ${path}`)));
      ws.addEventListener("close", (event) => reject(new Error(`socket closed ${event.code} on ${path}`)));
      ws.addEventListener("message", (event) => {
        const frame = JSON.parse(event.data);
        if (frame.type === "ready") resolve();
        onFrame(frame);
      });
    });
    return ws;
  };

  return { base: root, api, signUp, openSocket };
};

/** Opens a plain WebSocket (the bare reference's) and resolves once it is open. */
export const openPlain = (url) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.addEventListener("open", () => resolve(ws));
    ws.addEventListener("error", () => reject(new Error(`socket error on ${url}`)));
  });

/** Runs `task` over `items` with at most `limit` at a time; resolves to the results in order. */
export const inParallel = async (items, limit, task) => {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/** Nearest-rank percentile (no interpolation), so every figure is a time that was measured. */
export const percentile = (values, p) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

const fmt = (ms, digits = 2) => `${ms.toFixed(digits)} ms`;

/** "median …, p99 …" for one series of times. */
export const spread = (values, p = 99, digits = 2) =>
  `median ${fmt(percentile(values, 50), digits)}, p${p} ${fmt(percentile(values, p), digits)}`;

/**
 * Resolves frame waiters by predicate: `expect(match)` returns a promise of the first frame (seen
 * after the call) that matches; `offer(frame)` hands each received frame to the waiters.
 */
export const frameWaiters = () => {
  const waiters = new Set();
  return {
    expect(match, timeoutMs = TIMEOUT_MS) {
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error("timed out waiting for a frame"));
        }, timeoutMs);
      });
    },
    offer(frame) {
      for (const waiter of waiters) {
        if (waiter.match(frame)) {
          waiters.delete(waiter);
          waiter.resolve(performance.now());
        }
      }
    },
  };
};

/**
 * A study of `size` members (the leader and `size - 1` who join) and its group room's id, as OrGo's
 * API makes them. Members are `{ id, token }`; the leader is first.
 */
export const studyRoomOf = async (orgo, size, nickname = "벤치") => {
  const leader = await orgo.signUp(`${nickname}장`);
  const study = await orgo.api("POST", "/api/studies", {
    token: leader.token,
    body: {
      title: `벤치 스터디 ${Date.now()}`,
      mode: "online",
      startDate: "2026-01-01",
      endDate: "2030-12-31",
      maxMembers: Math.max(2, size),
    },
  });
  const others = await inParallel(
    Array.from({ length: size - 1 }, (_, i) => i),
    4,
    async (i) => {
      const member = await orgo.signUp(`${nickname}${i}`);
      await orgo.api("PUT", `/api/studies/${study.id}/membership`, { token: member.token });
      return member;
    },
  );
  const { items } = await orgo.api("GET", "/api/chat/rooms", { token: leader.token });
  const room = items.find((r) => r.studyId === study.id);
  if (!room) throw new Error("the study's room is missing from the leader's rooms");
  return { roomId: room.id, members: [leader, ...others] };
};

// ── A `wrangler dev` of our own ─────────────────────────────────────────────────────────────────

/** Workers this process started; stopped when it exits, however it exits. */
const startedWorkers = new Set();
process.on("exit", () => {
  for (const child of startedWorkers) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
});

/** `wrangler d1 migrations apply <database> --local` into `state` (throws with wrangler's output). */
export const applyMigrations = ({ cwd, state, database = "orgo", config, env }) => {
  const args = ["wrangler", "d1", "migrations", "apply", database, "--local", "--persist-to", state];
  if (config) args.push("--config", config);
  const result = spawnSync("npx", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0)
    throw new Error(`npx ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
};

/**
 * Starts `wrangler dev` on 127.0.0.1:`port` (its inspector on `inspectorPort`) over the state
 * directory `state`, with `vars` as `NAME:value` strings, in a process group of its own so that
 * stopping it also stops the workerd it starts. Output goes to `logFile`, or nowhere.
 * Returns `{ child, stop(), waitUntilUp(path, { timeoutMs, ok }) }`.
 */
export const startWranglerDev = ({
  cwd,
  port,
  inspectorPort,
  state,
  vars = [],
  config,
  logFile,
  logLevel,
  env,
}) => {
  const args = ["wrangler", "dev"];
  if (config) args.push("--config", config);
  args.push("--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort));
  args.push("--persist-to", state, "--show-interactive-dev-session=false");
  if (logLevel) args.push("--log-level", logLevel);
  for (const v of vars) args.push("--var", v);
  const out = logFile ? openSync(logFile, "a") : "ignore";
  const child = spawn("npx", args, { cwd, env, stdio: ["ignore", out, out], detached: true });
  startedWorkers.add(child);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  exited.then(() => startedWorkers.delete(child));
  const base = `http://127.0.0.1:${port}`;
  return {
    child,
    base,
    /** Stops the worker and waits until it has exited. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // Already gone.
        }
      }
      await exited;
    },
    /** Resolves once GET `path` answers (and `ok(response)` holds); throws if the worker exits or time runs out. */
    async waitUntilUp(path = "/", { timeoutMs = 120_000, ok = () => true } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (child.exitCode !== null)
          throw new Error(`wrangler dev on ${base} exited (see ${logFile ?? "its output"})`);
        try {
          const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(5000) });
          await response.arrayBuffer();
          if (ok(response)) return;
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) throw new Error(`wrangler dev did not answer on ${base}${path}`);
        await sleep(300);
      }
    },
  };
};
