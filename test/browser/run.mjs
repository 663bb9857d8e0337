#!/usr/bin/env node
// `npm run test:browser`: builds the SPA, starts `wrangler dev` on a FRESH local D1 state, runs the
// journeys in real Chromium (playwright-core + Debian's /usr/bin/chromium), then stops wrangler.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { vapidKeys } from "../../scripts/vapid-keys.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const stateDir = ".wrangler/state-browser-test";
const port = process.env.BROWSER_TEST_PORT ?? "8799";
const baseUrl = `http://127.0.0.1:${port}`;
const started = Date.now();
const log = (message) => console.log(`[browser ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(" ")} failed (${result.status})`);
    process.exit(result.status ?? 1);
  }
};

log("building the SPA");
run("npx", ["vite", "build", "--logLevel", "warn"]);

log("fresh local D1");
rmSync(join(root, stateDir), { recursive: true, force: true });
run("npx", ["wrangler", "d1", "migrations", "apply", "orgo", "--local", "--persist-to", stateDir]);

const limit = "100000/60";
const vars = {
  JWT_SECRET: randomBytes(32).toString("hex"),
  APP_ORIGIN: baseUrl,
  // Mails are kept in D1; the journeys read them at /dev/mail.
  MAIL_OUTBOX: "dev",
  RATE_LIMIT_SIGNUP_IP: limit,
  RATE_LIMIT_LOGIN_EMAIL: limit,
  RATE_LIMIT_LOGIN_IP: limit,
  RATE_LIMIT_WRITES_USER: limit,
  RATE_LIMIT_UPLOADS_USER: limit,
  // GitHub "configured" (never contacted) so the sign-up page shows its button and Google's stays hidden.
  GITHUB_CLIENT_ID: "browser-test-client",
  GITHUB_CLIENT_SECRET: "browser-test-secret",
  ...(await vapidKeys()),
  VAPID_SUBJECT: "mailto:push-test@orgo.dev",
};
const wranglerArgs = ["wrangler", "dev", "--port", port, "--ip", "127.0.0.1", "--persist-to", stateDir];
for (const [name, value] of Object.entries(vars)) wranglerArgs.push("--var", `${name}:${value}`);

log(`starting wrangler dev on ${baseUrl}`);
// Its own process group, so the whole tree (npx → wrangler → workerd) can be stopped at once.
const wrangler = spawn("npx", wranglerArgs, {
  cwd: root,
  detached: true,
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" },
});
let wranglerOutput = "";
const keep = (chunk) => {
  wranglerOutput = (wranglerOutput + chunk.toString()).slice(-20_000);
  if (process.env.BROWSER_TEST_VERBOSE) process.stderr.write(chunk);
};
wrangler.stdout.on("data", keep);
wrangler.stderr.on("data", keep);

let stopped = false;
const stopWrangler = () => {
  if (stopped) return;
  stopped = true;
  try {
    process.kill(-wrangler.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
};
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopWrangler();
    process.exit(130);
  });
}
process.on("exit", stopWrangler);

const waitForWorker = async () => {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (wrangler.exitCode !== null) break;
    try {
      const response = await fetch(`${baseUrl}/api/auth/providers`);
      const page = await fetch(`${baseUrl}/`);
      if (response.status < 500 && page.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
};

if (!(await waitForWorker())) {
  console.error(`wrangler dev did not answer on ${baseUrl}. Its output:\n${wranglerOutput}`);
  stopWrangler();
  process.exit(1);
}
log("worker is up; running journeys");

const journeyDir = join(root, "test", "browser", "journeys");
const only = process.argv.slice(2);
const files = readdirSync(journeyDir)
  .filter((name) => name.endsWith(".test.mjs"))
  .filter((name) => only.length === 0 || only.some((part) => name.includes(part)))
  .sort()
  .map((name) => relative(root, join(journeyDir, name)));

const status = await new Promise((resolve) => {
  const tests = spawn(process.execPath, ["--test", "--test-reporter=spec", ...files], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ORGO_BASE_URL: baseUrl },
  });
  tests.on("exit", (code) => resolve(code ?? 1));
});

if (status !== 0 && process.env.BROWSER_TEST_SHOW_WORKER !== "0") {
  console.error(`\n--- last wrangler output ---\n${wranglerOutput.slice(-6000)}`);
}
stopWrangler();
log(`done (exit ${status})`);
process.exit(status);
