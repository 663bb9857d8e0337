import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { BASE, errorCode } from "../helpers";
import {
  beginLogin,
  callback,
  countOAuthAccounts,
  countUsersWithEmail,
  type GitHubAccount,
  githubAccount,
  googleAccount,
  primaryEmail,
  STATE_COOKIE,
  sessionAfter,
  socialLogin,
  uniqueProviderId,
  useFakeProviders,
} from "./fake-providers";

const providers = useFakeProviders();

const expectNothingCreated = async (account: GitHubAccount) => {
  expect(await countUsersWithEmail(primaryEmail(account))).toBe(0);
  expect(await countOAuthAccounts("github", account.id)).toBe(0);
};

describe("state checks", () => {
  it("answers 400 to a state that does not match the cookie, before talking to the provider", async () => {
    const account = githubAccount();
    const started = await beginLogin("github");
    const { code } = providers.fake.authorize(started.location, account);
    const response = await callback("github", { code, state: "forged-state" }, started.cookie);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("invalid_oauth_state");
    expect(providers.fake.requests).toEqual([]);
    await expectNothingCreated(account);
  });

  it("answers 400 when the state cookie is missing (another browser, or expired)", async () => {
    const account = githubAccount();
    const started = await beginLogin("github");
    const { code, state } = providers.fake.authorize(started.location, account);
    const response = await callback("github", { code, state }, null);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("invalid_oauth_state");
    expect(providers.fake.requests).toEqual([]);
    await expectNothingCreated(account);
  });

  it("answers 400 when the callback has no state at all", async () => {
    const started = await beginLogin("github");
    const { code } = providers.fake.authorize(started.location, githubAccount());
    const response = await callback("github", { code }, started.cookie);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("invalid_oauth_state");
  });

  it("refuses a state cookie edited in the browser (it is signed)", async () => {
    const started = await beginLogin("github");
    const { code, state } = providers.fake.authorize(started.location, githubAccount());
    const [name, value = ""] = (started.cookie ?? "").split("=");
    const [payload, signature] = decodeURIComponent(value).split(".");
    const edited = JSON.stringify({ ...JSON.parse(payload ?? "{}"), redirect: "/elsewhere" });
    const cookie = `${name}=${encodeURIComponent(`${edited}.${signature}`)}`;
    const response = await callback("github", { code, state }, cookie);
    expect(response.status).toBe(400);
  });

  it("clears the state cookie on return, so the browser cannot use a state twice", async () => {
    const account = githubAccount();
    const started = await beginLogin("github");
    const { code, state } = providers.fake.authorize(started.location, account);
    const first = await callback("github", { code, state }, started.cookie);
    expect(first.status).toBe(302);
    const cleared = first.headers.getAll("Set-Cookie").find((c) => c.startsWith(`${STATE_COOKIE}=`)) ?? "";
    expect(cleared).toMatch(/Max-Age=0/);
    expect(cleared).toMatch(/Path=\/api\/auth\/oauth\/github\/callback/);
  });

  it("does not accept GitHub's state cookie on Google's callback", async () => {
    const started = await beginLogin("github");
    const { state } = providers.fake.authorize(started.location, githubAccount());
    // A browser would not even send it there (the cookie's path is GitHub's callback).
    const response = await callback("google", { code: "code-x", state }, started.cookie);
    expect(response.status).toBe(400);
    expect(providers.fake.requests).toEqual([]);
  });
});

describe("provider failures become a friendly redirect, and nothing is created", () => {
  it("the user cancelled at the provider", async () => {
    const account = githubAccount();
    const started = await beginLogin("github");
    const { state } = providers.fake.authorize(started.location, account);
    const response = await callback("github", { error: "access_denied", state }, started.cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${BASE}/login?error=access_denied`);
    expect(providers.fake.requests).toEqual([]);
    await expectNothingCreated(account);
  });

  it("the token exchange fails", async () => {
    providers.fake.faults.tokenStatus = 500;
    const account = githubAccount();
    const response = await socialLogin(providers.fake, account);
    expect(response.headers.get("Location")).toBe(`${BASE}/login?error=provider_error`);
    await expectNothingCreated(account);
  });

  it("the code is refused", async () => {
    const account = githubAccount();
    const started = await beginLogin("github");
    const { state } = providers.fake.authorize(started.location, account);
    const response = await callback("github", { code: "not-a-code", state }, started.cookie);
    expect(response.headers.get("Location")).toBe(`${BASE}/login?error=provider_error`);
    await expectNothingCreated(account);
  });

  it("GitHub's user endpoint answers 5xx", async () => {
    providers.fake.faults.githubUserStatus = 502;
    const account = githubAccount();
    const response = await socialLogin(providers.fake, account);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${BASE}/login?error=provider_error`);
    await expectNothingCreated(account);
  });

  it("GitHub's emails endpoint answers 5xx", async () => {
    providers.fake.faults.githubEmailsStatus = 503;
    const account = githubAccount();
    const response = await socialLogin(providers.fake, account);
    expect(response.headers.get("Location")).toBe(`${BASE}/login?error=provider_error`);
    await expectNothingCreated(account);
  });

  it("Google refuses the code", async () => {
    providers.fake.faults.tokenStatus = 400;
    const account = googleAccount();
    const response = await socialLogin(providers.fake, account);
    expect(response.headers.get("Location")).toBe(`${BASE}/login?error=provider_error`);
    expect(await countUsersWithEmail(account.email ?? "")).toBe(0);
  });
});

describe("the return path", () => {
  const attempts = [
    "//evil.com",
    "https://evil.com",
    "/\\evil.com",
    "/\t/evil.com",
    "javascript:alert(1)",
    "evil",
  ];

  for (const attempt of attempts) {
    it(`refuses ${JSON.stringify(attempt)} and lands on /`, async () => {
      const response = await socialLogin(providers.fake, githubAccount(), attempt);
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`${BASE}/`);
      await sessionAfter(response);
    });
  }

  it("keeps a same-site path", async () => {
    const response = await socialLogin(providers.fake, googleAccount(), "/studies/42");
    expect(response.headers.get("Location")).toBe(`${BASE}/studies/42`);
  });
});

describe("without provider credentials", () => {
  const unconfigured = { ...env, GITHUB_CLIENT_ID: undefined, GOOGLE_CLIENT_ID: undefined };

  const fetchUnconfigured = async (path: string) => {
    const ctx = createExecutionContext();
    const response = await app.fetch(
      new Request(`${BASE}${path}`, { redirect: "manual" }),
      unconfigured,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return response;
  };

  it("answers 404 provider_not_configured on both legs", async () => {
    for (const path of [
      "/api/auth/oauth/github",
      "/api/auth/oauth/google",
      "/api/auth/oauth/github/callback?code=a&state=b",
      "/api/auth/oauth/google/callback?code=a&state=b",
    ]) {
      const response = await fetchUnconfigured(path);
      expect(response.status, path).toBe(404);
      expect(await errorCode(response)).toBe("provider_not_configured");
    }
    expect(providers.fake.requests).toEqual([]);
  });

  it("lists no providers, so the SPA hides the buttons", async () => {
    const response = await fetchUnconfigured("/api/auth/providers");
    expect(await response.json()).toEqual({ providers: [] });
  });

  it("treats an unknown provider like an unconfigured one", async () => {
    const started = await fetchUnconfigured("/api/auth/oauth/facebook");
    expect(started.status).toBe(404);
    expect(await errorCode(started)).toBe("provider_not_configured");
  });
});

describe("rate limit", () => {
  it("limits callbacks per address with the sign-up limit", async () => {
    const limited = { ...env, RATE_LIMIT_SIGNUP_IP: "2/3600" };
    const ip = `203.0.113.${uniqueProviderId() % 250}-${crypto.randomUUID()}`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const ctx = createExecutionContext();
      const request = new Request(`${BASE}/api/auth/oauth/github/callback?code=a&state=b`, {
        headers: { "CF-Connecting-IP": ip },
        redirect: "manual",
      });
      const response = await app.fetch(request, limited, ctx);
      await waitOnExecutionContext(ctx);
      statuses.push(response.status);
      if (response.status === 429) expect(response.headers.get("Retry-After")).toBeTruthy();
    }
    expect(statuses).toEqual([400, 400, 429]);
  });
});
