// Search latency at 10,000 and at 100,000 posts, for the three kinds of word people type: a
// 2-character Korean word (the gram index), a 3+-character word (the trigram index) and a code
// term with punctuation inside. Each query word occurs in the same 200 posts whatever the table
// size, so a search whose cost grows with its hits, not with the table, answers as fast at 100,000
// as at 10,000: the suite prints p50 at both sizes and their ratio per kind (target ≤ 1.5×).
//
// compare.mjs's OrGo keeps serving the other suites, so this suite runs two workers of its own, one
// over 10,000 posts on BENCH_PORT_BASE+4 (inspector +5) and one over 100,000 on +6 (inspector +7),
// each over a state directory it seeds with generated SQL through `wrangler d1 execute --file` (the
// triggers index every row as for the API's posts). Both serve at once and are measured in
// alternating blocks, as the request suites do, so a drift of the machine hits both sizes alike
// instead of landing in their ratio.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, orgoClient, percentile, startWranglerDev } from "../lib.mjs";

export const name = "search";
export const description = "search p50 at 10,000 and 100,000 posts: Korean 2-char, 3+-char, code term";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const portBase = Number(process.env.BENCH_PORT_BASE ?? 8900) + 4;
const SIZES = [10_000, 100_000];
const stateOf = (size) => join(root, ".wrangler", `bench-search-${size}`);
const HITS = 200;
/** Queries per word kind and table size, in blocks of `BLOCK` alternating between the two sizes. */
const RUNS = Number(process.env.SEARCH_RUNS ?? 60);
const BLOCK = 10;

const kinds = [
  { kind: "Korean 2-char", words: ["정리", "배포", "리뷰"] },
  { kind: "3+ characters", words: ["알고리즘", "스터디원", "typescript"] },
  { kind: "code term", words: ["std::vector", "sess.opts", "async/await"] },
];
const queryWords = kinds.flatMap((kind) => kind.words);

// Filler text: Hangul syllables none of the query words hold, so they occur only where placed.
const banned = new Set([...queryWords.join("")]);
const syllables = [];
for (let code = 0xac00; syllables.length < 400; code += 7) {
  const syllable = String.fromCharCode(code);
  if (!banned.has(syllable)) syllables.push(syllable);
}
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const word = () =>
  Array.from(
    { length: 2 + Math.floor(random() * 3) },
    () => syllables[Math.floor(random() * syllables.length)],
  ).join("");
const words = (n) => Array.from({ length: n }, word).join(" ");
const quote = (text) => `'${text.replaceAll("'", "''")}'`;

const npx = (args) => {
  const result = spawnSync("npx", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0)
    throw new Error(`npx ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
};

/** Posts `from`..`to`-1 of a table of `size` in `state`; each query word lands in every (size/HITS)-th post. */
const seedPosts = (state, from, to, size) => {
  const lines = [];
  if (from === 0) {
    const authors = Array.from(
      { length: 5 },
      (_, i) =>
        `(${quote(`searchbench${i}`)}, ${quote(`searchbench${i}@bench.invalid`)}, ${quote(`작성자${i}`)}, ${quote(`searchbench${i}`)}, ${quote(words(4))}, 0, 0)`,
    );
    lines.push(
      `INSERT INTO users (id, email, nickname, handle, bio, created_at, updated_at) VALUES ${authors.join(", ")};`,
    );
  }
  const every = size / HITS;
  const start = Date.UTC(2026, 0, 1);
  for (let offset = from; offset < to; offset += 50) {
    const rows = [];
    for (let i = offset; i < Math.min(offset + 50, to); i++) {
      const placed = queryWords.filter((_, k) => i % every === k);
      const body = `${words(6)} ${placed.join(" ")} ${words(6)}`;
      rows.push(
        `(${quote(`sb${i}`)}, ${quote(`searchbench${i % 5}`)}, ${quote(words(3))}, ${quote(body)}, ${start + i * 60_000}, ${start + i * 60_000})`,
      );
    }
    lines.push(
      `INSERT INTO posts (id, author_id, title, body, created_at, updated_at) VALUES ${rows.join(", ")};`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "orgo-search-"));
  const file = join(dir, "seed.sql");
  writeFileSync(file, lines.join("\n"));
  npx(["wrangler", "d1", "execute", "orgo", "--local", "--persist-to", state, "--file", file]);
  rmSync(dir, { recursive: true, force: true });
};

const startWorker = (state, port) =>
  startWranglerDev({
    cwd: root,
    port,
    inspectorPort: port + 1,
    state,
    logFile: join(state, "wrangler.log"),
    logLevel: "warn",
    vars: [
      "JWT_SECRET:bench-secret-that-is-long-enough-0123456789",
      `APP_ORIGIN:http://127.0.0.1:${port}`,
      "RATE_LIMIT_SIGNUP_IP:100000/3600",
    ],
  });

/** A signed-in client of a worker that answers, warmed with every query word. */
const clientOf = async (worker) => {
  await worker.waitUntilUp("/api/search?q=warm", { ok: (response) => response.ok });
  const orgo = orgoClient(worker.base);
  const viewer = await orgo.signUp("검색벤치");
  const search = async (q) => {
    const began = performance.now();
    const result = await orgo.api("GET", `/api/search?q=${encodeURIComponent(q)}&type=all&limit=20`, {
      token: viewer.token,
    });
    if (result.posts.length !== 20) throw new Error(`${q}: ${result.posts.length} posts, expected 20`);
    return performance.now() - began;
  };
  for (const q of queryWords) await search(q);
  return search;
};

export async function run(ctx) {
  // The first 10,000 posts hold every hit (each query word in 200 of them); the rest of the larger
  // table is filler, so both tables have the same hits.
  const [small] = SIZES;
  for (const size of SIZES) {
    const state = stateOf(size);
    rmSync(state, { recursive: true, force: true });
    applyMigrations({ cwd: root, state });
    const began = performance.now();
    seedPosts(state, 0, small, small);
    if (size > small) seedPosts(state, small, size, Number.POSITIVE_INFINITY);
    ctx.log(`search: ${size} posts seeded (${((performance.now() - began) / 1000).toFixed(1)} s)`);
  }
  const workers = SIZES.map((size, index) => startWorker(stateOf(size), portBase + 2 * index));
  try {
    const searches = await Promise.all(workers.map(clientOf));
    for (const { kind, words: queries } of kinds) {
      const times = SIZES.map(() => []);
      for (let done = 0; done < RUNS; done += BLOCK) {
        for (const [index, search] of searches.entries()) {
          for (let i = done; i < Math.min(done + BLOCK, RUNS); i++)
            times[index].push(await search(queries[i % queries.length]));
        }
      }
      const [atSmall, atLarge] = times.map((list) => percentile(list, 50));
      ctx.report({
        figure: `${kind} p50, 10k posts`,
        unit: "ms",
        orgo: atSmall,
        bare: null,
        lowerIsBetter: true,
      });
      ctx.report({
        figure: `${kind} p50, 100k posts`,
        unit: "ms",
        orgo: atLarge,
        bare: null,
        lowerIsBetter: true,
      });
      // The ratio column reads 100k/10k here: OrGo at 100,000 against OrGo at 10,000.
      ctx.report({
        figure: `${kind} p50 100k ÷ 10k`,
        unit: "ms",
        orgo: atLarge,
        bare: atSmall,
        lowerIsBetter: true,
      });
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}
