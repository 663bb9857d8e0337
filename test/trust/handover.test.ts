import { describe, expect, it } from "vitest";
import { call, errorCode, json, signUp } from "../helpers";
import { callSettled, verifyAddress } from "../mail/support";
import {
  githubAccount,
  googleAccount,
  sessionAfter,
  socialLogin,
  useFakeProviders,
} from "../oauth/fake-providers";
import { openInbox } from "../realtime/support";

const providers = useFakeProviders();

describe("an unverified account and the address's real owner", () => {
  it("is handed to the provider-verified owner: password gone, every session ended, sockets closed", async () => {
    const attacker = await signUp("가로채기", { send: callSettled });
    const inbox = await openInbox(attacker);
    await inbox.nextOf("ready");

    const owner = googleAccount({ email: attacker.email });
    const { token, me } = await sessionAfter(await socialLogin(providers.fake, owner));
    expect(me.id).toBe(attacker.id);
    expect(me.providers).toEqual(["google"]);
    expect(await json(await call("GET", "/api/users/me", { token }))).toMatchObject({ emailVerified: true });

    await expect.poll(() => inbox.closed?.code, { timeout: 2000 }).toBe(4401);
    expect((await call("POST", "/api/auth/refresh", { cookie: attacker.cookie })).status).toBe(401);
    const login = await call("POST", "/api/auth/login", {
      body: { email: attacker.email, password: attacker.password },
    });
    expect(login.status).toBe(401);
    expect(await errorCode(login)).toBe("invalid_credentials");
    // The owner's session works; the attacker's old access token writes nothing.
    expect((await call("PATCH", "/api/users/me", { token, body: { bio: "내 계정" } })).status).toBe(200);
    expect((await call("PATCH", "/api/users/me", { token: attacker.token, body: { bio: "x" } })).status).toBe(
      401,
    );
  });

  it("a verified account is linked, keeping its password and sessions", async () => {
    const user = await signUp("검증됨", { send: callSettled });
    await verifyAddress(user.email);
    const { me } = await sessionAfter(
      await socialLogin(
        providers.fake,
        githubAccount({ emails: [{ email: user.email, primary: true, verified: true }] }),
      ),
    );
    expect(me.id).toBe(user.id);
    expect(me.providers).toEqual(["password", "github"]);
    expect((await call("POST", "/api/auth/refresh", { cookie: user.cookie })).status).toBe(200);
  });

  it("a new social account starts verified", async () => {
    const { token } = await sessionAfter(await socialLogin(providers.fake, googleAccount()));
    expect(await json(await call("GET", "/api/users/me", { token }))).toMatchObject({ emailVerified: true });
  });
});
