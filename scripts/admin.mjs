#!/usr/bin/env node
// Makes (or unmakes) an admin from the command line: the first admin cannot be made in the app.
// Usage: npm run admin -- grant <email> [--role admin|moderator] [--persist-to <dir>] [--remote]
//        npm run admin -- revoke <email> [--persist-to <dir>] [--remote]
// `--role moderator` makes a moderator instead (tests, or a deployment without an admin yet).
// Without --remote it changes the LOCAL D1 (the one `npm run dev` uses, or the --persist-to one).
// An admin's open sessions keep working; the new role applies to their next request.
import { execFileSync } from "node:child_process";

const args = process.argv.slice(2);
const flagValue = (flag) => {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
};
const persistTo = flagValue("--persist-to");
const persist = persistTo ? ["--persist-to", persistTo] : [];
const remote = args.includes("--remote");
const grantedRole = flagValue("--role") ?? "admin";
const positional = args.filter(
  (arg, index) => !arg.startsWith("--") && !["--persist-to", "--role"].includes(args[index - 1]),
);
const [command, email] = positional;

if (!["grant", "revoke"].includes(command) || !email || !["admin", "moderator"].includes(grantedRole)) {
  console.error(
    "Usage: npm run admin -- grant|revoke <email> [--role admin|moderator] [--persist-to <dir>] [--remote]",
  );
  process.exit(2);
}

const role = command === "grant" ? grantedRole : "member";
const quoted = `'${email.trim().replaceAll("'", "''")}'`;
const output = execFileSync(
  "npx",
  [
    "wrangler",
    "d1",
    "execute",
    "orgo",
    remote ? "--remote" : "--local",
    ...(remote ? [] : persist),
    "--json",
    "--command",
    `UPDATE users SET role = '${role}' WHERE lower(email) = lower(${quoted}) RETURNING id, email, role`,
  ],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
const rows = JSON.parse(output)[0]?.results ?? [];
if (rows.length === 0) {
  console.error(`No account with the email ${email}. Sign up first, then run this again.`);
  process.exit(1);
}
console.log(`${rows[0].email} is now ${rows[0].role}.`);
