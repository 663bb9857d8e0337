import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import type { Env } from "../../src/env";
import { ConfigError, readConfig } from "../../src/lib/config";
import { BASE, call, errorCode, json, uniqueEmail } from "../helpers";

/** Our real app under a different configuration (limits, secrets), as a deployment would set it. */
const withEnv = (overrides: Partial<Env>) => {
  const configured = { ...env, ...overrides } as Env;
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const ctx = createExecutionContext();
    const response = await app.fetch(
      new Request(`${BASE}${path}`, {
        method,
        headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      configured,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return response;
  };
};

describe("the app shell", () => {
  it("answers unknown API paths with a JSON 404", async () => {
    const response = await call("GET", "/api/nothing-here");
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(await errorCode(response)).toBe("not_found");
  });

  it("sets a request id and security headers on API answers", async () => {
    const response = await call("GET", "/api/users/me");
    expect(response.headers.get("X-Request-Id")).toMatch(/.{8,}/);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("X-Frame-Options")).toBeTruthy();
  });

  it("allows CORS for the configured app origin only", async () => {
    const preflight = (origin: string) =>
      call("OPTIONS", "/api/auth/login", {
        headers: { Origin: origin, "Access-Control-Request-Method": "POST" },
      });
    const allowed = await preflight("http://127.0.0.1:8787");
    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe("http://127.0.0.1:8787");
    expect(allowed.headers.get("Access-Control-Allow-Credentials")).toBe("true");
    const other = await preflight("https://evil.example");
    expect(other.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("answers 415 for a body that is neither JSON nor multipart", async () => {
    const response = await call("POST", "/api/auth/login", {
      headers: { "Content-Type": "text/plain" },
      body: undefined,
    });
    // No body: validation decides (422). With a text body: 415.
    expect(response.status).toBe(422);
    const { exports } = await import("cloudflare:workers");
    const text = await exports.default.fetch(
      new Request(`${BASE}/api/auth/login`, {
        method: "POST",
        headers: { "Content-Type": "text/plain" },
        body: "hi",
      }),
    );
    expect(text.status).toBe(415);
    expect(await errorCode(text)).toBe("unsupported_media_type");
  });

  it("answers 413 for an oversized JSON body", async () => {
    const response = await call("POST", "/api/auth/signup", {
      body: { email: uniqueEmail(), password: "x".repeat(70 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe("too_large");
  });

  it("logs a missing JWT_SECRET and answers a generic 500 misconfigured instead of failing mid-request", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const misconfigured = withEnv({ JWT_SECRET: undefined });
      const response = await misconfigured("GET", "/api/users/me");
      expect(response.status).toBe(500);
      const body = await json<{ error: { code: string; message: string } }>(response);
      expect(body.error.code).toBe("misconfigured");
      // The detail (which variable, how) is for the operator's log only.
      expect(body.error.message).not.toContain("JWT_SECRET");
      expect(logged.mock.calls.flat().join(" ")).toContain("JWT_SECRET");
    } finally {
      logged.mockRestore();
    }
  });

  it("refuses to run without APP_ORIGIN instead of falling back to some origin", async () => {
    expect(() => readConfig({ ...env, APP_ORIGIN: undefined })).toThrow(ConfigError);
    expect(() => readConfig({ ...env, APP_ORIGIN: undefined })).toThrow(/APP_ORIGIN is not set/);
    expect(() => readConfig({ ...env, APP_ORIGIN: "not a url" })).toThrow(/APP_ORIGIN must be a URL/);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await withEnv({ APP_ORIGIN: undefined })("GET", "/api/studies");
      expect(response.status).toBe(500);
      expect(await errorCode(response)).toBe("misconfigured");
      expect(logged.mock.calls.flat().join(" ")).toContain("APP_ORIGIN");
    } finally {
      logged.mockRestore();
    }
  });
});

describe("rate limits", () => {
  it("limits sign-ups per address with 429 and Retry-After", async () => {
    const limited = withEnv({ RATE_LIMIT_SIGNUP_IP: "3/3600" });
    const ip = { "CF-Connecting-IP": `198.51.100.${Math.floor(Math.random() * 250)}` };
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await limited(
        "POST",
        "/api/auth/signup",
        { email: uniqueEmail(), password: "long enough pw" },
        ip,
      );
      expect(response.status).toBe(201);
    }
    const email = uniqueEmail();
    const refused = await limited("POST", "/api/auth/signup", { email, password: "long enough pw" }, ip);
    expect(refused.status).toBe(429);
    expect(await errorCode(refused)).toBe("rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM users WHERE email = ?")
      .bind(email)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
    // Another address is unaffected.
    const elsewhere = await limited(
      "POST",
      "/api/auth/signup",
      { email: uniqueEmail(), password: "long enough pw" },
      { "CF-Connecting-IP": "203.0.113.7" },
    );
    expect(elsewhere.status).toBe(201);
  });

  it("locks an email after 10 failed logins, even for the right password", async () => {
    const email = uniqueEmail();
    await call("POST", "/api/auth/signup", { body: { email, password: "the right password" } });
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await call("POST", "/api/auth/login", {
        body: { email, password: "wrong password!" },
      });
      expect(response.status).toBe(401);
    }
    const locked = await call("POST", "/api/auth/login", { body: { email, password: "the right password" } });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("Retry-After")).toBeTruthy();
  });

  it("limits failed logins per address", async () => {
    const limited = withEnv({ RATE_LIMIT_LOGIN_IP: "2/900" });
    const ip = { "CF-Connecting-IP": "192.0.2.44" };
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await limited(
        "POST",
        "/api/auth/login",
        { email: uniqueEmail(), password: "whatever1" },
        ip,
      );
      expect(response.status).toBe(401);
    }
    const refused = await limited(
      "POST",
      "/api/auth/login",
      { email: uniqueEmail(), password: "whatever1" },
      ip,
    );
    expect(refused.status).toBe(429);
  });

  it("limits writes per user", async () => {
    const limited = withEnv({ RATE_LIMIT_WRITES_USER: "2/60" });
    const signup = await limited(
      "POST",
      "/api/auth/signup",
      { email: uniqueEmail(), password: "long enough pw" },
      {
        "CF-Connecting-IP": "192.0.2.99",
      },
    );
    const { accessToken } = await json<{ accessToken: string }>(signup);
    const auth = { Authorization: `Bearer ${accessToken}` };
    expect((await limited("PATCH", "/api/users/me", { bio: "1" }, auth)).status).toBe(200);
    expect((await limited("PATCH", "/api/users/me", { bio: "2" }, auth)).status).toBe(200);
    const refused = await limited("PATCH", "/api/users/me", { bio: "3" }, auth);
    expect(refused.status).toBe(429);
    // Reads are not writes.
    expect((await limited("GET", "/api/users/me", undefined, auth)).status).toBe(200);
  });
});
