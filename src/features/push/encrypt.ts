import { concatBytes } from "../../lib/bytes";
import { base64UrlDecode } from "../../lib/ids";

/** The keys a browser's `PushSubscription.toJSON()` gives, base64url. */
export interface PushSubscriptionKeys {
  p256dh: string;
  auth: string;
}

/** A subscription whose keys cannot be used: that one device is skipped, the others still get it. */
export class PushKeyError extends Error {
  override name = "PushKeyError";
}

// RFC 8291 §4: a push service need not accept more than 4096 octets of body (RFC 8030 §7.2), so the
// whole message is one record of at most that size.
const RECORD_SIZE = 4096;
const SALT_BYTES = 16;
// RFC 8291 §4: the key id is the sender's uncompressed P-256 point.
const POINT_BYTES = 65;
const HEADER_BYTES = SALT_BYTES + 4 + 1 + POINT_BYTES;
const TAG_BYTES = 16;
/** RFC 8291 §4: 4096 − 86 (header) − 16 (AES-GCM tag) − 1 (padding delimiter) = 3993 octets. */
export const MAX_PLAINTEXT_BYTES = RECORD_SIZE - HEADER_BYTES - TAG_BYTES - 1;

const ECDH_P256 = { name: "ECDH", namedCurve: "P-256" } as const;
const text = (value: string) => new TextEncoder().encode(value);

const decodeKey = (value: string, what: string) => {
  try {
    return base64UrlDecode(value);
  } catch {
    throw new PushKeyError(`subscription ${what} is not base64url`);
  }
};

/** RFC 8291 §3.1/§3.2: the user agent's ECDH share and its 16-octet authentication secret. */
const readSubscriptionKeys = async (keys: PushSubscriptionKeys) => {
  const uaPublic = decodeKey(keys.p256dh, "p256dh");
  const authSecret = decodeKey(keys.auth, "auth");
  if (uaPublic.length !== POINT_BYTES || uaPublic[0] !== 0x04)
    throw new PushKeyError("subscription p256dh is not an uncompressed P-256 point (65 octets, 0x04 first)");
  if (authSecret.length !== 16) throw new PushKeyError("subscription auth secret is not 16 octets");
  try {
    return {
      uaPublic,
      authSecret,
      uaKey: await crypto.subtle.importKey("raw", uaPublic, ECDH_P256, false, []),
    };
  } catch {
    throw new PushKeyError("subscription p256dh is not a point on P-256");
  }
};

/** Throws `PushKeyError` when a message could never be encrypted for these keys (checked at subscribe). */
export const checkSubscriptionKeys = async (keys: PushSubscriptionKeys): Promise<void> => {
  await readSubscriptionKeys(keys);
};

/** HKDF-SHA-256 (RFC 5869), as RFC 8291 §3.3 and RFC 8188 §2.2–2.3 use it. */
const hkdf = async (
  salt: Uint8Array<ArrayBuffer>,
  ikm: Uint8Array<ArrayBuffer>,
  info: Uint8Array,
  bytes: number,
) => {
  const key = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt, info: concatBytes(info) },
    key,
    bytes * 8,
  );
  return new Uint8Array(bits);
};

export interface EncryptOptions {
  /**
   * The plaintext is padded to this many octets. Padding every notice to the most one record holds
   * keeps its length (which study, which headline) from the push service (padding: RFC 8188 §2).
   */
  padTo?: number;
  /**
   * Only for RFC 8291 Appendix A's fixed example: a given salt and application-server key pair. Real
   * sends must leave both out: RFC 8291 §3.1 wants a fresh ECDH pair per message, and RFC 8188 §2.1
   * a salt never used twice with the same keying material.
   */
  fixed?: { salt: Uint8Array<ArrayBuffer>; serverKeys: CryptoKeyPair };
}

/**
 * Encrypts one push message for one subscription as RFC 8291 §3–4 says: the `aes128gcm` content
 * coding of RFC 8188 with a single record, keyed by ECDH between a one-time application-server key
 * pair and the subscription's `p256dh`, mixed with its `auth` secret. The result is the whole
 * request body (header, then the record). Throws `PushKeyError` for unusable subscription keys.
 */
export const encryptPushMessage = async (
  keys: PushSubscriptionKeys,
  plaintext: Uint8Array,
  { padTo = MAX_PLAINTEXT_BYTES, fixed }: EncryptOptions = {},
): Promise<Uint8Array<ArrayBuffer>> => {
  if (plaintext.length > MAX_PLAINTEXT_BYTES)
    throw new RangeError(
      `push message is ${plaintext.length} octets; one record holds ${MAX_PLAINTEXT_BYTES}`,
    );
  const { uaPublic, authSecret, uaKey } = await readSubscriptionKeys(keys);
  const salt = fixed?.salt ?? crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const serverKeys = fixed?.serverKeys ?? (await crypto.subtle.generateKey(ECDH_P256, false, ["deriveBits"]));
  if (!("privateKey" in serverKeys)) throw new Error("ECDH key generation gave no key pair");
  const exported = await crypto.subtle.exportKey("raw", serverKeys.publicKey);
  if (!(exported instanceof ArrayBuffer)) throw new Error("a raw export gave no bytes");
  const asPublic = new Uint8Array(exported);

  // WebCrypto names the peer key `public`; workers-types spells that member `$public`, so the
  // algorithm is built as a variable (no excess-property check) rather than an inline literal.
  const ecdh = { name: "ECDH", public: uaKey };
  const ecdhSecret = new Uint8Array(await crypto.subtle.deriveBits(ecdh, serverKeys.privateKey, 256));
  // RFC 8291 §3.3: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32).
  const ikm = await hkdf(
    authSecret,
    ecdhSecret,
    concatBytes(text("WebPush: info\0"), uaPublic, asPublic),
    32,
  );
  // RFC 8188 §2.2–2.3: the content-encryption key and the nonce (one record, so sequence number 0).
  const cek = await hkdf(salt, ikm, text("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await hkdf(salt, ikm, text("Content-Encoding: nonce\0"), 12);

  // RFC 8188 §2: the last (here the only) record ends its data with 0x02, then zero padding.
  const record = new Uint8Array(Math.min(MAX_PLAINTEXT_BYTES, Math.max(padTo, plaintext.length)) + 1);
  record.set(plaintext);
  record[plaintext.length] = 0x02;
  const key = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["encrypt"]);
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv: nonce }, key, record));

  // RFC 8188 §2.1 header: salt(16) || rs(uint32, big-endian) || idlen(1) || keyid (RFC 8291 §4: as_public).
  const header = new Uint8Array(HEADER_BYTES);
  header.set(salt);
  new DataView(header.buffer).setUint32(SALT_BYTES, RECORD_SIZE);
  header[SALT_BYTES + 4] = asPublic.length;
  header.set(asPublic, SALT_BYTES + 5);
  return concatBytes(header, ciphertext);
};
