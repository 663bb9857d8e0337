import { describe, expect, it } from "vitest";
import { languageFromHeader } from "../../src/lib/language";
import { call, errorCode, json, signUp, uniqueEmail } from "../helpers";

describe("the language of a user's mails", () => {
  it("is read from Accept-Language: English only when preferred over Korean", () => {
    expect(languageFromHeader(undefined)).toBe("ko");
    expect(languageFromHeader("en-US,en;q=0.9")).toBe("en");
    expect(languageFromHeader("ko-KR,ko;q=0.9,en-US;q=0.8")).toBe("ko");
    expect(languageFromHeader("fr-FR,en;q=0.5,ko;q=0.7")).toBe("ko");
    expect(languageFromHeader("fr-FR,en;q=0.5")).toBe("en");
    expect(languageFromHeader("de")).toBe("ko");
    expect(languageFromHeader("en;q=0")).toBe("ko");
  });

  it("is given at sign-up, or taken from the browser, and shown in Me", async () => {
    const signup = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      call("POST", "/api/auth/signup", {
        body: { email: uniqueEmail(), password: "correct horse battery", ...body },
        headers,
      });
    const chosen = await json<{ user: { language: string } }>(await signup({ language: "en" }));
    expect(chosen.user.language).toBe("en");
    const browser = await json<{ user: { language: string } }>(
      await signup({}, { "Accept-Language": "en-GB,en;q=0.9" }),
    );
    expect(browser.user.language).toBe("en");
    const plain = await json<{ user: { language: string; emailVerified: boolean } }>(await signup({}));
    expect(plain.user).toMatchObject({ language: "ko", emailVerified: false });
    const bad = await signup({ language: "fr" });
    expect(bad.status).toBe(422);
  });

  it("changes with PATCH /api/users/me", async () => {
    const user = await signUp();
    const patched = await call("PATCH", "/api/users/me", { token: user.token, body: { language: "en" } });
    expect(await json(patched)).toMatchObject({ language: "en" });
    const bad = await call("PATCH", "/api/users/me", { token: user.token, body: { language: "ja" } });
    expect(bad.status).toBe(422);
    expect(await errorCode(bad)).toBe("validation_failed");
    const anonymous = await call("PATCH", "/api/users/me", { body: { language: "en" } });
    expect(anonymous.status).toBe(401);
  });
});
