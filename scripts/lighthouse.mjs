#!/usr/bin/env node
// `npm run lighthouse [-- --runs 3] [-- --details] [-- --save DIR]`: Lighthouse (mobile, its default simulated
// throttling) on the feed, a post, the studies list and the messages page, against a fresh local
// `wrangler dev` with the demo data, in Debian's Chromium (no browser download). Prints the four
// category scores per page and run; `--details` adds every failing audit; `--save DIR` writes each
// report as DIR/<page>-<run>.json (open it in the Lighthouse viewer or read its audits). Not part of `npm test`
// (a run takes minutes). Port: LIGHTHOUSE_PORT (default 8790; the inspector uses the next one).
// Lighthouse simulates a slow phone by multiplying the main-thread time it observes, so a busy
// machine (other processes on the same cores) lowers the performance score; each line says the
// machine's benchmarkIndex and load so figures can be compared. The browser's language is Korean
// (LIGHTHOUSE_LOCALE=en-US measures an English visitor).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";
import { applyMigrations, startWranglerDev } from "../bench/lib.mjs";
import { DEMO_EMAIL, DEMO_PASSWORD } from "./demo-account.mjs";

const args = process.argv.slice(2);
const runsIndex = args.indexOf("--runs");
const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 1;
const details = args.includes("--details");
const saveIndex = args.indexOf("--save");
const saveDir = saveIndex >= 0 ? args[saveIndex + 1] : undefined;
const port = Number(process.env.LIGHTHOUSE_PORT ?? 8790);
const base = `http://127.0.0.1:${port}`;
const stateDir = ".wrangler/state-lighthouse";
const quiet = { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false" };
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

const run = (command, commandArgs) => {
  const result = spawnSync(command, commandArgs, { stdio: ["ignore", "ignore", "inherit"], env: quiet });
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(" ")} failed`);
};

console.log("Building the app and a fresh local database with the demo data…");
run("npx", ["vite", "build", "--logLevel", "warn"]);
rmSync(stateDir, { recursive: true, force: true });
applyMigrations({ cwd: process.cwd(), state: stateDir, env: quiet });
run("node", ["scripts/seed.mjs", "--persist-to", stateDir]);

const worker = startWranglerDev({
  cwd: process.cwd(),
  port,
  inspectorPort: port + 1,
  state: stateDir,
  env: quiet,
  vars: [`JWT_SECRET:${randomBytes(32).toString("hex")}`, `APP_ORIGIN:${base}`],
});
const profile = mkdtempSync(join(tmpdir(), "orgo-lighthouse-"));
let browser;
const stop = async () => {
  await browser?.close().catch(() => undefined);
  await worker.stop();
  rmSync(profile, { recursive: true, force: true });
};

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => void stop().finally(() => process.exit(130)));
}

try {
  await worker.waitUntilUp("/", { timeoutMs: 90_000, ok: (response) => response.ok });

  // One Chromium profile for everything: Lighthouse opens its tabs in it and keeps cookies between
  // runs (it clears caches and service workers, not cookies), so the messages page is signed in.
  const debugPort = port + 2;
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    // The app's default language, as most visitors get it (navigator.language decides; English is a
    // chunk of its own, so an English first load has one more request in its chain).
    locale: process.env.LIGHTHOUSE_LOCALE ?? "ko-KR",
    headless: true,
    args: ["--no-sandbox", `--remote-debugging-port=${debugPort}`],
  });
  // A fresh browser's first page pays for starting its renderer and compiling; that is not the app's.
  const warmUp = await browser.newPage();
  await warmUp.goto(`${base}/`);
  await warmUp.close();
  const posts = await (await browser.request.get(`${base}/api/posts`)).json();
  const postId = posts.items.find((post) => post.images.length > 0)?.id ?? posts.items[0].id;

  const pages = [
    { name: "feed", path: "/" },
    { name: "post", path: `/posts/${postId}` },
    { name: "studies", path: "/studies" },
    { name: "messages", path: "/messages", signedIn: true },
  ];
  const rows = [];
  for (let round = 1; round <= runs; round++) {
    for (const page of pages) {
      await browser.clearCookies();
      if (page.signedIn) {
        const login = await browser.request.post(`${base}/api/auth/login`, {
          data: { email: DEMO_EMAIL, password: DEMO_PASSWORD },
        });
        if (!login.ok()) throw new Error(`demo login failed: ${login.status()}`);
      }
      const result = await lighthouse(`${base}${page.path}`, {
        port: debugPort,
        logLevel: "error",
        output: "json",
        onlyCategories: CATEGORIES,
      });
      const { lhr } = result;
      if (saveDir) {
        mkdirSync(saveDir, { recursive: true });
        writeFileSync(join(saveDir, `${page.name}-${round}.json`), JSON.stringify(lhr));
      }
      const scores = CATEGORIES.map((id) => Math.round((lhr.categories[id].score ?? 0) * 100));
      const cls = lhr.audits["cumulative-layout-shift"].numericValue;
      rows.push({ round, page: page.name, scores, cls });
      console.log(
        `run ${round}  ${page.name.padEnd(9)} ${page.signedIn ? "(signed in) " : "(signed out)"}  ` +
          `performance ${scores[0]}  accessibility ${scores[1]}  best-practices ${scores[2]}  SEO ${scores[3]}` +
          `  (CLS ${cls.toFixed(3)}, LCP ${Math.round(lhr.audits["largest-contentful-paint"].numericValue)} ms,` +
          ` TBT ${Math.round(lhr.audits["total-blocking-time"].numericValue)} ms;` +
          ` machine: benchmarkIndex ${Math.round(lhr.environment.benchmarkIndex)}, load ${loadavg()[0].toFixed(1)})`,
      );
      if (details) {
        for (const id of CATEGORIES) {
          for (const ref of lhr.categories[id].auditRefs) {
            const audit = lhr.audits[ref.id];
            if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
              console.log(`      ${id}: ${audit.id} (${audit.score}) ${audit.displayValue ?? ""}`);
            }
          }
        }
      }
    }
  }
  if (runs > 1) {
    console.log("\nMedian over the runs:");
    for (const page of pages) {
      const mine = rows.filter((row) => row.page === page.name);
      const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const scores = CATEGORIES.map((_, index) => median(mine.map((row) => row.scores[index])));
      console.log(
        `  ${page.name.padEnd(9)} performance ${scores[0]}  accessibility ${scores[1]}  best-practices ${scores[2]}  SEO ${scores[3]}`,
      );
    }
  }
} finally {
  await stop();
}
