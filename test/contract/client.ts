import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type * as z from "zod";
import { BASE, type CallOptions, call } from "../helpers";
import { errorBody, expectShape } from "./shapes";

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  body: unknown;
  text: string;
}

/** Routes whose answer is (or contains, for signup/login) the caller's own `Me`. */
const ME_ROUTES = [
  /^(GET|PATCH) \/api\/users\/me$/,
  /^PUT \/api\/users\/me\/avatar$/,
  /^POST \/api\/auth\/(signup|login)$/,
];

/**
 * Every `email` key anywhere in a JSON value, by path. API.md: only `Me` carries an email, and
 * only on the routes that answer the caller's own account.
 */
const emailKeys = (value: unknown, path = "$"): string[] => {
  if (Array.isArray(value)) return value.flatMap((item, index) => emailKeys(item, `${path}[${index}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(key === "email" ? [`${path}.email`] : []),
    ...emailKeys(inner, `${path}.${key}`),
  ]);
};

/** Where a Me may sit in the answer of a Me route. */
const ALLOWED_EMAIL_PATHS = new Set(["$.email", "$.user.email"]);

/**
 * Checks what every answer must satisfy whatever the route: `X-Request-Id`, never a 500, an
 * empty 204, JSON from /api, the error shape on 4xx, and no email outside the caller's own Me.
 */
export const checkAnswer = async (label: string, response: Response): Promise<Answer> => {
  const type = response.headers.get("Content-Type") ?? "";
  const isBytes = type.startsWith("image/");
  const text = isBytes ? `(${(await response.arrayBuffer()).byteLength} bytes)` : await response.text();
  const where = `${label} → ${response.status} ${text.slice(0, 400)}`;
  expect(response.status, where).toBeLessThan(500);
  expect(response.headers.get("X-Request-Id"), `${where}: X-Request-Id`).toBeTruthy();
  let body: unknown;
  if (response.status === 204 || response.status === 304) {
    expect(text, `${where}: empty body`).toMatch(/^$|^\(0 bytes\)$/);
  } else if (type.startsWith("application/json")) {
    body = JSON.parse(text);
  } else if (!isBytes) {
    const isApi = new URL(response.url || BASE).pathname.startsWith("/api/") || label.includes(" /api/");
    if (isApi && response.status !== 302) expect.fail(`${where}: not JSON (${type})`);
  }
  if (response.status >= 400) expectShape(errorBody, body, `${label} error`);
  const leaks = emailKeys(body).filter(
    (path) => !(ME_ROUTES.some((route) => route.test(label)) && ALLOWED_EMAIL_PATHS.has(path)),
  );
  expect(leaks, `${where}: email keys`).toEqual([]);
  return { status: response.status, headers: response.headers, body, text };
};

/** One request through `call`, checked by `checkAnswer`. The label is `METHOD /path` without the query. */
export const api = async (method: string, path: string, options: CallOptions = {}) =>
  checkAnswer(`${method} ${path.split("?")[0]}`, await call(method, path, options));

/**
 * A request with a raw body and headers of our choosing (bad JSON, wrong media types). Redirects
 * are not followed: by default workerd would follow a 302 to GitHub.
 */
export const raw = async (
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: BodyInit },
) =>
  checkAnswer(
    `${method} ${path.split("?")[0]}`,
    await exports.default.fetch(new Request(`${BASE}${path}`, { method, redirect: "manual", ...init })),
  );

/** Asserts the status and the body's shape; returns the parsed body. */
export const expectAnswer = <Schema extends z.ZodType>(
  answer: Answer,
  status: number,
  schema: Schema,
): z.output<Schema> => {
  expect(answer.status, answer.text.slice(0, 400)).toBe(status);
  return expectShape(schema, answer.body);
};

/** Asserts an error answer: status and code (the shape is already checked by `checkAnswer`). */
export const expectError = (answer: Answer, status: number, code?: string) => {
  expect(answer.status, answer.text.slice(0, 400)).toBe(status);
  if (code !== undefined) expect((answer.body as { error: { code: string } }).error.code).toBe(code);
};
