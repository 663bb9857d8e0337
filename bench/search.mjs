// Search latency over 10,000 posts (plain Node ESM; percentiles from bench/lib.mjs).
//
//   node bench/search.mjs [--port 8791] [--state .wrangler/state-search] [--posts 10000] [--runs 50]
//
// 1. Recreates the local D1 in the state directory, applies the migrations and seeds a few users
//    and the posts through one generated SQL file (`wrangler d1 execute --file`): fast, and the FTS
//    triggers index every row exactly as they do for posts made through the API.
// 2. Starts `wrangler dev` on the port with that state, signs up one viewer, and sends `runs`
//    searches per query kind (Korean 2-character → LIKE, Korean 3+ characters → FTS, English →
//    FTS), printing the median and p95 of each. The wrangler process group is stopped at the end.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { spread } from "./lib.mjs";

const { values: options } = parseArgs({
  options: {
    port: { type: "string", default: "8791" },
    state: { type: "string", default: ".wrangler/state-search" },
    posts: { type: "string", default: "10000" },
    runs: { type: "string", default: "50" },
  },
});
const port = Number(options.port);
const postCount = Number(options.posts);
const runs = Number(options.runs);
const base = `http://127.0.0.1:${port}`;

const korean = [
  "스터디원",
  "모집",
  "알고리즘",
  "자바스크립트",
  "타입스크립트",
  "리액트",
  "프로젝트",
  "면접",
  "코딩테스트",
  "백엔드",
  "프론트엔드",
  "데이터베이스",
  "질문",
  "공부",
  "개발자",
  "취업",
  "포트폴리오",
  "코드리뷰",
  "배포",
  "서버",
];
const english = ["TypeScript", "React", "Rust", "Go", "Python", "Docker", "GraphQL", "SQL", "Node", "Kotlin"];

// Deterministic text, so runs are comparable.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const words = (n) =>
  Array.from({ length: n }, () => (random() < 0.8 ? pick(korean) : pick(english))).join(" ");
const quote = (text) => `'${text.replaceAll("'", "''")}'`;

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
};

const seedDatabase = () => {
  rmSync(options.state, { recursive: true, force: true });
  run("npx", ["wrangler", "d1", "migrations", "apply", "orgo", "--local", "--persist-to", options.state]);
  const authors = Array.from({ length: 5 }, (_, i) => `benchuser${i}`);
  const lines = [
    `INSERT INTO users (id, email, nickname, bio) VALUES ${authors
      .map(
        (id, i) =>
          `(${quote(id)}, ${quote(`${id}@bench.invalid`)}, ${quote(`작성자${i}`)}, ${quote(words(8))})`,
      )
      .join(", ")};`,
  ];
  const start = Date.now() - postCount * 60_000;
  // D1 caps one statement at 100 KB.
  const chunk = 50;
  for (let offset = 0; offset < postCount; offset += chunk) {
    const rows = [];
    for (let i = offset; i < Math.min(offset + chunk, postCount); i++) {
      const time = start + i * 60_000;
      rows.push(
        `(${quote(`benchpost${i}`)}, ${quote(pick(authors))}, ${quote(words(4))}, ${quote(words(40))}, ${time}, ${time})`,
      );
    }
    lines.push(
      `INSERT INTO posts (id, author_id, title, body, created_at, updated_at) VALUES ${rows.join(", ")};`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "orgo-bench-"));
  const file = join(dir, "seed.sql");
  writeFileSync(file, lines.join("\n"));
  const began = performance.now();
  run("npx", ["wrangler", "d1", "execute", "orgo", "--local", "--persist-to", options.state, "--file", file]);
  rmSync(dir, { recursive: true, force: true });
  return performance.now() - began;
};

const startWorker = () =>
  spawn(
    "npx",
    [
      "wrangler",
      "dev",
      "--port",
      String(port),
      "--persist-to",
      options.state,
      "--var",
      "JWT_SECRET:bench-secret-that-is-long-enough-0123456789",
    ],
    // Its own process group, so stopping it also stops the workerd it starts.
    { stdio: "ignore", detached: true },
  );

const waitUntilUp = async () => {
  for (let i = 0; i < 240; i++) {
    try {
      const response = await fetch(`${base}/api/search?q=warm`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("wrangler dev did not come up");
};

const measure = async (label, queries, token) => {
  const times = [];
  const counts = [];
  for (let i = 0; i < runs; i++) {
    const q = queries[i % queries.length];
    const began = performance.now();
    const response = await fetch(`${base}/api/search?q=${encodeURIComponent(q)}&type=all&limit=20`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const body = await response.json();
    times.push(performance.now() - began);
    if (response.status !== 200) throw new Error(`${label} ${q}: ${response.status} ${JSON.stringify(body)}`);
    counts.push(body.posts.length);
  }
  console.log(
    `${label.padEnd(22)} queries ${queries.join(", ").padEnd(32)} ${spread(times, 95, 1)}  (posts per answer: ${Math.min(...counts)}–${Math.max(...counts)})`,
  );
};

const main = async () => {
  console.log(`seeding ${postCount} posts into ${options.state} …`);
  const seedMs = seedDatabase();
  console.log(`seeded in ${(seedMs / 1000).toFixed(1)} s; starting wrangler dev on ${base}`);
  const worker = startWorker();
  try {
    await waitUntilUp();
    const signup = await fetch(`${base}/api/auth/signup`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        email: `viewer-${Date.now()}@bench.invalid`,
        password: "bench password 123",
        nickname: "측정",
      }),
    });
    if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${await signup.text()}`);
    const { accessToken } = await signup.json();
    // Warm the isolate and SQLite's page cache so the figures are steady-state.
    for (const q of ["모집", "스터디원", "TypeScript"])
      await fetch(`${base}/api/search?q=${encodeURIComponent(q)}`);

    console.log(`${runs} requests each, GET /api/search?type=all&limit=20 as a signed-in viewer:`);
    await measure("Korean 2 characters", ["모집", "공부", "질문"], accessToken);
    await measure("Korean 3+ characters", ["스터디", "알고리즘", "데이터베이스"], accessToken);
    await measure("English", ["TypeScript", "react", "GraphQL"], accessToken);
  } finally {
    process.kill(-worker.pid, "SIGTERM");
  }
};

await main();
