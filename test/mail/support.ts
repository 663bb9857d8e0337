import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { app } from "../../src/app";
import type { Env } from "../../src/env";
import type { OutboxMail } from "../../src/mail/outbox";
import { type CallOptions, call, json, request } from "../helpers";

/**
 * One request to the app whose after-answer work (mails) has finished when this returns, so a
 * test reads the outbox without waiting on a clock.
 */
export const callSettled = async (
  method: string,
  path: string,
  options: CallOptions = {},
  overrides: Partial<Env> = {},
) => {
  const ctx = createExecutionContext();
  const response = await app.fetch(request(method, path, options), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
};

/** The dev outbox's mails to `to`, newest first. */
export const outbox = async (to: string) => {
  const response = await call("GET", `/api/dev/outbox?to=${encodeURIComponent(to)}`);
  if (response.status !== 200) throw new Error(`outbox: ${response.status}`);
  return (await json<{ items: OutboxMail[] }>(response)).items;
};

/** The token in the newest mail to `to` whose link goes to `path`. */
export const tokenFromMail = async (to: string, path: string) => {
  for (const mail of await outbox(to)) {
    for (const link of mail.links) {
      const url = new URL(link);
      if (url.pathname === path) return url.searchParams.get("token") ?? "";
    }
  }
  throw new Error(`no ${path} mail to ${to}`);
};

/** Opens the verification link mailed to `email` (a sign-up's, or an email change's new address). */
export const verifyAddress = async (email: string) => {
  const token = await tokenFromMail(email, "/verify-email");
  const response = await call("POST", "/api/auth/email/verify", { body: { token } });
  if (response.status !== 200) throw new Error(`verify failed: ${response.status} ${await response.text()}`);
  return json<{ email: string; emailVerified: boolean }>(response);
};
