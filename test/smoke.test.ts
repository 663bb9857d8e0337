import { describe, expect, it } from "vitest";
import { call, errorCode, signUp } from "./helpers";

describe("smoke", () => {
  it("answers 401 in the API's error shape without a token", async () => {
    const response = await call("GET", "/api/users/me");
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe("unauthorized");
    expect(response.headers.get("X-Request-Id")).toBeTruthy();
  });

  it("signs up and reads me", async () => {
    const user = await signUp("하나");
    const response = await call("GET", "/api/users/me", { token: user.token });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      nickname: "하나",
      email: user.email,
      providers: ["password"],
    });
  });
});
