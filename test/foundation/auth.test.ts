import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PBKDF2_ITERATIONS } from "../../src/auth/password";
import { call, cookieFrom, errorCode, json, signUp, uniqueEmail } from "../helpers";

const countUsersWithEmail = async (email: string) =>
  (
    await env.DB.prepare("SELECT count(*) AS n FROM users WHERE lower(email) = lower(?)")
      .bind(email)
      .first<{ n: number }>()
  )?.n;

describe("signup", () => {
  it("creates the account, answers Me with an access token and sets the refresh cookie", async () => {
    const email = uniqueEmail("Signup");
    const response = await call("POST", "/api/auth/signup", {
      body: { email, password: "long enough pw", nickname: "새싹" },
    });
    expect(response.status).toBe(201);
    const body = await json<{ user: Record<string, unknown>; accessToken: string }>(response);
    expect(body.user).toMatchObject({
      email,
      nickname: "새싹",
      bio: "",
      avatarUrl: null,
      providers: ["password"],
    });
    expect(typeof body.accessToken).toBe("string");
    expect(JSON.stringify(body)).not.toMatch(/pbkdf2|orgo_refresh/);
    const cookie = response.headers.getAll("Set-Cookie").find((c) => c.startsWith("orgo_refresh="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    // Plain http on 127.0.0.1 is the one place the cookie may go without Secure.
    expect(cookie).not.toMatch(/Secure/i);
  });

  it("marks the cookie Secure on any other origin", async () => {
    const response = await call("POST", "/api/auth/signup", {
      body: { email: uniqueEmail(), password: "long enough pw" },
      headers: {},
    });
    expect(response.status).toBe(201);
    const { exports } = await import("cloudflare:workers");
    const remote = await exports.default.fetch(
      new Request("https://orgo.example/api/auth/signup", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: uniqueEmail(), password: "long enough pw" }),
      }),
    );
    expect(remote.headers.getAll("Set-Cookie").join()).toMatch(/Secure/);
  });

  it("gives a neutral nickname, never a piece of the email, when none is given", async () => {
    const email = uniqueEmail("kim.minji.private");
    const response = await call("POST", "/api/auth/signup", { body: { email, password: "12345678" } });
    const body = await json<{ user: { nickname: string } }>(response);
    expect(body.user.nickname).toMatch(/^학습자\d{4}$/);
    expect(body.user.nickname).not.toContain("kim");
  });

  it("refuses a taken email, compared case-insensitively", async () => {
    const user = await signUp();
    const response = await call("POST", "/api/auth/signup", {
      body: { email: user.email.toUpperCase(), password: "another password" },
    });
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe("email_taken");
    expect(await countUsersWithEmail(user.email)).toBe(1);
  });

  it.each([
    ["a malformed email", { email: "not-an-email", password: "long enough pw" }, "email"],
    ["a short password", { email: "@", password: "short" }, "password"],
    ["the email as password", { email: "@", password: "@" }, "password"],
    [
      "a 31-character nickname",
      { email: "@", password: "long enough pw", nickname: "가".repeat(31) },
      "nickname",
    ],
    ["an empty nickname", { email: "@", password: "long enough pw", nickname: "  " }, "nickname"],
    ["an unknown field", { email: "@", password: "long enough pw", admin: true }, ""],
    ["a missing password", { email: "@" }, "password"],
  ])("answers 422 for %s and stores nothing", async (_name, template, path) => {
    const email = uniqueEmail();
    const body = Object.fromEntries(
      Object.entries(template).map(([key, value]) => [key, value === "@" ? email : value]),
    );
    const response = await call("POST", "/api/auth/signup", { body });
    expect(response.status).toBe(422);
    const error = await json<{ error: { code: string; details: { path: string }[] } }>(response);
    expect(error.error.code).toBe("validation_failed");
    expect(error.error.details.some((detail) => detail.path === path)).toBe(true);
    expect(await countUsersWithEmail(email)).toBe(0);
  });

  it("answers 400 invalid_json for a malformed body", async () => {
    const { exports } = await import("cloudflare:workers");
    const response = await exports.default.fetch(
      new Request("http://127.0.0.1:8787/api/auth/signup", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{not json",
      }),
    );
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("invalid_json");
  });
});

describe("login", () => {
  it("signs in with the right password, whatever the email's case", async () => {
    const user = await signUp("로그인");
    const response = await call("POST", "/api/auth/login", {
      body: { email: user.email.toUpperCase(), password: user.password },
    });
    expect(response.status).toBe(200);
    const body = await json<{ user: { id: string; email: string }; accessToken: string }>(response);
    expect(body.user.id).toBe(user.id);
    expect(cookieFrom(response, "orgo_refresh")).toBeTruthy();
  });

  it("gives the same 401 for an unknown email and a wrong password", async () => {
    const user = await signUp();
    const wrong = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: "wrong password" },
    });
    const unknown = await call("POST", "/api/auth/login", {
      body: { email: uniqueEmail(), password: "wrong password" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [wrongBody, unknownBody] = [await wrong.json(), await unknown.json()];
    expect(wrongBody).toEqual(unknownBody);
    expect(wrongBody).toMatchObject({ error: { code: "invalid_credentials" } });
    expect(cookieFrom(wrong, "orgo_refresh")).toBeNull();
  });

  it("answers 422 for a missing password", async () => {
    const response = await call("POST", "/api/auth/login", { body: { email: uniqueEmail() } });
    expect(response.status).toBe(422);
  });
});

describe("refresh and logout", () => {
  it("rotates the refresh token and issues a working access token", async () => {
    const user = await signUp();
    const refreshed = await call("POST", "/api/auth/refresh", { cookie: user.cookie });
    expect(refreshed.status).toBe(200);
    const body = await json<{ accessToken: string }>(refreshed);
    expect(Object.keys(body)).toEqual(["accessToken"]);
    const rotated = cookieFrom(refreshed, "orgo_refresh");
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(user.cookie);
    const me = await call("GET", "/api/users/me", { token: body.accessToken });
    expect(me.status).toBe(200);
    // The new token works again.
    expect((await call("POST", "/api/auth/refresh", { cookie: rotated ?? "" })).status).toBe(200);
  });

  it("revokes the whole session when a rotated token is replayed", async () => {
    const user = await signUp();
    const first = await call("POST", "/api/auth/refresh", { cookie: user.cookie });
    const current = cookieFrom(first, "orgo_refresh") ?? "";
    const replay = await call("POST", "/api/auth/refresh", { cookie: user.cookie });
    expect(replay.status).toBe(401);
    // The legitimate holder's current token is dead too: the session is gone.
    expect((await call("POST", "/api/auth/refresh", { cookie: current })).status).toBe(401);
  });

  it("answers 401 without a cookie or with a forged one", async () => {
    expect((await call("POST", "/api/auth/refresh")).status).toBe(401);
    const forged = await call("POST", "/api/auth/refresh", { cookie: "orgo_refresh=abc.def" });
    expect(forged.status).toBe(401);
    expect(await errorCode(forged)).toBe("unauthorized");
  });

  it("logs out: 204, cookie cleared, the refresh token no longer works", async () => {
    const user = await signUp();
    const response = await call("POST", "/api/auth/logout", { cookie: user.cookie });
    expect(response.status).toBe(204);
    expect(response.headers.getAll("Set-Cookie").join()).toMatch(/orgo_refresh=;.*Max-Age=0/);
    expect((await call("POST", "/api/auth/refresh", { cookie: user.cookie })).status).toBe(401);
  });
});

describe("the session hint cookie", () => {
  const hintOf = (response: Response) =>
    response.headers.getAll("Set-Cookie").find((header) => header.startsWith("orgo_session="));

  it("comes with every refresh cookie: readable by the app, no secret, the same lifetime", async () => {
    const signup = await call("POST", "/api/auth/signup", {
      body: { email: uniqueEmail(), password: "correct horse battery" },
    });
    const hint = hintOf(signup) ?? "";
    expect(hint).toMatch(/^orgo_session=1;/);
    expect(hint).toMatch(/Path=\//);
    expect(hint).toMatch(/SameSite=Strict/);
    expect(hint).not.toMatch(/HttpOnly/);
    expect(hint).toMatch(/Max-Age=2592000/);
    const refreshed = await call("POST", "/api/auth/refresh", {
      cookie: cookieFrom(signup, "orgo_refresh") ?? "",
    });
    expect(hintOf(refreshed)).toMatch(/^orgo_session=1;/);
  });

  it("is cleared with the refresh cookie: logout and a failed refresh", async () => {
    const user = await signUp();
    const logout = await call("POST", "/api/auth/logout", { cookie: user.cookie });
    expect(hintOf(logout)).toMatch(/^orgo_session=;.*Max-Age=0/);
    const failed = await call("POST", "/api/auth/refresh", { cookie: user.cookie });
    expect(failed.status).toBe(401);
    expect(hintOf(failed)).toMatch(/^orgo_session=;.*Max-Age=0/);
  });
});

describe("tokens", () => {
  it("refuses a tampered, expired-looking or wrong-audience token", async () => {
    const user = await signUp();
    const tampered = `${user.token.slice(0, -3)}abc`;
    expect((await call("GET", "/api/users/me", { token: tampered })).status).toBe(401);
    const ticket = await json<{ ticket: string; expiresIn: number }>(
      await call("POST", "/api/realtime/ticket", { token: user.token }),
    );
    expect(ticket.expiresIn).toBe(60);
    // A WebSocket ticket is not an API token.
    expect((await call("GET", "/api/users/me", { token: ticket.ticket })).status).toBe(401);
  });

  it("pins PBKDF2 at the 100,000 iterations production Workers allow", () => {
    expect(PBKDF2_ITERATIONS).toBe(100_000);
  });
});
