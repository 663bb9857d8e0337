import { env } from "cloudflare:workers";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { VAPID_TOKEN_SECONDS, vapidAuthorizer } from "../../src/features/push/vapid";
import { readConfig } from "../../src/lib/config";
import { base64UrlDecode, base64UrlEncode } from "../../src/lib/ids";
import { verifyVapid } from "./fake-push-service";

const vapid = () => {
  const config = readConfig(env).vapid;
  if (!config) throw new Error("the test config sets VAPID keys");
  return config;
};

/** Only the public half: what a push service has to check the token with (RFC 8292 §3.2). */
const publicKey = () => {
  const point = base64UrlDecode(vapid().publicKey);
  return importJWK(
    {
      kty: "EC",
      crv: "P-256",
      x: base64UrlEncode(point.slice(1, 33)),
      y: base64UrlEncode(point.slice(33, 65)),
    },
    "ES256",
  );
};

const tokenOf = (authorization: string) => {
  const match = /^vapid t=([^,]+), k=([A-Za-z0-9_-]+)$/.exec(authorization);
  if (!match?.[1] || !match[2]) throw new Error(`not a vapid header: ${authorization}`);
  return { token: match[1], k: match[2] };
};

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

describe("vapidAuthorizer (RFC 8292)", () => {
  it("signs an ES256 JWT that verifies with the public key and carries aud, exp (12 h) and sub", async () => {
    const authorize = vapidAuthorizer(vapid(), () => NOW);
    const { token, k } = tokenOf(await authorize("https://fcm.googleapis.com/fcm/send/abc:def"));

    expect(k).toBe(vapid().publicKey);
    expect(decodeProtectedHeader(token)).toEqual({ typ: "JWT", alg: "ES256" });
    const { payload } = await jwtVerify(token, await publicKey(), {
      algorithms: ["ES256"],
      audience: "https://fcm.googleapis.com",
      currentDate: new Date(NOW),
    });
    expect(payload).toEqual({
      aud: "https://fcm.googleapis.com",
      iat: NOW / 1000,
      exp: NOW / 1000 + 12 * 60 * 60,
      sub: "mailto:push-test@orgo.dev",
    });
    expect(VAPID_TOKEN_SECONDS).toBeLessThanOrEqual(24 * 60 * 60);
  });

  it("is what the fake push service checks too (a WebCrypto verify independent of jose)", async () => {
    const authorize = vapidAuthorizer(vapid());
    const { claims } = await verifyVapid(
      await authorize("https://updates.push.services.mozilla.com/wpush/v2/xyz"),
      vapid().publicKey,
    );
    expect(claims.aud).toBe("https://updates.push.services.mozilla.com");
  });

  it("uses the push service's origin as aud, one token per origin within a send", async () => {
    const authorize = vapidAuthorizer(vapid(), () => NOW);
    const [a, b, apple] = await Promise.all([
      authorize("https://fcm.googleapis.com/fcm/send/one"),
      authorize("https://fcm.googleapis.com/fcm/send/two"),
      authorize("https://web.push.apple.com/QOp1"),
    ]);
    expect(a).toBe(b);
    const { payload } = await jwtVerify(tokenOf(apple).token, await publicKey(), {
      currentDate: new Date(NOW),
    });
    expect(payload.aud).toBe("https://web.push.apple.com");
  });

  it("is refused by a push service checking with another key", async () => {
    const other = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
    if (!("publicKey" in other)) throw new Error("no key pair");
    const authorize = vapidAuthorizer(vapid(), () => NOW);
    const { token } = tokenOf(await authorize("https://fcm.googleapis.com/fcm/send/one"));
    await expect(jwtVerify(token, other.publicKey, { currentDate: new Date(NOW) })).rejects.toThrow();
  });
});
