#!/usr/bin/env node
// Prints a fresh VAPID key pair (RFC 8292) in the form the worker reads:
//   VAPID_PUBLIC_KEY  = the 65-byte uncompressed P-256 point, base64url
//   VAPID_PRIVATE_KEY = the 32-byte private scalar d, base64url
// Production: npx wrangler secret put VAPID_PRIVATE_KEY (and the public key and subject), see
// docs/api/study-sessions.md. `npm run dev` and the browser tests call `vapidKeys()` themselves.
import { webcrypto } from "node:crypto";
import { fileURLToPath } from "node:url";

export const vapidKeys = async () => {
  const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
  const publicKey = Buffer.from(await webcrypto.subtle.exportKey("raw", pair.publicKey)).toString(
    "base64url",
  );
  const { d } = await webcrypto.subtle.exportKey("jwk", pair.privateKey);
  return { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: d };
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, value] of Object.entries(await vapidKeys())) console.log(`${name}=${value}`);
}
