#!/usr/bin/env node
// `npm run dev`: everything a newcomer needs, in order — a local secret, the SPA build, the local
// D1 migrations, demo data (once), then `wrangler dev` on http://127.0.0.1:8787 (PORT and
// INSPECTOR_PORT change its ports). It never asks
// anything (a real terminal included): wrangler's prompts get their default answer, and the last
// lines it prints are the app's URL and the demo login.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { DEMO_EMAIL, DEMO_PASSWORD } from "./demo-account.mjs";
import { vapidKeys } from "./vapid-keys.mjs";

// CI=1 is how wrangler's `confirm()` ("About to apply N migration(s)… (Y/n)") takes its default
// without a prompt; no input is read from the terminal at all.
const quiet = { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false" };

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: ["ignore", "inherit", "inherit"], env: quiet });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!existsSync(".dev.vars")) {
  writeFileSync(
    ".dev.vars",
    `# Local secrets for wrangler dev (git-ignored). Add GITHUB_/GOOGLE_CLIENT_ID/SECRET to try social login.\nJWT_SECRET=${randomBytes(32).toString("hex")}\n`,
  );
  console.log("Created .dev.vars with a random JWT_SECRET.");
}
// Web Push needs an application server key pair; older .dev.vars files get one added once.
if (!readFileSync(".dev.vars", "utf8").includes("VAPID_PRIVATE_KEY=")) {
  const keys = await vapidKeys();
  appendFileSync(
    ".dev.vars",
    Object.entries(keys)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(""),
  );
  console.log("Added a VAPID key pair for Web Push to .dev.vars.");
}

run("npx", ["vite", "build", "--logLevel", "warn"]);
run("npx", ["wrangler", "d1", "migrations", "apply", "orgo", "--local"]);
run("node", ["scripts/seed.mjs"]);

const port = process.env.PORT ?? "8787";
const url = `http://127.0.0.1:${port}`;
const inspector = process.env.INSPECTOR_PORT ? ["--inspector-port", process.env.INSPECTOR_PORT] : [];
const dev = spawn(
  "npx",
  [
    "wrangler",
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    port,
    ...inspector,
    "--show-interactive-dev-session=false",
    // Mails are kept in the local D1 and shown at /dev/mail instead of sent (never in wrangler.toml).
    "--var",
    "MAIL_OUTBOX:dev",
  ],
  { stdio: ["ignore", "pipe", "pipe"], env: quiet },
);

// wrangler's banner scrolls the seed's "Demo login" away: say it again once the app answers.
let announced = false;
const forward = (target) => (chunk) => {
  target.write(chunk);
  if (!announced && /Ready on http/.test(chunk.toString())) {
    announced = true;
    console.log(`\n  OrGo is running at ${url}\n  Demo login: ${DEMO_EMAIL} / ${DEMO_PASSWORD}\n`);
  }
};
dev.stdout.on("data", forward(process.stdout));
dev.stderr.on("data", forward(process.stderr));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
