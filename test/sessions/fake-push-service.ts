import { vi } from "vitest";
import { concatBytes } from "../../src/lib/bytes";

/**
 * A browser's push subscription and the push service behind it, as the worker sees them: the
 * subscription's keys are made here like a browser makes them (a P-256 ECDH pair and a 16-byte
 * auth secret), and the push service's endpoint is answered by replacing global fetch for its host
 * only (the one outbound boundary). Every delivery is decrypted with the subscription's private
 * key exactly as RFC 8291 says a user agent does, so a test sees the plaintext the browser would.
 */

export const PUSH_HOST = "fcm.googleapis.com";

const b64url = (bytes: ArrayBuffer | Uint8Array) => {
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
};
export const fromB64url = (text: string) =>
  Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (ch) => ch.charCodeAt(0));

const hmac = async (key: Uint8Array, data: Uint8Array) => {
  const imported = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", imported, data));
};
const text = (value: string) => new TextEncoder().encode(value);

export interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  privateKey: CryptoKey;
  publicKeyBytes: Uint8Array;
  authSecret: Uint8Array;
}

export const browserSubscription = async (): Promise<BrowserSubscription> => {
  const pair = (await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, [
    "deriveBits",
  ])) as CryptoKeyPair;
  const publicKeyBytes = new Uint8Array(
    (await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer,
  );
  const authSecret = crypto.getRandomValues(new Uint8Array(16));
  return {
    endpoint: `https://${PUSH_HOST}/fcm/send/${crypto.randomUUID()}`,
    keys: { p256dh: b64url(publicKeyBytes), auth: b64url(authSecret) },
    privateKey: pair.privateKey,
    publicKeyBytes,
    authSecret,
  };
};

/** RFC 8291 §3.4 and RFC 8188 §2, from the receiving side. */
export const decryptPush = async (subscription: BrowserSubscription, body: Uint8Array): Promise<string> => {
  const salt = body.slice(0, 16);
  const recordSize = new DataView(body.buffer, body.byteOffset + 16, 4).getUint32(0);
  const keyIdLength = body[20] ?? 0;
  const serverPublicBytes = body.slice(21, 21 + keyIdLength);
  const ciphertext = body.slice(21 + keyIdLength);
  if (ciphertext.length > recordSize) throw new Error("more than one record");
  const serverPublic = await crypto.subtle.importKey(
    "raw",
    serverPublicBytes,
    { name: "ECDH", namedCurve: "P-256" },
    false,
    [],
  );
  // WebCrypto's member is `public`; workers-types spells it `$public`, so no object literal here.
  const ecdh = { name: "ECDH", public: serverPublic };
  const ecdhSecret = new Uint8Array(await crypto.subtle.deriveBits(ecdh, subscription.privateKey, 256));
  const prkKey = await hmac(subscription.authSecret, ecdhSecret);
  const keyInfo = concatBytes(text("WebPush: info\0"), subscription.publicKeyBytes, serverPublicBytes);
  const ikm = (await hmac(prkKey, concatBytes(keyInfo, new Uint8Array([1])))).slice(0, 32);
  const prk = await hmac(salt, ikm);
  const cek = (
    await hmac(prk, concatBytes(text("Content-Encoding: aes128gcm\0"), new Uint8Array([1])))
  ).slice(0, 16);
  const nonce = (await hmac(prk, concatBytes(text("Content-Encoding: nonce\0"), new Uint8Array([1])))).slice(
    0,
    12,
  );
  const key = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["decrypt"]);
  const padded = new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce }, key, ciphertext));
  // The plaintext ends at the last record's delimiter 0x02; zeroes after it are padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error("no last-record delimiter");
  return new TextDecoder().decode(padded.slice(0, end));
};

export interface Delivery {
  endpoint: string;
  headers: Headers;
  body: Uint8Array;
}

/**
 * Answers POSTs to the push host with `status(endpoint)` (201 by default) and records them; every
 * other URL goes to the real fetch. Call `restore()` (or vi.restoreAllMocks) afterwards.
 */
export const fakePushService = (status: (endpoint: string) => number = () => 201) => {
  const deliveries: Delivery[] = [];
  const realFetch = globalThis.fetch;
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).hostname !== PUSH_HOST) return realFetch(input, init);
    deliveries.push({
      endpoint: request.url,
      headers: request.headers,
      body: new Uint8Array(await request.arrayBuffer()),
    });
    return new Response(null, { status: status(request.url) });
  });
  return { deliveries, restore: () => spy.mockRestore() };
};

/** Checks a VAPID `Authorization` header (RFC 8292 §2–3) and returns the JWT's claims. */
export const verifyVapid = async (header: string, expectedPublicKey: string) => {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(header);
  if (!match?.[1] || !match[2]) throw new Error(`not a vapid header: ${header}`);
  const [token, k] = [match[1], match[2]];
  if (k !== expectedPublicKey) throw new Error("k is not the server's public key");
  const [head = "", claims = "", signature = ""] = token.split(".");
  const publicBytes = fromB64url(k);
  const key = await crypto.subtle.importKey(
    "jwk",
    { kty: "EC", crv: "P-256", x: b64url(publicBytes.slice(1, 33)), y: b64url(publicBytes.slice(33, 65)) },
    { name: "ECDSA", namedCurve: "P-256" },
    false,
    ["verify"],
  );
  const valid = await crypto.subtle.verify(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    fromB64url(signature),
    text(`${head}.${claims}`),
  );
  if (!valid) throw new Error("VAPID signature does not verify");
  return {
    header: JSON.parse(new TextDecoder().decode(fromB64url(head))) as { alg: string },
    claims: JSON.parse(new TextDecoder().decode(fromB64url(claims))) as {
      aud: string;
      exp: number;
      sub: string;
    },
  };
};
