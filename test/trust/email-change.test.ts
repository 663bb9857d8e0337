import { describe, expect, it } from "vitest";
import { call, errorCode, json, signUp, uniqueEmail } from "../helpers";
import { callSettled, outbox, tokenFromMail, verifyAddress } from "../mail/support";
import { githubAccount, sessionAfter, socialLogin, useFakeProviders } from "../oauth/fake-providers";
import { ageProviderSignIn } from "./support";

const providers = useFakeProviders();

const change = (token: string, body: Record<string, unknown>) =>
  callSettled("POST", "/api/users/me/email", { token, body });

describe("POST /api/users/me/email", () => {
  it("mails a confirmation to the new address and a notice to the old; the change happens on the link", async () => {
    const user = await signUp(undefined, { send: callSettled });
    const newEmail = uniqueEmail("moved");
    const response = await change(user.token, { newEmail, password: user.password });
    expect(response.status).toBe(202);
    const [confirmation] = await outbox(newEmail);
    expect(confirmation?.subject).toBe("OrGo 새 이메일 주소를 확인해 주세요");
    const [notice] = await outbox(user.email);
    expect(notice?.subject).toBe("OrGo 이메일 변경 요청 알림");
    expect(notice?.links).toEqual([]);
    expect(await json(await call("GET", "/api/users/me", { token: user.token }))).toMatchObject({
      email: user.email,
    });

    const me = await verifyAddress(newEmail);
    expect(me).toMatchObject({ email: newEmail, emailVerified: true });
    const login = (email: string) =>
      call("POST", "/api/auth/login", { body: { email, password: user.password } });
    expect((await login(newEmail)).status).toBe(200);
    expect((await login(user.email)).status).toBe(401);
  });

  it("needs re-authentication: no password 403 reauth_required, a wrong one 403 wrong_password", async () => {
    const user = await signUp();
    const newEmail = uniqueEmail();
    const missing = await change(user.token, { newEmail });
    expect(missing.status).toBe(403);
    expect(await errorCode(missing)).toBe("reauth_required");
    const wrong = await change(user.token, { newEmail, password: "not my password" });
    expect(wrong.status).toBe(403);
    expect(await errorCode(wrong)).toBe("wrong_password");
    expect(await outbox(newEmail)).toEqual([]);
  });

  it("refuses a taken address (409), the same address and a malformed one (422), and anonymous callers (401)", async () => {
    const user = await signUp();
    const other = await signUp();
    const taken = await change(user.token, { newEmail: other.email.toUpperCase(), password: user.password });
    expect(taken.status).toBe(409);
    expect(await errorCode(taken)).toBe("email_taken");
    const same = await change(user.token, { newEmail: user.email, password: user.password });
    expect(same.status).toBe(422);
    const malformed = await change(user.token, { newEmail: "nope", password: user.password });
    expect(malformed.status).toBe(422);
    const anonymous = await call("POST", "/api/users/me/email", {
      body: { newEmail: uniqueEmail(), password: "x" },
    });
    expect(anonymous.status).toBe(401);
  });

  it("answers 409 at the link when someone took the new address meanwhile, and changes nothing", async () => {
    const user = await signUp(undefined, { send: callSettled });
    const newEmail = uniqueEmail("race");
    await change(user.token, { newEmail, password: user.password });
    const token = await tokenFromMail(newEmail, "/verify-email");
    await signUp("먼저", { email: newEmail });
    const response = await call("POST", "/api/auth/email/verify", { body: { token } });
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe("email_taken");
    expect(await json(await call("GET", "/api/users/me", { token: user.token }))).toMatchObject({
      email: user.email,
    });
  });

  it("lets a social-only account change within 10 minutes of a provider sign-in, not after", async () => {
    const account = githubAccount();
    const { token, me } = await sessionAfter(await socialLogin(providers.fake, account));
    expect((await change(token, { newEmail: uniqueEmail() })).status).toBe(202);
    await ageProviderSignIn(me.id, 11);
    const stale = await change(token, { newEmail: uniqueEmail() });
    expect(stale.status).toBe(403);
    expect(await errorCode(stale)).toBe("reauth_required");
  });
});
