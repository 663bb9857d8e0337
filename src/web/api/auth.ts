import { API_ORIGIN } from "../lib/api-origin";
import { api, call, refreshAccessToken } from "./client";
import { currentUser, endSession, sessionReady, setAccessToken, startSession } from "./session";
import type { Me } from "./types";

export const signup = async (body: {
  email: string;
  password: string;
  nickname?: string;
  handle?: string;
}) => {
  const session = await call(api.auth.signup.$post({ json: body }));
  startSession(session.user, session.accessToken);
};

export const login = async (body: { email: string; password: string }) => {
  const session = await call(api.auth.login.$post({ json: body }));
  startSession(session.user, session.accessToken);
};

export const logout = async () => {
  try {
    await call(api.auth.logout.$post());
  } finally {
    endSession();
  }
};

export const fetchMe = () => call(api.users.me.$get());

/**
 * Whether a refresh cookie may be there. The worker sets the readable `orgo_session` cookie next to
 * the httpOnly refresh cookie (and clears both), so a visitor who never signed in costs no refresh
 * request and no 401. An app served from another origin cannot see the API's cookies: it asks.
 */
export const maySignIn = () =>
  API_ORIGIN !== location.origin || /(?:^|;\s*)orgo_session=/.test(document.cookie);

/**
 * On page load (main.tsx, before the first render): a refresh cookie may still be valid, so try it
 * before showing "log in". Without one the session is known at once (no await before `finally`), so
 * the first render already shows the page, not a spinner.
 */
export const restoreSession = async () => {
  try {
    if (maySignIn() && (await refreshAccessToken())) currentUser.set(await fetchMe());
  } catch {
    setAccessToken(null);
    currentUser.set(null);
  } finally {
    sessionReady.set(true);
  }
};

/** Replaces the signed-in account after a profile change. */
export const setMe = (me: Me) => currentUser.set(me);
