import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../../src/auth/oauth/redirect-path";

describe("safeRedirectPath", () => {
  it.each([
    "//evil.com",
    "https://evil.com",
    "/\\evil.com",
    "\\/evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    "/..//evil.com",
    "/./\\evil.com",
    "javascript:alert(1)",
    "evil.com",
    "",
    `/${"a".repeat(2048)}`,
  ])("refuses %j", (value) => {
    expect(safeRedirectPath(value)).toBe("/");
  });

  it.each([
    ["/", "/"],
    ["/posts/abc", "/posts/abc"],
    ["/search?q=hono&type=posts#top", "/search?q=hono&type=posts#top"],
    ["/users/me/../settings", "/users/settings"],
    ["/%2F%2Fevil.com", "/%2F%2Fevil.com"],
  ])("keeps %j as %j", (value, expected) => {
    expect(safeRedirectPath(value)).toBe(expected);
  });

  it("falls back to / when nothing was asked for", () => {
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(null)).toBe("/");
  });
});
