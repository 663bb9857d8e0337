import { exports } from "cloudflare:workers";

export const BASE = "http://127.0.0.1:8787";

/**
 * For `vi.waitFor` on work a route leaves for after its answer (waitUntil): on a loaded machine it
 * can take seconds, and the default one-second limit made such tests fail at random.
 */
export const SETTLED = { timeout: 10_000, interval: 50 };

let counter = 0;
/** A fresh email per call so tests never collide, whatever the storage isolation. */
export const uniqueEmail = (prefix = "user") =>
  `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  cookie?: string;
}

/** The request a client would send. */
export const request = (method: string, path: string, options: CallOptions = {}) => {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  if (options.cookie) headers.set("Cookie", options.cookie);
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(options.body);
  }
  return new Request(`${BASE}${path}`, { method, headers, body });
};

/** One request to the worker, as a client would send it. */
export const call = (method: string, path: string, options: CallOptions = {}) =>
  exports.default.fetch(request(method, path, options));

export const json = async <T = Record<string, unknown>>(response: Response): Promise<T> =>
  (await response.json()) as T;

/** `name=value` of a Set-Cookie header, ready to send back. */
export const cookieFrom = (response: Response, name: string) => {
  for (const header of response.headers.getAll("Set-Cookie")) {
    const [pair] = header.split(";");
    if (pair?.startsWith(`${name}=`)) return pair;
  }
  return null;
};

export interface TestUser {
  id: string;
  email: string;
  password: string;
  nickname: string;
  token: string;
  cookie: string;
}

export const signUp = async (
  nickname = "학습자",
  overrides: Partial<{
    email: string;
    password: string;
    headers: Record<string, string>;
    /** How the request is sent: mail tests pass `callSettled`, so the verification mail is in the outbox. */
    send: typeof call;
  }> = {},
) => {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? "correct horse battery";
  const send = overrides.send ?? call;
  const response = await send("POST", "/api/auth/signup", {
    body: { email, password, nickname },
    headers: overrides.headers,
  });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${await response.text()}`);
  const data = await json<{ user: { id: string }; accessToken: string }>(response);
  return {
    id: data.user.id,
    email,
    password,
    nickname,
    token: data.accessToken,
    cookie: cookieFrom(response, "orgo_refresh") ?? "",
  } satisfies TestUser;
};

/** Asserts API.md's error shape and returns the code. */
export const errorCode = async (response: Response) => {
  const body = await json<{ error: { code: string; message: string } }>(response);
  if (typeof body.error?.code !== "string" || typeof body.error.message !== "string") {
    throw new Error(`not an API error: ${JSON.stringify(body)}`);
  }
  return body.error.code;
};
