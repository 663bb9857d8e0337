import { describe, expect, it } from "vitest";
import { encryptPushMessage, MAX_PLAINTEXT_BYTES, PushKeyError } from "../../src/features/push/encrypt";
import { base64UrlDecode, base64UrlEncode } from "../../src/lib/ids";
import { browserSubscription, decryptPush, PUSH_HOST } from "./fake-push-service";

const ECDH_P256 = { name: "ECDH", namedCurve: "P-256" } as const;
const bytes = (text: string) => new TextEncoder().encode(text);

/** RFC 8291 §5 / Appendix A: the worked example, every value as the RFC prints it (base64url). */
const RFC8291 = {
  plaintext: "When I grow up, I want to be a watermelon",
  asPublic: "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8",
  asPrivate: "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
  uaPublic: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
  uaPrivate: "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94",
  salt: "DGv6ra1nlYgDCS1FRnbzlw",
  authSecret: "BTBZMqHH6r4Tts7J_aSIgg",
  body: "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
};

/** A fixed P-256 ECDH private key from its public point and scalar, as the RFC gives them. */
const privateKey = (publicKey: string, d: string) => {
  const point = base64UrlDecode(publicKey);
  return crypto.subtle.importKey(
    "jwk",
    {
      kty: "EC",
      crv: "P-256",
      x: base64UrlEncode(point.slice(1, 33)),
      y: base64UrlEncode(point.slice(33, 65)),
      d,
    },
    ECDH_P256,
    false,
    ["deriveBits"],
  );
};

const rfcServerKeys = async (): Promise<CryptoKeyPair> => ({
  privateKey: await privateKey(RFC8291.asPublic, RFC8291.asPrivate),
  publicKey: await crypto.subtle.importKey("raw", base64UrlDecode(RFC8291.asPublic), ECDH_P256, true, []),
});

/** The RFC's user agent, in the shape the fake push service decrypts with. */
const rfcBrowser = async () => ({
  endpoint: `https://${PUSH_HOST}/fcm/send/rfc8291`,
  keys: { p256dh: RFC8291.uaPublic, auth: RFC8291.authSecret },
  privateKey: await privateKey(RFC8291.uaPublic, RFC8291.uaPrivate),
  publicKeyBytes: base64UrlDecode(RFC8291.uaPublic),
  authSecret: base64UrlDecode(RFC8291.authSecret),
});

const header = (body: Uint8Array) => ({
  salt: body.slice(0, 16),
  recordSize: new DataView(body.buffer, body.byteOffset + 16, 4).getUint32(0),
  keyIdLength: body[20],
  keyId: body.slice(21, 86),
});

describe("encryptPushMessage (RFC 8291, aes128gcm)", () => {
  it("reproduces the RFC 8291 §5 example byte for byte (its keys and salt, no padding)", async () => {
    const body = await encryptPushMessage(
      { p256dh: RFC8291.uaPublic, auth: RFC8291.authSecret },
      bytes(RFC8291.plaintext),
      { padTo: 0, fixed: { salt: base64UrlDecode(RFC8291.salt), serverKeys: await rfcServerKeys() } },
    );
    expect(base64UrlEncode(body)).toBe(RFC8291.body);
    // The test's own decryption agrees on the RFC's bytes, so both sides are held to the RFC.
    expect(await decryptPush(await rfcBrowser(), base64UrlDecode(RFC8291.body))).toBe(RFC8291.plaintext);
  });

  it("round-trips through a browser's decryption, padded to one full 4096-octet record", async () => {
    const browser = await browserSubscription();
    const message = JSON.stringify({ title: "알고리즘 스터디", body: "모임이 1시간 뒤에 시작합니다." });
    const body = await encryptPushMessage(browser.keys, bytes(message));

    expect(await decryptPush(browser, body)).toBe(message);
    expect(body.length).toBe(4096);
    const { recordSize, keyIdLength, keyId } = header(body);
    expect(recordSize).toBe(4096);
    expect(keyIdLength).toBe(65);
    expect(keyId[0]).toBe(0x04);
  });

  it("accepts keys with base64 padding, as the subscribe schema does", async () => {
    const browser = await browserSubscription();
    const padded = { p256dh: `${browser.keys.p256dh}=`, auth: `${browser.keys.auth}==` };
    expect(await decryptPush(browser, await encryptPushMessage(padded, bytes("패딩")))).toBe("패딩");
  });

  it("uses a fresh salt and a fresh application-server key for every message (RFC 8291 §3.1)", async () => {
    const browser = await browserSubscription();
    const [first, second] = await Promise.all([
      encryptPushMessage(browser.keys, bytes("같은 내용")),
      encryptPushMessage(browser.keys, bytes("같은 내용")),
    ]);
    expect(header(first).salt).not.toEqual(header(second).salt);
    expect(header(first).keyId).not.toEqual(header(second).keyId);
    expect(await decryptPush(browser, first)).toBe("같은 내용");
    expect(await decryptPush(browser, second)).toBe("같은 내용");
  });

  it("takes up to 3993 octets of plaintext, the most one 4096-octet record holds, and refuses more", async () => {
    const browser = await browserSubscription();
    const largest = "가".repeat(1331); // 3 octets each: 3993
    expect(bytes(largest).length).toBe(MAX_PLAINTEXT_BYTES);
    expect(await decryptPush(browser, await encryptPushMessage(browser.keys, bytes(largest)))).toBe(largest);
    await expect(encryptPushMessage(browser.keys, bytes(`${largest}!`))).rejects.toThrow(
      "push message is 3994 octets; one record holds 3993",
    );
  });

  it("refuses unusable subscription keys with a PushKeyError that says which key and why", async () => {
    const { keys } = await browserSubscription();
    const notOnCurve = base64UrlEncode(Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : 0)));
    const compressed = base64UrlEncode(Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 2 : 1)));
    const cases: [{ p256dh: string; auth: string }, string][] = [
      [{ ...keys, p256dh: "not base64url!" }, "subscription p256dh is not base64url"],
      [{ ...keys, auth: "a+b/" }, "subscription auth is not base64url"],
      [
        { ...keys, p256dh: keys.p256dh.slice(0, 43) },
        "subscription p256dh is not an uncompressed P-256 point",
      ],
      [{ ...keys, p256dh: compressed }, "subscription p256dh is not an uncompressed P-256 point"],
      [{ ...keys, p256dh: notOnCurve }, "subscription p256dh is not a point on P-256"],
      [{ ...keys, auth: base64UrlEncode(new Uint8Array(15)) }, "subscription auth secret is not 16 octets"],
      [{ ...keys, auth: "" }, "subscription auth secret is not 16 octets"],
    ];
    for (const [bad, message] of cases) {
      const attempt = encryptPushMessage(bad, bytes("x"));
      await expect(attempt).rejects.toThrow(PushKeyError);
      await expect(attempt).rejects.toThrow(message);
    }
  });
});
