import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { BASE, call, signUp, uniqueEmail } from "../helpers";
import { callSettled, verifyAddress } from "../mail/support";
import {
  beginLogin,
  countOAuthAccounts,
  countUsersWithEmail,
  githubAccount,
  googleAccount,
  primaryEmail,
  STATE_COOKIE,
  sessionAfter,
  socialLogin,
  useFakeProviders,
} from "./fake-providers";

const providers = useFakeProviders();

describe("GET /api/auth/providers", () => {
  it("lists the configured providers", async () => {
    const response = await call("GET", "/api/auth/providers");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ providers: ["github", "google"] });
  });
});

describe("starting a social login", () => {
  it("sends GitHub's consent screen the scopes, our callback and a state kept in a scoped cookie", async () => {
    const { location, response } = await beginLogin("github", "/studies");
    expect(`${location.origin}${location.pathname}`).toBe("https://github.com/login/oauth/authorize");
    expect(location.searchParams.get("scope")).toBe("read:user user:email");
    expect(location.searchParams.get("redirect_uri")).toBe(`${BASE}/api/auth/oauth/github/callback`);
    const state = location.searchParams.get("state") ?? "";
    expect(state.length).toBeGreaterThanOrEqual(32);
    const setCookie =
      response.headers.getAll("Set-Cookie").find((c) => c.startsWith(`${STATE_COOKIE}=`)) ?? "";
    expect(setCookie).toMatch(/Max-Age=600/);
    expect(setCookie).toMatch(/Path=\/api\/auth\/oauth\/github\/callback/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    // Starting talks to nobody; only the callback calls the provider.
    expect(providers.fake.requests).toEqual([]);
  });

  it("uses OIDC with PKCE for Google", async () => {
    const { location } = await beginLogin("google");
    expect(`${location.origin}${location.pathname}`).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    expect(location.searchParams.get("scope")).toBe("openid email profile");
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    expect(location.searchParams.get("code_challenge")).toBeTruthy();
    expect(location.searchParams.get("redirect_uri")).toBe(`${BASE}/api/auth/oauth/google/callback`);
  });
});

describe("GitHub login", () => {
  it("creates an account from the verified primary email even when the public email is hidden", async () => {
    const account = githubAccount({
      // 29 characters, then an emoji (two UTF-16 units) that would pass the 30-character limit.
      name: `${"깃".repeat(29)}😀 and more`,
      emails: [
        { email: uniqueEmail("secondary"), primary: false, verified: true },
        { email: uniqueEmail("primary"), primary: true, verified: true },
      ],
    });
    const response = await socialLogin(providers.fake, account);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${BASE}/`);
    expect(providers.fake.requests).toEqual(
      expect.arrayContaining([
        "https://github.com/login/oauth/access_token",
        "https://api.github.com/user",
        "https://api.github.com/user/emails",
      ]),
    );

    const { me } = await sessionAfter(response);
    expect(me.email).toBe(primaryEmail(account));
    expect(me.providers).toEqual(["github"]);
    expect(me.nickname).toBe("깃".repeat(29));
    expect(await countOAuthAccounts("github", account.id)).toBe(1);
  });

  it("copies the avatar into our storage after the login", async () => {
    const response = await socialLogin(providers.fake, githubAccount({ name: null, login: "avatar-owner" }));
    const { token, me } = await sessionAfter(response);
    expect(me.nickname).toBe("avatar-owner");
    const avatarUrl = await vi.waitFor(
      async () => {
        const current = (await (await call("GET", "/api/users/me", { token })).json()) as {
          avatarUrl: string;
        };
        expect(current.avatarUrl).toMatch(/^\/images\/img\//);
        return current.avatarUrl;
      },
      { timeout: 5000 },
    );
    const stored = await env.IMAGES.get(avatarUrl.replace(/^\/images\//, ""));
    expect(stored?.httpMetadata?.contentType).toBe("image/png");
    await stored?.arrayBuffer();
  });

  it("finds the same user on the next login", async () => {
    const account = githubAccount();
    const first = await sessionAfter(await socialLogin(providers.fake, account));
    // The primary email may change on GitHub; the link is by GitHub's user id.
    account.emails = [{ email: uniqueEmail("changed"), primary: true, verified: true }];
    const second = await sessionAfter(await socialLogin(providers.fake, account));
    expect(second.me.id).toBe(first.me.id);
    expect(await countOAuthAccounts("github", account.id)).toBe(1);
  });

  it("ends two simultaneous first logins of one GitHub account on one user", async () => {
    const account = githubAccount();
    const [first, second] = await Promise.all([
      socialLogin(providers.fake, account),
      socialLogin(providers.fake, account),
    ]);
    expect([first?.status, second?.status]).toEqual([302, 302]);
    const [a, b] = await Promise.all([sessionAfter(first as Response), sessionAfter(second as Response)]);
    expect(a.me.id).toBe(b.me.id);
    expect(await countUsersWithEmail(primaryEmail(account))).toBe(1);
  });

  it("links to an existing password account by a verified email, ignoring case", async () => {
    const user = await signUp("기존회원", { send: callSettled });
    await verifyAddress(user.email);
    const account = githubAccount({
      emails: [{ email: user.email.toUpperCase(), primary: true, verified: true }],
    });
    const { me } = await sessionAfter(await socialLogin(providers.fake, account));
    expect(me.id).toBe(user.id);
    expect(me.email).toBe(user.email);
    expect(me.nickname).toBe("기존회원");
    expect(me.providers).toEqual(["password", "github"]);
    expect(await countUsersWithEmail(user.email)).toBe(1);
    const login = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password },
    });
    expect(login.status).toBe(200);
  });

  it("refuses an account whose primary email GitHub has not verified, creating nothing", async () => {
    const unverified = uniqueEmail("unverified");
    const account = githubAccount({
      emails: [
        { email: unverified, primary: true, verified: false },
        { email: uniqueEmail("other"), primary: false, verified: false },
      ],
    });
    const response = await socialLogin(providers.fake, account);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${BASE}/login?error=email_unverified`);
    expect(response.headers.get("Set-Cookie") ?? "").not.toMatch(/orgo_refresh=[^;]/);
    expect(await countUsersWithEmail(unverified)).toBe(0);
    expect(await countOAuthAccounts("github", account.id)).toBe(0);
  });

  it("never links to an existing account through an unverified email", async () => {
    const victim = await signUp("피해자");
    const account = githubAccount({ emails: [{ email: victim.email, primary: true, verified: false }] });
    const response = await socialLogin(providers.fake, account);
    expect(response.headers.get("Location")).toBe(`${BASE}/login?error=email_unverified`);
    expect(await countOAuthAccounts("github", account.id)).toBe(0);
    const me = (await (await call("GET", "/api/users/me", { token: victim.token })).json()) as {
      providers: string[];
    };
    expect(me.providers).toEqual(["password"]);
  });
});

describe("Google login", () => {
  it("creates an account from a verified ID token and returns to the page the user came from", async () => {
    const account = googleAccount();
    const response = await socialLogin(providers.fake, account, "/posts/abc?tab=comments#c1");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${BASE}/posts/abc?tab=comments#c1`);
    expect(providers.fake.requests[0]).toBe("https://oauth2.googleapis.com/token");
    const { me } = await sessionAfter(response);
    expect(me).toMatchObject({ email: account.email, nickname: "김구글", providers: ["google"] });
    expect(await countOAuthAccounts("google", account.sub)).toBe(1);
  });

  it("finds the same user again, and a failing avatar download does not matter", async () => {
    providers.fake.faults.avatarStatus = 404;
    const account = googleAccount();
    const first = await sessionAfter(await socialLogin(providers.fake, account));
    const second = await sessionAfter(await socialLogin(providers.fake, account));
    expect(second.me.id).toBe(first.me.id);
    expect(second.me.avatarUrl).toBeNull();
  });

  it("does not link or create by an email Google has not verified", async () => {
    const existing = await signUp("구글피해자");
    const onExisting = googleAccount({ email: existing.email, emailVerified: false });
    const response = await socialLogin(providers.fake, onExisting);
    expect(response.headers.get("Location")).toBe(`${BASE}/login?error=email_unverified`);
    expect(await countOAuthAccounts("google", onExisting.sub)).toBe(0);
    expect(await countUsersWithEmail(existing.email)).toBe(1);

    const fresh = googleAccount({ emailVerified: false });
    const refused = await socialLogin(providers.fake, fresh);
    expect(refused.headers.get("Location")).toBe(`${BASE}/login?error=email_unverified`);
    expect(await countUsersWithEmail(fresh.email ?? "")).toBe(0);
  });

  it("links a Google account to the account a GitHub login created with the same verified email", async () => {
    const email = uniqueEmail("both");
    const viaGithub = await sessionAfter(
      await socialLogin(
        providers.fake,
        githubAccount({ emails: [{ email, primary: true, verified: true }] }),
      ),
    );
    const viaGoogle = await sessionAfter(await socialLogin(providers.fake, googleAccount({ email })));
    expect(viaGoogle.me.id).toBe(viaGithub.me.id);
    expect(viaGoogle.me.providers).toEqual(["github", "google"]);
  });
});

describe("a social-only account", () => {
  it("sets its first password without a current one, then has both ways in", async () => {
    const account = googleAccount();
    const { token, me } = await sessionAfter(await socialLogin(providers.fake, account));
    const anonymous = await call("POST", "/api/users/me/password", {
      body: { newPassword: "a new password" },
    });
    expect(anonymous.status).toBe(401);
    const set = await call("POST", "/api/users/me/password", {
      token,
      body: { newPassword: "a new password" },
    });
    expect(set.status).toBe(204);
    const after = (await (await call("GET", "/api/users/me", { token })).json()) as { providers: string[] };
    expect(after.providers).toEqual(["password", "google"]);
    const login = await call("POST", "/api/auth/login", {
      body: { email: me.email, password: "a new password" },
    });
    expect(login.status).toBe(200);
  });
});
