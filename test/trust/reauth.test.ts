import { describe, expect, it } from "vitest";
import { call, errorCode, signUp } from "../helpers";
import { githubAccount, sessionAfter, socialLogin, useFakeProviders } from "../oauth/fake-providers";
import { ageProviderSignIn } from "./support";

const providers = useFakeProviders();

describe("re-authentication for sensitive actions", () => {
  it("a password account changes its password or deletes itself only with the password", async () => {
    const user = await signUp();
    const noPassword = await call("POST", "/api/users/me/password", {
      token: user.token,
      body: { newPassword: "a brand new password" },
    });
    expect(noPassword.status).toBe(403);
    expect(await errorCode(noPassword)).toBe("reauth_required");
    const typed = await call("DELETE", "/api/users/me", { token: user.token, body: { confirm: "DELETE" } });
    expect(typed.status).toBe(403);
    expect(await errorCode(typed)).toBe("reauth_required");
    const wrong = await call("DELETE", "/api/users/me", {
      token: user.token,
      body: { password: "nope nope" },
    });
    expect(await errorCode(wrong)).toBe("wrong_password");
    expect((await call("GET", "/api/users/me", { token: user.token })).status).toBe(200);
  });

  it("a social-only account sets a first password or deletes itself only within 10 minutes of a provider sign-in", async () => {
    const account = githubAccount();
    const first = await sessionAfter(await socialLogin(providers.fake, account));
    await ageProviderSignIn(first.me.id, 11);
    const stalePassword = await call("POST", "/api/users/me/password", {
      token: first.token,
      body: { newPassword: "my first password" },
    });
    expect(stalePassword.status).toBe(403);
    expect(await errorCode(stalePassword)).toBe("reauth_required");
    const staleDelete = await call("DELETE", "/api/users/me", {
      token: first.token,
      body: { confirm: "DELETE" },
    });
    expect(await errorCode(staleDelete)).toBe("reauth_required");
    const staleEndAll = await call("DELETE", "/api/users/me/sessions", { token: first.token });
    expect(await errorCode(staleEndAll)).toBe("reauth_required");

    // Signing in with the provider again is the re-authentication.
    const again = await sessionAfter(await socialLogin(providers.fake, account));
    expect(again.me.id).toBe(first.me.id);
    const fresh = await call("POST", "/api/users/me/password", {
      token: again.token,
      body: { newPassword: "my first password" },
    });
    expect(fresh.status).toBe(204);
    // From now on the password is the proof.
    const viaConfirm = await call("DELETE", "/api/users/me", {
      token: again.token,
      body: { confirm: "DELETE" },
    });
    expect(await errorCode(viaConfirm)).toBe("reauth_required");
    const deleted = await call("DELETE", "/api/users/me", {
      token: again.token,
      body: { password: "my first password" },
    });
    expect(deleted.status).toBe(204);
  });

  it("a social-only account deletes itself with DELETE right after a provider sign-in", async () => {
    const { token } = await sessionAfter(await socialLogin(providers.fake, githubAccount()));
    expect((await call("DELETE", "/api/users/me", { token, body: { confirm: "DELETE" } })).status).toBe(204);
  });
});
