import type { Context } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import * as z from "zod";
import { callbackPath, PROVIDERS, type ProviderName } from "./providers";

const STATE_COOKIE = "orgo_oauth";
const STATE_SECONDS = 10 * 60;

/** What the callback needs to trust the provider's answer and finish where the user started. */
export interface OAuthState {
  provider: ProviderName;
  state: string;
  codeVerifier: string;
  redirect: string;
}

const oauthState = z.object({
  provider: z.enum(PROVIDERS),
  state: z.string().min(1),
  codeVerifier: z.string().min(1),
  redirect: z.string(),
});

const isPlainLocalHttp = (url: URL) =>
  url.protocol === "http:" && (url.hostname === "localhost" || url.hostname === "127.0.0.1");

/**
 * Lax, because the callback arrives as a top-level navigation from the provider's site; scoped to
 * that provider's callback path, so no other request carries it. Signed with the worker's secret,
 * so neither the verifier nor the return path can be swapped in the browser.
 */
const cookieOptions = (c: Context, provider: ProviderName) => ({
  httpOnly: true,
  sameSite: "Lax" as const,
  path: callbackPath(provider),
  secure: !isPlainLocalHttp(new URL(c.req.url)),
});

export const setStateCookie = (
  c: Context,
  secret: Uint8Array<ArrayBuffer>,
  provider: ProviderName,
  value: OAuthState,
) =>
  setSignedCookie(c, STATE_COOKIE, JSON.stringify(value), secret, {
    ...cookieOptions(c, provider),
    maxAge: STATE_SECONDS,
  });

/** The pending login's state, or null when the cookie is missing, expired, forged or malformed. */
export const readStateCookie = async (
  c: Context,
  secret: Uint8Array<ArrayBuffer>,
): Promise<OAuthState | null> => {
  const raw = await getSignedCookie(c, secret, STATE_COOKIE);
  if (!raw) return null;
  try {
    const parsed = oauthState.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

/** A state is good for one attempt. */
export const clearStateCookie = (c: Context, provider: ProviderName) =>
  deleteCookie(c, STATE_COOKIE, cookieOptions(c, provider));
