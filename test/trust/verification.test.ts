import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { verifyEmail } from "../../src/auth/email-verification";
import { createDb } from "../../src/db/client";
import { sha256Hex } from "../../src/lib/ids";
import { BASE, call, errorCode, json, signUp, uniqueEmail } from "../helpers";
import { callSettled, outbox, tokenFromMail } from "../mail/support";

const HOUR = 60 * 60 * 1000;

describe("sign-up verification", () => {
  it("mails a verification link (the user's language) and Me says unverified", async () => {
    const user = await signUp(undefined, { send: callSettled });
    const [mail, ...others] = await outbox(user.email);
    expect(others).toEqual([]);
    expect(mail?.subject).toBe("OrGo 이메일 주소를 확인해 주세요");
    expect(mail?.links[0]).toMatch(new RegExp(`^${BASE}/verify-email\\?token=[A-Za-z0-9_-]{43}$`));
    const me = await json(await call("GET", "/api/users/me", { token: user.token }));
    expect(me).toMatchObject({ emailVerified: false });

    const english = await signUp("en", { headers: { "Accept-Language": "en-US" }, send: callSettled });
    expect((await outbox(english.email))[0]?.subject).toBe("Confirm your OrGo email address");
  });

  it("verifies with the token once; a second use is 400 invalid_token", async () => {
    const user = await signUp(undefined, { send: callSettled });
    const token = await tokenFromMail(user.email, "/verify-email");
    const first = await call("POST", "/api/auth/email/verify", { body: { token } });
    expect(first.status).toBe(200);
    expect(await json(first)).toMatchObject({ id: user.id, email: user.email, emailVerified: true });
    const again = await call("POST", "/api/auth/email/verify", { body: { token } });
    expect(again.status).toBe(400);
    expect(await errorCode(again)).toBe("invalid_token");
    const me = await json(await call("GET", "/api/users/me", { token: user.token }));
    expect(me).toMatchObject({ emailVerified: true });
  });

  it("refuses an expired, a foreign, a malformed and a reset token", async () => {
    const user = await signUp(undefined, { send: callSettled });
    const token = await tokenFromMail(user.email, "/verify-email");
    await expect(
      verifyEmail(createDb(env.DB), { token }, Date.now() + 24 * HOUR + 1000),
    ).rejects.toMatchObject({
      status: 400,
      code: "invalid_token",
    });
    for (const foreign of ["x".repeat(43), "not a token"]) {
      const response = await call("POST", "/api/auth/email/verify", { body: { token: foreign } });
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe("invalid_token");
    }
    await callSettled("POST", "/api/auth/password/forgot", { body: { email: user.email } });
    const resetToken = await tokenFromMail(user.email, "/reset-password");
    const wrongKind = await call("POST", "/api/auth/email/verify", { body: { token: resetToken } });
    expect(await errorCode(wrongKind)).toBe("invalid_token");
    const empty = await call("POST", "/api/auth/email/verify", { body: {} });
    expect(empty.status).toBe(422);
    // Still unverified, and the real token (within its day) still works.
    expect((await call("POST", "/api/auth/email/verify", { body: { token } })).status).toBe(200);
  });

  it("stores only the token's hash", async () => {
    const user = await signUp(undefined, { send: callSettled });
    const token = await tokenFromMail(user.email, "/verify-email");
    const rows = await env.DB.prepare("SELECT token_hash FROM account_tokens WHERE user_id = ?")
      .bind(user.id)
      .all<{ token_hash: string }>();
    expect(rows.results.map((row) => row.token_hash)).toEqual([await sha256Hex(token)]);
  });
});

describe("POST /api/auth/email/resend", () => {
  it("sends a new link at most 5 times an hour; nothing for a verified address; 401 anonymous", async () => {
    const user = await signUp(undefined, { send: callSettled });
    for (let n = 0; n < 5; n++) {
      expect((await callSettled("POST", "/api/auth/email/resend", { token: user.token })).status).toBe(204);
    }
    expect(await outbox(user.email)).toHaveLength(6);
    const sixth = await call("POST", "/api/auth/email/resend", { token: user.token });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect((await call("POST", "/api/auth/email/resend")).status).toBe(401);

    const verified = await signUp(undefined, { send: callSettled });
    await call("POST", "/api/auth/email/verify", {
      body: { token: await tokenFromMail(verified.email, "/verify-email") },
    });
    expect((await callSettled("POST", "/api/auth/email/resend", { token: verified.token })).status).toBe(204);
    expect(await outbox(verified.email)).toHaveLength(1);
  });

  it("makes the older links of the same address still single-use: opening one ends the others", async () => {
    const user = await signUp(undefined, { send: callSettled });
    const first = await tokenFromMail(user.email, "/verify-email");
    await callSettled("POST", "/api/auth/email/resend", { token: user.token });
    const second = await tokenFromMail(user.email, "/verify-email");
    expect(second).not.toBe(first);
    expect((await call("POST", "/api/auth/email/verify", { body: { token: second } })).status).toBe(200);
    expect(await errorCode(await call("POST", "/api/auth/email/verify", { body: { token: first } }))).toBe(
      "invalid_token",
    );
  });
});

describe("a stranger's address", () => {
  it("signing up with it mails the address's owner, who can ignore it", async () => {
    const email = uniqueEmail("owner");
    await signUp("attacker", { email, send: callSettled });
    expect((await outbox(email))[0]?.text).toContain("직접 가입하지 않았다면");
  });
});

describe("the hourly clean-up", () => {
  it("removes expired mailed tokens and keeps live ones", async () => {
    const { runScheduledCleanup } = await import("../../src/jobs/cleanup");
    const user = await signUp(undefined, { send: callSettled });
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO account_tokens (token_hash, user_id, purpose, email, expires_at) VALUES (?, ?, 'reset_password', ?, ?)",
    )
      .bind(`expired-${now}`, user.id, user.email, now - 1)
      .run();
    await runScheduledCleanup(createDb(env.DB), env.IMAGES, now);
    const left = await env.DB.prepare("SELECT token_hash FROM account_tokens WHERE user_id = ?")
      .bind(user.id)
      .all<{ token_hash: string }>();
    expect(left.results).toHaveLength(1);
    expect(left.results[0]?.token_hash).not.toBe(`expired-${now}`);
  });
});
