import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { resetPassword } from "../../src/auth/password-reset";
import { createDb } from "../../src/db/client";
import { observedEffects } from "../effects";
import { call, errorCode, json, signUp, uniqueEmail } from "../helpers";
import { callSettled, outbox, tokenFromMail } from "../mail/support";
import { openInbox } from "../realtime/support";

const forgot = (email: string, ip = "198.51.100.7") =>
  callSettled("POST", "/api/auth/password/forgot", { body: { email }, headers: { "CF-Connecting-IP": ip } });

const login = (email: string, password: string) =>
  call("POST", "/api/auth/login", { body: { email, password } });

describe("POST /api/auth/password/forgot", () => {
  it("answers 204 with no body whether or not an account has the address; only an account gets mail", async () => {
    const user = await signUp(undefined, { send: callSettled });
    const unknown = uniqueEmail("nobody");
    const known = await forgot(user.email.toUpperCase());
    const missing = await forgot(unknown);
    expect([known.status, missing.status]).toEqual([204, 204]);
    expect([await known.text(), await missing.text()]).toEqual(["", ""]);
    expect(await outbox(unknown)).toEqual([]);
    const [mail] = await outbox(user.email);
    expect(mail?.subject).toBe("OrGo 비밀번호 재설정");
    expect(mail?.links[0]).toMatch(/\/reset-password\?token=/);
  });

  it("sends an address at most 5 reset mails an hour (429 after, for any address alike)", async () => {
    const user = await signUp(undefined, { send: callSettled });
    for (let n = 0; n < 5; n++) expect((await forgot(user.email)).status).toBe(204);
    expect((await forgot(user.email)).status).toBe(429);
    const unknown = uniqueEmail("nobody");
    for (let n = 0; n < 5; n++) expect((await forgot(unknown)).status).toBe(204);
    expect((await forgot(unknown)).status).toBe(429);
  });

  it("refuses a body without an email (422)", async () => {
    const response = await call("POST", "/api/auth/password/forgot", { body: {} });
    expect(response.status).toBe(422);
  });
});

describe("POST /api/auth/password/reset", () => {
  it("sets the password, verifies the address, ends every session and closes its sockets", async () => {
    const user = await signUp(undefined, { send: callSettled });
    const inbox = await openInbox(user);
    await inbox.nextOf("ready");
    await forgot(user.email);
    const token = await tokenFromMail(user.email, "/reset-password");
    const reset = await call("POST", "/api/auth/password/reset", {
      body: { token, newPassword: "a brand new password" },
    });
    expect(reset.status).toBe(204);
    await expect.poll(() => inbox.closed?.code, { timeout: 2000 }).toBe(4401);
    expect((await call("POST", "/api/auth/refresh", { cookie: user.cookie })).status).toBe(401);
    // The old access token can read for its last minutes, but write nothing.
    expect((await call("PATCH", "/api/users/me", { token: user.token, body: { bio: "x" } })).status).toBe(
      401,
    );
    expect((await login(user.email, user.password)).status).toBe(401);
    const fresh = await login(user.email, "a brand new password");
    expect(fresh.status).toBe(200);
    expect((await json<{ user: { emailVerified: boolean } }>(fresh)).user.emailVerified).toBe(true);
  });

  it("is single-use and refuses expired, foreign and verification tokens with 400 invalid_token", async () => {
    const user = await signUp(undefined, { send: callSettled });
    await forgot(user.email);
    const token = await tokenFromMail(user.email, "/reset-password");
    const body = (value: string) => ({ body: { token: value, newPassword: "another good password" } });

    const { effects } = observedEffects();
    await expect(
      resetPassword(
        createDb(env.DB),
        { token, newPassword: "expired password" },
        effects,
        Date.now() + 61 * 60 * 1000,
      ),
    ).rejects.toMatchObject({ status: 400, code: "invalid_token" });
    const verifyToken = await tokenFromMail(user.email, "/verify-email");
    for (const wrong of [verifyToken, "y".repeat(43)]) {
      const response = await call("POST", "/api/auth/password/reset", body(wrong));
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe("invalid_token");
    }
    const short = await call("POST", "/api/auth/password/reset", { body: { token, newPassword: "short" } });
    expect(short.status).toBe(422);
    // None of that changed anything: the old password still works, the token still does once.
    expect((await login(user.email, user.password)).status).toBe(200);
    expect((await call("POST", "/api/auth/password/reset", body(token))).status).toBe(204);
    const reused = await call("POST", "/api/auth/password/reset", body(token));
    expect(reused.status).toBe(400);
    expect(await errorCode(reused)).toBe("invalid_token");
    expect((await login(user.email, "another good password")).status).toBe(200);
  });

  it("an older reset link dies when a newer one is used", async () => {
    const user = await signUp(undefined, { send: callSettled });
    await forgot(user.email);
    const older = await tokenFromMail(user.email, "/reset-password");
    await forgot(user.email);
    const newer = await tokenFromMail(user.email, "/reset-password");
    expect(newer).not.toBe(older);
    const ok = await call("POST", "/api/auth/password/reset", {
      body: { token: newer, newPassword: "password one!" },
    });
    expect(ok.status).toBe(204);
    const stale = await call("POST", "/api/auth/password/reset", {
      body: { token: older, newPassword: "password two!" },
    });
    expect(await errorCode(stale)).toBe("invalid_token");
  });
});
