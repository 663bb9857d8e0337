import { env, exports } from "cloudflare:workers";
import { SignJWT } from "jose";
import { afterEach, beforeEach, expect, vi } from "vitest";
import { BASE, call, cookieFrom, uniqueEmail } from "../helpers";

/**
 * GitHub and Google as seen from the worker: their token, user and avatar endpoints, answered by
 * replacing global fetch (the one outbound boundary; the worker runs in this isolate). The
 * authorization step a browser would do is `authorize()`, which hands out a code bound to the
 * redirect URI and, for Google, to the PKCE challenge, exactly as the real servers check them.
 */

export interface GitHubAccount {
  kind: "github";
  id: number;
  login: string;
  name?: string | null;
  avatarUrl?: string | null;
  emails: { email: string; primary: boolean; verified: boolean }[];
}

export interface GoogleAccount {
  kind: "google";
  sub: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  picture?: string;
}

export type Account = GitHubAccount | GoogleAccount;
export type ProviderName = Account["kind"];

/** Knobs for making a provider misbehave. */
export interface Faults {
  tokenStatus?: number;
  githubUserStatus?: number;
  githubEmailsStatus?: number;
  avatarStatus?: number;
}

interface Grant {
  account: Account;
  redirectUri: string;
  challenge: string | null;
}

const GITHUB = { id: env.GITHUB_CLIENT_ID as string, secret: env.GITHUB_CLIENT_SECRET as string };
const GOOGLE = { id: env.GOOGLE_CLIENT_ID as string, secret: env.GOOGLE_CLIENT_SECRET as string };

// A 1×1 PNG: real magic bytes, so the avatar copy passes the upload checks.
export const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="),
  (ch) => ch.charCodeAt(0),
);

const googleSigningKey = new TextEncoder().encode("google-signing-key-for-tests-only-0123456789");

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;

const s256 = async (verifier: string) => {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
};

let serial = 0;
/** A provider user id nobody else in the shared test database has. */
export const uniqueProviderId = () => Date.now() * 1000 + (serial++ % 1000);

export class FakeProviders {
  faults: Faults = {};
  /** Every outbound URL the worker asked for, in order. */
  readonly requests: string[] = [];
  private readonly grants = new Map<string, Grant>();
  private readonly tokens = new Map<string, Account>();

  install() {
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => this.handle(new Request(input, init)));
    return this;
  }

  /** The provider's consent screen: checks the authorization URL and issues a code. */
  authorize(location: URL, account: Account) {
    const expectedHost = account.kind === "github" ? "github.com" : "accounts.google.com";
    expect(location.hostname).toBe(expectedHost);
    expect(location.searchParams.get("client_id")).toBe(account.kind === "github" ? GITHUB.id : GOOGLE.id);
    const code = `code-${crypto.randomUUID()}`;
    this.grants.set(code, {
      account,
      redirectUri: location.searchParams.get("redirect_uri") ?? "",
      challenge: location.searchParams.get("code_challenge"),
    });
    return { code, state: location.searchParams.get("state") ?? "" };
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    this.requests.push(`${url.origin}${url.pathname}`);
    const where = `${url.hostname}${url.pathname}`;
    if (where === "github.com/login/oauth/access_token") return this.token(request, "github");
    if (where === "oauth2.googleapis.com/token") return this.token(request, "google");
    if (where === "api.github.com/user") return this.githubApi(request, "user");
    if (where === "api.github.com/user/emails") return this.githubApi(request, "emails");
    if (url.hostname === "avatars.githubusercontent.com" || url.hostname === "lh3.googleusercontent.com") {
      const status = this.faults.avatarStatus ?? 200;
      return status === 200
        ? new Response(PNG, { headers: { "Content-Type": "image/png" } })
        : new Response("nope", { status });
    }
    throw new TypeError(`unexpected outbound fetch in a test: ${request.method} ${request.url}`);
  }

  private async token(request: Request, provider: ProviderName): Promise<Response> {
    if (this.faults.tokenStatus) return json({ message: "unavailable" }, this.faults.tokenStatus);
    const client = provider === "github" ? GITHUB : GOOGLE;
    // Read as bytes: workerd warns when .text() reads a form body.
    const form = new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer()));
    const code = form.get("code") ?? "";
    const grant = this.grants.get(code);
    this.grants.delete(code);
    const pkceOk =
      provider === "github" ||
      (grant?.challenge !== null && (await s256(form.get("code_verifier") ?? "")) === grant?.challenge);
    const valid =
      request.headers.get("Authorization") === basic(client.id, client.secret) &&
      grant?.account.kind === provider &&
      form.get("redirect_uri") === grant.redirectUri &&
      pkceOk;
    // GitHub reports a bad code with 200 and an `error` field; Google with 400.
    if (!valid || !grant) return json({ error: "invalid_grant" }, provider === "github" ? 200 : 400);
    const accessToken = `token-${crypto.randomUUID()}`;
    this.tokens.set(accessToken, grant.account);
    if (grant.account.kind === "github") {
      return json({ access_token: accessToken, token_type: "bearer", scope: "read:user,user:email" });
    }
    return json({
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: 3599,
      scope: "openid email profile",
      id_token: await this.idToken(grant.account),
    });
  }

  private idToken(account: GoogleAccount) {
    const claims: Record<string, unknown> = {
      sub: account.sub,
      name: account.name,
      picture: account.picture,
    };
    if (account.email !== undefined) {
      claims.email = account.email;
      claims.email_verified = account.emailVerified ?? false;
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("https://accounts.google.com")
      .setAudience(GOOGLE.id)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(googleSigningKey);
  }

  private githubApi(request: Request, what: "user" | "emails"): Response {
    const status = what === "user" ? this.faults.githubUserStatus : this.faults.githubEmailsStatus;
    if (status) return json({ message: "Server Error" }, status);
    if (!request.headers.get("User-Agent")) return json({ message: "User-Agent required" }, 403);
    const token = request.headers.get("Authorization")?.replace(/^Bearer /, "") ?? "";
    const account = this.tokens.get(token);
    if (account?.kind !== "github") return json({ message: "Bad credentials" }, 401);
    if (what === "emails") return json(account.emails.map((entry) => ({ ...entry, visibility: null })));
    // The public profile email is what the old system relied on; real users often hide it.
    return json({
      id: account.id,
      login: account.login,
      name: account.name ?? null,
      avatar_url: account.avatarUrl ?? null,
      email: null,
    });
  }
}

// ── The browser's side of the flow ──────────────────────────────────────────────────────────

export const STATE_COOKIE = "orgo_oauth";

/**
 * A browser navigation that stops at redirects: the worker's entry point otherwise follows a
 * Location itself (back into this worker, whatever the host).
 */
export const navigate = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(new Request(`${BASE}${path}`, { headers, redirect: "manual" }));

export const beginLogin = async (provider: string, redirect?: string) => {
  const query = redirect === undefined ? "" : `?redirect=${encodeURIComponent(redirect)}`;
  const response = await navigate(`/api/auth/oauth/${provider}${query}`);
  expect(response.status).toBe(302);
  return {
    response,
    location: new URL(response.headers.get("Location") ?? ""),
    cookie: cookieFrom(response, STATE_COOKIE),
  };
};

export const callback = (
  provider: string,
  params: Record<string, string>,
  cookie: string | null,
  headers: Record<string, string> = {},
) =>
  navigate(`/api/auth/oauth/${provider}/callback?${new URLSearchParams(params)}`, {
    ...headers,
    ...(cookie ? { Cookie: cookie } : {}),
  });

/** Start, consent at the fake provider, and come back: the callback's response. */
export const socialLogin = async (fake: FakeProviders, account: Account, redirect?: string) => {
  const started = await beginLogin(account.kind, redirect);
  const { code, state } = fake.authorize(started.location, account);
  return callback(account.kind, { code, state }, started.cookie);
};

export interface Me {
  id: string;
  email: string;
  nickname: string;
  avatarUrl: string | null;
  providers: string[];
}

/** What the SPA does after landing: trade the refresh cookie for an access token, read `me`. */
export const sessionAfter = async (response: Response) => {
  const cookie = cookieFrom(response, "orgo_refresh");
  expect(cookie).toBeTruthy();
  const refreshed = await call("POST", "/api/auth/refresh", { cookie: cookie ?? undefined });
  expect(refreshed.status).toBe(200);
  const { accessToken } = (await refreshed.json()) as { accessToken: string };
  const me = (await (await call("GET", "/api/users/me", { token: accessToken })).json()) as Me;
  return { token: accessToken, me };
};

/** Rows that exist for an email (any case) and for a provider account, straight from D1. */
export const countUsersWithEmail = async (email: string) =>
  (
    await env.DB.prepare("SELECT count(*) AS n FROM users WHERE lower(email) = lower(?)")
      .bind(email)
      .first<{ n: number }>()
  )?.n ?? 0;

export const countOAuthAccounts = async (provider: ProviderName, providerUserId: string | number) =>
  (
    await env.DB.prepare(
      "SELECT count(*) AS n FROM oauth_accounts WHERE provider = ? AND provider_user_id = ?",
    )
      .bind(provider, String(providerUserId))
      .first<{ n: number }>()
  )?.n ?? 0;

/** Fake providers for every test of the calling file: installed before each test, removed after. */
export const useFakeProviders = () => {
  const current = { fake: new FakeProviders() };
  beforeEach(() => {
    current.fake = new FakeProviders().install();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return current;
};

export const githubAccount = (overrides: Partial<GitHubAccount> = {}): GitHubAccount => {
  const id = uniqueProviderId();
  return {
    kind: "github",
    id,
    login: `octo${id}`,
    name: "Mona Lisa Octocat",
    avatarUrl: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    emails: [{ email: uniqueEmail("gh"), primary: true, verified: true }],
    ...overrides,
  };
};

export const googleAccount = (overrides: Partial<GoogleAccount> = {}): GoogleAccount => ({
  kind: "google",
  sub: String(uniqueProviderId()),
  email: uniqueEmail("google"),
  emailVerified: true,
  name: "김구글",
  picture: "https://lh3.googleusercontent.com/a/avatar",
  ...overrides,
});

export const primaryEmail = (account: GitHubAccount) =>
  account.emails.find((entry) => entry.primary)?.email ?? "";
