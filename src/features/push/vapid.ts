import { importJWK, SignJWT } from "jose";
import type { VapidConfig } from "../../lib/config";
import { base64UrlDecode, base64UrlEncode } from "../../lib/ids";

/** RFC 8292 §2: `exp` at most 24 hours ahead; 12 leaves room for a push service's clock. */
export const VAPID_TOKEN_SECONDS = 12 * 60 * 60;

/**
 * The VAPID private key as a JWK: config keeps the public point (65 octets, uncompressed) and the
 * scalar `d` apart, the way `scripts/vapid-keys.mjs` prints them and browsers want the public key.
 */
const signingKey = (vapid: VapidConfig) => {
  const point = base64UrlDecode(vapid.publicKey);
  if (point.length !== 65 || point[0] !== 0x04)
    throw new Error("VAPID_PUBLIC_KEY is not an uncompressed P-256 point");
  return importJWK(
    {
      kty: "EC",
      crv: "P-256",
      x: base64UrlEncode(point.slice(1, 33)),
      y: base64UrlEncode(point.slice(33, 65)),
      d: vapid.privateKey,
    },
    "ES256",
  );
};

/**
 * Makes `Authorization` values for one send (RFC 8292 §3: `vapid t=<JWT>, k=<public key>`). The key
 * is imported once, and one token per push service origin serves every device there: `aud` is the
 * origin of the push resource (RFC 8292 §2), not the device's endpoint.
 */
export const vapidAuthorizer = (vapid: VapidConfig, now: () => number = Date.now) => {
  let key: ReturnType<typeof signingKey> | undefined;
  const tokens = new Map<string, Promise<string>>();
  const sign = async (audience: string) => {
    key ??= signingKey(vapid);
    const issuedAt = Math.floor(now() / 1000);
    // RFC 8292 §2: ES256 only; `sub` is the contact a push service operator can reach (§2.1).
    return new SignJWT({})
      .setProtectedHeader({ typ: "JWT", alg: "ES256" })
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + VAPID_TOKEN_SECONDS)
      .setSubject(vapid.subject)
      .sign(await key);
  };
  return (endpoint: string): Promise<string> => {
    const audience = new URL(endpoint).origin;
    let token = tokens.get(audience);
    if (!token) {
      token = sign(audience);
      tokens.set(audience, token);
    }
    // RFC 8292 §3.2: `k` is the uncompressed public key, base64url, as the browser subscribed with it.
    return token.then((jwt) => `vapid t=${jwt}, k=${vapid.publicKey}`);
  };
};
