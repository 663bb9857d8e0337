#!/usr/bin/env node
// The import rules of src/ (README "Where things live"), checked on every `npm run lint`:
// - a feature (src/features/<area>/) imports another feature's files only through src/shared/,
//   or by one of the intentional exceptions below;
// - src/realtime/ (the Durable Objects) and src/shared/ import no feature;
// - src/shared/ imports nothing but src/shared/ and the db schema;
// - the SPA (src/web/) takes only types from the worker, values only from src/shared/ and the
//   frame protocol.
// Workers tests cannot read the file system, so this is a plain node script.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const src = join(root, "src");

/** `from → to` (paths under src/), each with the reason it is allowed. Keep it short. */
export const EXCEPTIONS = [
  // Every feature records its notifications inside its own D1 batch, and pushes them after it.
  ["features/*", "features/notifications/record.ts", "notifications are written in the writer's batch"],
  ["features/*", "features/notifications/mentions.ts", "mentions are written in the writer's batch"],
  // Routers that mount another area's domain functions under their own path (API.md's URL layout).
  ["features/posts/routes.ts", "features/comments/*", "/api/posts/:id/comments"],
  ["features/users/routes.ts", "features/posts/feeds.ts", "/api/users/:id/posts"],
  // The account's deletion reads its chat rooms first; upload routes share one file check.
  ["features/account/service.ts", "features/chat/purge.ts", "the account's rooms, read before deletion"],
  ["features/account/*", "features/images/storage.ts", "avatars are stored like any upload"],
  // Search answers with other areas' shapes; the study list filters text the way search does.
  ["features/search/service.ts", "features/posts/summary.ts", "post hits are PostSummaries"],
  ["features/search/*", "features/studies/*", "study hits are Studies, with today's status"],
  ["features/studies/list.ts", "features/search/terms.ts", "the list's `q` matches like search"],
  // Moderation (issue 13) hides comments by the comments' own count rule and answers with Profiles.
  ["features/moderation/*", "features/comments/count.ts", "a hidden comment leaves commentCount"],
  ["features/moderation/*", "features/users/profile.ts", "suspension and role routes answer a Profile"],
];

const matches = (pattern, path) =>
  pattern.endsWith("/*") ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
const allowed = (from, to) => EXCEPTIONS.some(([f, t]) => matches(f, from) && matches(t, to));

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^;]*?from\s+"(\.[^"]+)"/gms;

const resolveImport = (file, spec) => {
  const base = resolve(dirname(file), spec);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, "index.ts"), base]) {
    try {
      if (statSync(candidate).isFile()) return relative(src, candidate);
    } catch {}
  }
  return relative(src, base);
};

const areaOf = (path) => path.match(/^features\/([^/]+)\//)?.[1] ?? null;
const violations = [];
const usedExceptions = new Set();

for (const file of files(src)) {
  const from = relative(src, file);
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(IMPORT)) {
    const typeOnly = Boolean(match[2]);
    const to = resolveImport(file, match[3]);
    const fail = (why) => {
      if (allowed(from, to)) {
        usedExceptions.add(EXCEPTIONS.findIndex(([f, t]) => matches(f, from) && matches(t, to)));
        return;
      }
      violations.push(`${from} → ${to}: ${why}`);
    };
    const fromArea = areaOf(from);
    const toArea = areaOf(to);
    if (fromArea && toArea && fromArea !== toArea) fail("a feature imports another feature's file");
    if (from.startsWith("realtime/") && toArea) fail("realtime/ imports a feature");
    if (from.startsWith("shared/") && !to.startsWith("shared/") && to !== "db/schema.ts")
      fail("shared/ imports outside shared/ (and the db schema)");
    if (from.startsWith("web/") && !to.startsWith("web/") && !typeOnly) {
      if (!to.startsWith("shared/") && to !== "realtime/protocol.ts")
        fail("the SPA takes only types from the worker (values from shared/ and realtime/protocol.ts)");
    }
  }
}

const unused = EXCEPTIONS.filter((_, index) => !usedExceptions.has(index));
for (const [f, t] of unused) violations.push(`exception ${f} → ${t} is no longer needed: remove it`);

if (violations.length > 0) {
  console.error(`Import rules (scripts/check-imports.mjs):\n  ${violations.join("\n  ")}`);
  process.exit(1);
}
console.log("import rules: ok");
