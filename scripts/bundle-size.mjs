#!/usr/bin/env node
// `npm run size`: the JavaScript a first visit to the feed downloads, gzipped. The feed is in the
// entry chunk, so that is the entry script plus every chunk index.html preloads; other pages are
// chunks of their own, fetched on their first visit. Fails above the budget.
// `--no-build` measures dist/web as it is.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 40_000;
const dist = "dist/web";

if (!process.argv.includes("--no-build")) {
  const build = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const html = readFileSync(join(dist, "index.html"), "utf8");
const files = [
  ...html.matchAll(/<script type="module"[^>]*src="\/([^"]+)"/g),
  ...html.matchAll(/<link rel="modulepreload"[^>]*href="\/([^"]+)"/g),
].map((match) => match[1]);

const gzipped = (bytes) => gzipSync(bytes, { level: 9 }).byteLength;
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
let total = 0;
console.log("First load of the feed (gzip -9):");
for (const file of files) {
  const bytes = readFileSync(join(dist, file));
  const size = gzipped(bytes);
  total += size;
  console.log(`  ${file.padEnd(36)} ${kb(bytes.byteLength).padStart(9)} raw  ${kb(size).padStart(8)} gzip`);
}
console.log(`  JavaScript total: ${kb(total)} gzip (budget ${kb(BUDGET_BYTES)})`);
console.log(`  index.html with its inline CSS: ${kb(gzipped(Buffer.from(html)))} gzip`);
if (total > BUDGET_BYTES) {
  console.error(`Over budget by ${kb(total - BUDGET_BYTES)}.`);
  process.exit(1);
}
