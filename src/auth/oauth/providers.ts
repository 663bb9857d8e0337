import { decodeIdToken, GitHub, Google, type OAuth2Tokens } from "arctic";
import * as z from "zod";
import type { AppConfig, OAuthClientConfig } from "../../lib/config";
import { ApiError } from "../../lib/errors";
import { OAuthFailure } from "./failure";

export const PROVIDERS = ["github", "google"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** What a provider tells us about the person, reduced to what sign-in needs. */
export interface ProviderProfile {
  provider: ProviderName;
  providerUserId: string;
  /** Only an address the provider marks verified; null when it vouches for none. */
  verifiedEmail: string | null;
  name: string | null;
  avatarUrl: string | null;
}

export const configuredProviders = (config: AppConfig): ProviderName[] =>
  PROVIDERS.filter((name) => config[name] !== null);

/** The provider's client settings, or 404 for an unknown name or one without credentials. */
export const requireProvider = (config: AppConfig, name: string) => {
  const provider = PROVIDERS.find((candidate) => candidate === name);
  const client = provider ? config[provider] : null;
  if (!provider || !client) {
    throw new ApiError(404, "provider_not_configured", "이 서버에서 지원하지 않는 로그인 방식입니다.");
  }
  return { provider, client };
};

export const callbackPath = (provider: ProviderName) => `/api/auth/oauth/${provider}/callback`;

const GITHUB_SCOPES = ["read:user", "user:email"];
const GOOGLE_SCOPES = ["openid", "email", "profile"];

/** Where to send the browser; `codeVerifier` is used by Google (PKCE) and ignored by GitHub. */
export const authorizationUrl = (
  provider: ProviderName,
  client: OAuthClientConfig,
  redirectUri: string,
  state: string,
  codeVerifier: string,
): URL =>
  provider === "github"
    ? new GitHub(client.clientId, client.clientSecret, redirectUri).createAuthorizationURL(
        state,
        GITHUB_SCOPES,
      )
    : new Google(client.clientId, client.clientSecret, redirectUri).createAuthorizationURL(
        state,
        codeVerifier,
        GOOGLE_SCOPES,
      );

// ── GitHub ──────────────────────────────────────────────────────────────────────────────────

const githubUser = z.object({
  id: z.number().int(),
  login: z.string(),
  name: z.string().nullish(),
  avatar_url: z.string().nullish(),
});

const githubEmails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

const githubGet = async <T>(path: string, accessToken: string, schema: z.ZodType<T>): Promise<T> => {
  const response = await fetch(`https://api.github.com${path}`, {
    headers: {
      Authorization: `Bearer ${accessToken}`,
      Accept: "application/vnd.github+json",
      "X-GitHub-Api-Version": "2022-11-28",
      // GitHub refuses requests without one.
      "User-Agent": "OrGo",
    },
  });
  if (!response.ok) throw new OAuthFailure("provider_error", `GitHub ${path} answered ${response.status}`);
  const parsed = schema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new OAuthFailure("provider_error", `GitHub ${path} sent an unexpected body`);
  return parsed.data;
};

/**
 * The profile's `email` is only the public one (often hidden), so the address always comes from
 * `/user/emails`, and only the primary one when GitHub has verified it.
 */
const githubProfile = async (tokens: OAuth2Tokens): Promise<ProviderProfile> => {
  const accessToken = tokens.accessToken();
  const [user, emails] = await Promise.all([
    githubGet("/user", accessToken, githubUser),
    githubGet("/user/emails", accessToken, githubEmails),
  ]);
  const primary = emails.find((entry) => entry.primary && entry.verified);
  return {
    provider: "github",
    providerUserId: String(user.id),
    verifiedEmail: primary?.email ?? null,
    name: user.name?.trim() || user.login,
    avatarUrl: user.avatar_url ?? null,
  };
};

// ── Google ──────────────────────────────────────────────────────────────────────────────────

const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];

const googleClaims = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  sub: z.string().min(1),
  email: z.string().optional(),
  email_verified: z.union([z.boolean(), z.enum(["true", "false"])]).optional(),
  name: z.string().optional(),
  picture: z.string().optional(),
});

/**
 * The ID token came straight from Google's token endpoint over TLS in answer to our own code, so
 * (as OpenID Connect Core 3.1.3.7 allows) its signature is not checked; issuer and audience are.
 */
const googleProfile = (tokens: OAuth2Tokens, clientId: string): ProviderProfile => {
  const parsed = googleClaims.safeParse(decodeIdToken(tokens.idToken()));
  if (!parsed.success) throw new OAuthFailure("provider_error", "Google ID token has unexpected claims");
  const claims = parsed.data;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!GOOGLE_ISSUERS.includes(claims.iss) || !audiences.includes(clientId)) {
    throw new OAuthFailure("provider_error", "Google ID token is not for this client");
  }
  const verified = claims.email_verified === true || claims.email_verified === "true";
  return {
    provider: "google",
    providerUserId: claims.sub,
    verifiedEmail: verified && claims.email ? claims.email : null,
    name: claims.name?.trim() || null,
    avatarUrl: claims.picture ?? null,
  };
};

/**
 * Trades the authorization code for tokens and reads who signed in. Anything the provider gets
 * wrong (refused code, 5xx, odd body) is an OAuthFailure, never a 500.
 */
export const fetchProfile = async (
  provider: ProviderName,
  client: OAuthClientConfig,
  redirectUri: string,
  code: string,
  codeVerifier: string,
): Promise<ProviderProfile> => {
  try {
    if (provider === "github") {
      const github = new GitHub(client.clientId, client.clientSecret, redirectUri);
      return await githubProfile(await github.validateAuthorizationCode(code));
    }
    const google = new Google(client.clientId, client.clientSecret, redirectUri);
    return googleProfile(await google.validateAuthorizationCode(code, codeVerifier), client.clientId);
  } catch (error) {
    if (error instanceof OAuthFailure) throw error;
    // arctic's errors (OAuth2RequestError, UnexpectedResponseError, ArcticFetchError) and missing
    // token fields all mean the same thing to the user: the provider did not let them in.
    throw new OAuthFailure("provider_error", `${provider} token exchange failed: ${String(error)}`);
  }
};
