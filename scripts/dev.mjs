#!/usr/bin/env node
// `npm run dev`: everything a newcomer needs, in order — a local secret, the SPA build, the local
// D1 migrations, demo data (once), then `wrangler dev` on http://127.0.0.1:8787.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!existsSync(".dev.vars")) {
  writeFileSync(
    ".dev.vars",
    `# Local secrets for wrangler dev (git-ignored). Add GITHUB_/GOOGLE_CLIENT_ID/SECRET to try social login.\nJWT_SECRET=${randomBytes(32).toString("hex")}\n`,
  );
  console.log("Created .dev.vars with a random JWT_SECRET.");
}

run("npx", ["vite", "build", "--logLevel", "warn"]);
run("npx", ["wrangler", "d1", "migrations", "apply", "orgo", "--local"]);
run("node", ["scripts/seed.mjs"]);

const port = process.env.PORT ?? "8787";
const dev = spawn("npx", ["wrangler", "dev", "--ip", "127.0.0.1", "--port", port], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
