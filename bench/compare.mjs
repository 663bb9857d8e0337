#!/usr/bin/env node
// OrGo against the bare reference, in one run:
//
//   node bench/compare.mjs [suite ...]        (default: every file in bench/suites/)
//
// Starts both workers under `wrangler dev` — OrGo on BENCH_PORT_BASE (default 8900), the reference
// (bench/reference/) on BENCH_PORT_BASE+1, their inspectors on +2 and +3 — each with a fresh state
// directory under .wrangler/bench-*, applies both sets of migrations, waits until both answer,
// runs the suites one after another, prints a table per suite (OrGo, reference, OrGo/reference)
// and stops both workers, whatever happened.
//
// A suite is bench/suites/<name>.mjs exporting `name`, `description` and `async run(ctx)`, with
// ctx = { orgoUrl, bareUrl, log(msg), report({ figure, unit, orgo, bare, lowerIsBetter }),
//         rssOf("orgo" | "bare") → bytes of the worker's workerd processes }.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { muteDevtoolsNetwork } from "./lib.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const suitesDir = join(root, "bench", "suites");
const portBase = Number(process.env.BENCH_PORT_BASE ?? 8900);
// Where both workers keep their state (SQLite files of D1 and the Durable Objects). The default is the
// project's disk; BENCH_STATE_ROOT=/dev/shm shows how much of a figure is this disk's flush of each commit.
const stateRoot = process.env.BENCH_STATE_ROOT ?? join(root, ".wrangler");
const JWT_SECRET = "bench-secret-that-is-long-enough-0123456789";

const targets = {
  orgo: {
    label: "OrGo",
    port: portBase,
    inspector: portBase + 2,
    state: join(stateRoot, "bench-orgo"),
    database: "orgo",
    config: join(root, "wrangler.toml"),
    // One benchmark user makes hundreds of writes a minute, and each run signs up many users.
    vars: [
      `JWT_SECRET:${JWT_SECRET}`,
      "RATE_LIMIT_WRITES_USER:100000/60",
      "RATE_LIMIT_SIGNUP_IP:100000/3600",
      "RATE_LIMIT_LOGIN_IP:100000/900",
      "RATE_LIMIT_UPLOADS_USER:100000/600",
      `APP_ORIGIN:http://127.0.0.1:${portBase}`,
      // The memory suite holds 1,000 sockets in one study room of at most 100 members (10 each,
      // plus one warm-up socket).
      "REALTIME_SOCKETS_PER_USER:11",
    ],
    probe: "/api/chat/rooms",
  },
  bare: {
    label: "reference",
    port: portBase + 1,
    inspector: portBase + 3,
    state: join(stateRoot, "bench-reference"),
    database: "orgo-bench-reference",
    config: join(root, "bench", "reference", "wrangler.toml"),
    vars: [],
    probe: "/rows?limit=1",
  },
};

const log = (message) => console.log(`[bench] ${message}`);

const runChecked = (args) => {
  const result = spawnSync("npx", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0)
    throw new Error(`npx ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
};

const prepare = (target) => {
  rmSync(target.state, { recursive: true, force: true });
  mkdirSync(target.state, { recursive: true });
  runChecked([
    "wrangler",
    "d1",
    "migrations",
    "apply",
    target.database,
    "--local",
    "--persist-to",
    target.state,
    "--config",
    target.config,
  ]);
};

const start = (target) => {
  const out = openSync(join(target.state, "wrangler.log"), "a");
  const args = [
    "wrangler",
    "dev",
    "--config",
    target.config,
    "--ip",
    "127.0.0.1",
    "--port",
    String(target.port),
    "--inspector-port",
    String(target.inspector),
    "--persist-to",
    target.state,
    "--show-interactive-dev-session=false",
    "--log-level",
    "warn",
  ];
  for (const v of target.vars) args.push("--var", v);
  // Its own process group, so stopping it also stops the workerd it starts.
  target.process = spawn("npx", args, { cwd: root, stdio: ["ignore", out, out], detached: true });
};

const stop = (target) => {
  if (!target.process || target.process.exitCode !== null) return;
  try {
    process.kill(-target.process.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
};

const waitUntilUp = async (target) => {
  const url = `http://127.0.0.1:${target.port}${target.probe}`;
  for (let i = 0; i < 240; i++) {
    if (target.process.exitCode !== null) {
      throw new Error(`${target.label} exited; see ${join(target.state, "wrangler.log")}`);
    }
    try {
      await fetch(url);
      return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${target.label} did not come up on ${url}`);
};

/** Resident memory of the workerd processes in a worker's process group, in bytes. */
const rssOf = (which) => {
  const group = targets[which].process.pid;
  let bytes = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesised name: state ppid pgrp …
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgrp !== group || !name.startsWith("workerd")) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, "utf8"));
      if (rss) bytes += Number(rss[1]) * 1024;
    } catch {
      // The process ended meanwhile.
    }
  }
  return bytes;
};

const formatValue = (value) =>
  value === null || value === undefined || Number.isNaN(value)
    ? "—"
    : Math.abs(value) >= 100
      ? value.toFixed(0)
      : value.toFixed(2);

const printTable = (title, rows) => {
  const header = ["figure", "unit", "OrGo", "reference", "OrGo/ref"];
  const body = rows.map((row) => [
    row.figure,
    row.unit,
    formatValue(row.orgo),
    formatValue(row.bare),
    row.bare ? `${(row.orgo / row.bare).toFixed(2)}×` : "—",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i].length)));
  const line = (cells) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  console.log(`\n== ${title}`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const cells of body) console.log(line(cells));
};

const loadSuites = async (names) => {
  const available = readdirSync(suitesDir)
    .filter((file) => file.endsWith(".mjs"))
    .map((file) => file.slice(0, -4))
    .sort();
  const chosen = names.length ? names : available;
  const unknown = chosen.filter((name) => !available.includes(name));
  if (unknown.length)
    throw new Error(`unknown suite(s): ${unknown.join(", ")}; available: ${available.join(", ")}`);
  return Promise.all(chosen.map(async (name) => import(pathToFileURL(join(suitesDir, `${name}.mjs`)).href)));
};

const main = async () => {
  const suites = await loadSuites(process.argv.slice(2));
  // wrangler.toml serves the SPA from dist/web; the benchmarks need only the API, so an empty
  // folder does when the app was never built.
  if (!existsSync(join(root, "dist", "web"))) mkdirSync(join(root, "dist", "web"), { recursive: true });

  const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  log(`suites: ${suites.map((suite) => suite.name).join(", ")}; load average ${load()}`);
  for (const target of Object.values(targets)) prepare(target);
  for (const target of Object.values(targets)) start(target);
  const results = [];
  const unmuters = [];
  try {
    await Promise.all(Object.values(targets).map(waitUntilUp));
    const ctx = {
      orgoUrl: `http://127.0.0.1:${targets.orgo.port}`,
      bareUrl: `http://127.0.0.1:${targets.bare.port}`,
      log: (message) => log(message),
      rssOf,
    };
    // BENCH_DEVTOOLS_NETWORK=on keeps wrangler's DevTools network tap, as every figure before December 2026 had it.
    if (process.env.BENCH_DEVTOOLS_NETWORK !== "on") {
      for (const target of Object.values(targets)) unmuters.push(await muteDevtoolsNetwork(target.inspector));
      log("DevTools network tap off on both workers (BENCH_DEVTOOLS_NETWORK=on keeps it)");
    }
    await fetch(`${ctx.bareUrl}/seed?n=1000`, { method: "POST" });
    for (const suite of suites) {
      const rows = [];
      log(`${suite.name}: ${suite.description}`);
      const began = performance.now();
      try {
        await suite.run({
          ...ctx,
          report: (row) => {
            rows.push(row);
            const ratio = row.bare ? ` (${(row.orgo / row.bare).toFixed(2)}×)` : "";
            log(
              `${suite.name}: ${row.figure} OrGo ${formatValue(row.orgo)} ${row.unit}, reference ${formatValue(row.bare)} ${row.unit}${ratio}`,
            );
          },
        });
      } catch (error) {
        console.error(`[bench] ${suite.name} failed:`, error);
        process.exitCode = 1;
      }
      results.push({ suite, rows, seconds: (performance.now() - began) / 1000 });
    }
  } finally {
    for (const unmute of unmuters) unmute();
    for (const target of Object.values(targets)) stop(target);
  }
  for (const { suite, rows, seconds } of results) {
    printTable(`${suite.name} — ${suite.description} (${seconds.toFixed(0)} s)`, rows);
  }
  console.log(`\nload average at the end: ${load()} (${new Date().toISOString()})`);
};

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const target of Object.values(targets)) stop(target);
    process.exit(130);
  });
}

await main();
