import { type ClientResponse, hc } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { AppType } from "../../app";
import { BOOKMARK_HEADER } from "../../shared/d1";
import { errorMessage, fieldMessage } from "../i18n/errors";
import { API_ORIGIN } from "../lib/api-origin";
import { loginUrl, navigate } from "../lib/nav";
import { accessToken, endSession, setAccessToken, suspensionNoticed } from "./session";

export interface ErrorDetail {
  path: string;
  message: string;
}

/** An API failure with a message to show (see `errorFrom`) and the worker's code and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The message of anything thrown (an ApiError's is already in the UI's language). */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const networkError = () => new ApiError(0, "network", errorMessage("network", undefined, 0));

/**
 * Turns any non-2xx answer into an ApiError. Its message is in the UI's language: the worker's own
 * (Korean) message, or in English the English text for its `code` (src/web/i18n/errors.ts).
 */
export const errorFrom = async (status: number, text: string): Promise<ApiError> => {
  let code: string | undefined;
  let message: string | undefined;
  let details: ErrorDetail[] = [];
  try {
    // json-boundary
    const parsed = JSON.parse(text) as {
      error?: { code?: string; message?: string; details?: ErrorDetail[] };
    };
    code = parsed.error?.code;
    message = parsed.error?.message;
    if (Array.isArray(parsed.error?.details)) {
      // A suspension's detail is `{until}`, not a field (issue 13).
      details = parsed.error.details
        .filter((detail) => typeof detail.path === "string")
        .map((detail) => ({
          ...detail,
          message: fieldMessage(detail.path, detail.message),
        }));
    }
  } catch {
    // Not JSON (a proxy's HTML page): a generic message for the status.
  }
  return new ApiError(status, code ?? "error", errorMessage(code, message, status), details);
};

const isAuthRoute = (input: RequestInfo | URL) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  return new URL(url, location.origin).pathname.startsWith("/api/auth/");
};

let refreshing: Promise<boolean> | null = null;

/**
 * Trades the refresh cookie for a new access token. One at a time per tab (concurrent 401s share it)
 * and, through a Web Lock, per browser: the cookie rotates on every refresh and a reused one revokes
 * the session, so two tabs must never send the same cookie.
 */
export const refreshAccessToken = (): Promise<boolean> => {
  refreshing ??= (async () => {
    const run = async () => {
      try {
        const response = await fetch(api.auth.refresh.$url(), { method: "POST", credentials: "include" });
        if (!response.ok) return false;
        const body = (await response.json()) as { accessToken: string }; // json-boundary
        setAccessToken(body.accessToken);
        return true;
      } catch {
        return false;
      }
    };
    try {
      return navigator.locks ? await navigator.locks.request("orgo-refresh", run) : await run();
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
};

const onSignedOut = () => {
  endSession();
  if (!location.pathname.startsWith("/login")) navigate(loginUrl());
};

/** The newest D1 session bookmark this tab saw: sent back so reads never miss its own writes. */
let bookmark: string | null = null;

const keepBookmark = (response: Response) => {
  const next = response.headers.get(BOOKMARK_HEADER);
  // Bookmarks sort oldest first; answers may arrive out of order.
  if (next && (bookmark === null || next > bookmark)) bookmark = next;
};

const withToken = (init: RequestInit | undefined): RequestInit => {
  const headers = new Headers(init?.headers);
  const token = accessToken();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (bookmark) headers.set(BOOKMARK_HEADER, bookmark);
  return { ...init, headers, credentials: "include" };
};

/** fetch with the bearer token; on a 401, one refresh and one retry, then back to /login. */
const authFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  let response: Response;
  try {
    response = await fetch(input, withToken(init));
  } catch {
    throw networkError();
  }
  keepBookmark(response);
  if (response.status !== 401 || isAuthRoute(input)) return response;
  if (await refreshAccessToken()) {
    try {
      response = await fetch(input, withToken(init));
    } catch {
      throw networkError();
    }
    keepBookmark(response);
    if (response.status !== 401) return response;
  }
  onSignedOut();
  return response;
};

/** The one typed client for every call (types come from the worker's `AppType`). */
export const api = hc<AppType>(`${API_ORIGIN}/api`, { fetch: authFetch });

type IsSuccess<S> = S extends SuccessStatusCode ? true : never;
/** The body type of the 2xx answers a route declares. */
export type OkBody<R> =
  R extends ClientResponse<infer T, infer S, infer _F> ? (true extends IsSuccess<S> ? T : never) : never;

/** Awaits a typed-client call: its JSON on 2xx (undefined for 204), else throws ApiError. */
export const call = async <R extends ClientResponse<unknown, number, string>>(
  request: Promise<R>,
): Promise<OkBody<R>> => {
  const response = await request;
  if (response.ok) {
    if (response.status === 204) return undefined as OkBody<R>; // json-boundary
    return (await response.json()) as OkBody<R>; // json-boundary
  }
  const error = await errorFrom(response.status, await response.text());
  if (error.code === "suspended") suspensionNoticed.update((n) => n + 1);
  throw error;
};

/**
 * Multipart upload with progress events (fetch has none): XMLHttpRequest to the typed route's URL,
 * with the same single refresh-and-retry on 401.
 */
export const uploadWithProgress = <T>(
  url: URL,
  form: () => FormData,
  onProgress: (fraction: number) => void,
  method = "POST",
): Promise<T> => {
  const attempt = () =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open(method, url.href);
      const token = accessToken();
      if (token) request.setRequestHeader("Authorization", `Bearer ${token}`);
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      request.onload = () => resolve({ status: request.status, text: request.responseText });
      request.onerror = () => reject(networkError());
      request.send(form());
    });
  return (async () => {
    let result = await attempt();
    if (result.status === 401 && (await refreshAccessToken())) result = await attempt();
    if (result.status === 401) onSignedOut();
    if (result.status >= 200 && result.status < 300) {
      onProgress(1);
      return JSON.parse(result.text) as T; // json-boundary
    }
    throw await errorFrom(result.status, result.text);
  })();
};

/** A WebSocket URL for a typed route (`ws:` or `wss:` like the page). */
export const socketUrl = (url: URL, query: Record<string, string>) => {
  const result = new URL(url.href);
  result.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  for (const [name, value] of Object.entries(query)) result.searchParams.set(name, value);
  return result.href;
};

/** A 60-second ticket for opening a socket (browsers cannot send Authorization there). */
export const fetchTicket = async () => (await call(api.realtime.ticket.$post())).ticket;
