import { env } from "cloudflare:workers";
import { call, json, type TestUser } from "../helpers";

/** Another device of the same account: a second password login (its own session). */
export const logInAgain = async (user: TestUser, headers: Record<string, string> = {}): Promise<TestUser> => {
  const response = await call("POST", "/api/auth/login", {
    body: { email: user.email, password: user.password },
    headers,
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  const { accessToken } = await json<{ accessToken: string }>(response);
  const cookie = response.headers
    .getAll("Set-Cookie")
    .map((header) => header.split(";")[0] ?? "")
    .find((pair) => pair.startsWith("orgo_refresh="));
  return { ...user, token: accessToken, cookie: cookie ?? "" };
};

/** Moves every provider sign-in of a user's sessions `minutes` into the past. */
export const ageProviderSignIn = (userId: string, minutes: number) =>
  env.DB.prepare("UPDATE sessions SET provider_auth_at = provider_auth_at - ? WHERE user_id = ?")
    .bind(minutes * 60 * 1000, userId)
    .run();
