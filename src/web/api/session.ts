import { createStore } from "../lib/store";
import type { Me } from "./types";

/** The access token lives only in this module's memory; the refresh token is an httpOnly cookie. */
let token: string | null = null;

export const accessToken = () => token;
export const setAccessToken = (value: string | null) => {
  token = value;
};

/** The signed-in account, or null. */
export const currentUser = createStore<Me | null>(null);
/** False until the page-load refresh attempt has finished (so pages do not flash "log in"). */
export const sessionReady = createStore(false);

export const startSession = (user: Me, newToken: string) => {
  token = newToken;
  currentUser.set(user);
};

export const endSession = () => {
  token = null;
  currentUser.set(null);
};

/**
 * Bumped whenever an answer says the account is suspended (403 `suspended`, issue 13), so the
 * banner re-reads Me (until when and why) even if the suspension began after the page loaded.
 */
export const suspensionNoticed = createStore(0);
