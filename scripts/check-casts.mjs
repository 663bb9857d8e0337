#!/usr/bin/env node
// No casts that silence the types of request context or typed-client values (issue 10):
// - `as any` nowhere in src/;
// - no `c.var.… as` / `c.get(…) as` in the worker (requireAuth narrows `c.var.userId`; a route
//   that lost it must fail to compile — test/types/auth-narrowing.ts proves it does);
// - in the SPA, no `as SomeType` at all except `as const` and DOM element types (event targets).
//   The typed client (`call`) already returns each route's declared body type.
// One place may cast, where untyped JSON enters the typed client (src/web/api/client.ts): the
// lines marked `// json-boundary` (at the end, or alone on the line above).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const src = join(root, "src");

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });

const ANY = /\bas\s+any\b/;
const CONTEXT = /\bc\.(var\.\w+|get\([^)]*\))\s+as\s/;
const SPA_CAST = /\)?\s+as\s+(?!const\b|HTML\w*Element\b|Node\b)[A-Za-z_{[(]/;
const COMMENT = /^\s*(\/\/|\*|\/\*)/;

const problems = [];
for (const file of files(src)) {
  const path = relative(root, file);
  const lines = readFileSync(file, "utf8").split("\n");
  lines.forEach((line, index) => {
    if (COMMENT.test(line) || line.includes("// json-boundary")) return;
    if (lines[index - 1]?.trim() === "// json-boundary") return;
    const code = line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
    const where = `${path}:${index + 1}: ${line.trim()}`;
    if (ANY.test(code)) problems.push(`${where}  (as any)`);
    if (CONTEXT.test(code)) problems.push(`${where}  (cast on c.var)`);
    // i18n walks its own message tree by dotted key; no API value passes there.
    const spa = path.startsWith("src/web/") && !path.startsWith("src/web/i18n/");
    if (spa && !/^\s*(import|export)\b/.test(code) && SPA_CAST.test(code))
      problems.push(`${where}  (cast in the SPA)`);
  });
}

if (problems.length > 0) {
  console.error(`Casts that hide types (scripts/check-casts.mjs):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("casts: ok");
