import { generateCodeVerifier, generateState } from "arctic";
import { type Context, Hono } from "hono";
import * as z from "zod";
import { clientIp } from "../../lib/client-ip";
import type { AppEnv } from "../../lib/context";
import { badRequest } from "../../lib/errors";
import { languageFromHeader } from "../../lib/language";
import { consume } from "../../lib/rate-limit";
import { validate } from "../../lib/validate";
import { clientFacts } from "../client-facts";
import { setRefreshCookie } from "../sessions";
import { OAuthFailure } from "./failure";
import {
  authorizationUrl,
  callbackPath,
  configuredProviders,
  type ProviderName,
  requireProvider,
} from "./providers";
import { safeRedirectPath } from "./redirect-path";
import { completeProviderLogin } from "./service";
import { clearStateCookie, readStateCookie, setStateCookie } from "./state-cookie";

// Anything else the provider appends (Google's `scope`, `authuser`, `prompt`, …) is ignored.
const startQuery = z.object({ redirect: z.string().optional() });
const callbackQuery = z.object({
  code: z.string().optional(),
  state: z.string().optional(),
  error: z.string().optional(),
});

/** Where the SPA lives: its own origin when configured (Pages), else this worker's. */
const spaOrigin = (c: Context<AppEnv>) => c.var.config.appOrigin ?? new URL(c.req.url).origin;

const redirectUri = (c: Context<AppEnv>, provider: ProviderName) =>
  `${new URL(c.req.url).origin}${callbackPath(provider)}`;

/**
 * `/api/auth`: the configured social providers, and the two legs of their OAuth flow. Success
 * sets the refresh cookie and sends the browser to the SPA, which then calls POST /api/auth/refresh
 * for its access token; a failed login lands on the SPA's `/login?error=<code>`.
 */
export const oauthRoutes = new Hono<AppEnv>()
  .get("/providers", (c) => c.json({ providers: configuredProviders(c.var.config) }))
  .get("/oauth/:provider", validate("query", startQuery), async (c) => {
    const { provider, client } = requireProvider(c.var.config, c.req.param("provider"));
    const state = generateState();
    const codeVerifier = generateCodeVerifier();
    const redirect = safeRedirectPath(c.req.valid("query").redirect);
    await setStateCookie(c, c.var.config.jwtSecret, provider, { provider, state, codeVerifier, redirect });
    return c.redirect(
      authorizationUrl(provider, client, redirectUri(c, provider), state, codeVerifier).href,
      302,
    );
  })
  .get("/oauth/:provider/callback", validate("query", callbackQuery), async (c) => {
    const { provider, client } = requireProvider(c.var.config, c.req.param("provider"));
    await consume(c.var.db, `oauth:ip:${clientIp(c)}`, c.var.config.rateLimits.signupPerIp);
    const query = c.req.valid("query");
    const pending = await readStateCookie(c, c.var.config.jwtSecret);
    clearStateCookie(c, provider);
    const fail = (failure: OAuthFailure) => {
      console.warn(`[${c.var.requestId}] ${provider} login failed: ${failure.code}: ${failure.message}`);
      return c.redirect(`${spaOrigin(c)}/login?error=${failure.code}`, 302);
    };
    // Cancelling at the provider creates nothing, so it needs no state to be answered kindly.
    if (query.error) {
      const code = query.error === "access_denied" ? "access_denied" : "provider_error";
      return fail(new OAuthFailure(code, `provider sent error=${query.error}`));
    }
    if (!pending || pending.provider !== provider || !query.state || query.state !== pending.state) {
      throw badRequest(
        "로그인 요청이 만료되었거나 올바르지 않습니다. 다시 시도하세요.",
        "invalid_oauth_state",
      );
    }
    if (!query.code) return fail(new OAuthFailure("provider_error", "callback without code"));
    try {
      const { refreshToken } = await completeProviderLogin(
        c.var.db,
        c.var.config,
        {
          provider,
          client,
          redirectUri: redirectUri(c, provider),
          code: query.code,
          codeVerifier: pending.codeVerifier,
          request: clientFacts(c),
          language: languageFromHeader(c.req.header("Accept-Language")),
        },
        c.var.effects,
      );
      setRefreshCookie(c, refreshToken);
      return c.redirect(`${spaOrigin(c)}${safeRedirectPath(pending.redirect)}`, 302);
    } catch (error) {
      if (error instanceof OAuthFailure) return fail(error);
      throw error;
    }
  });
