import { describe, expect, it } from "vitest";
import { call, errorCode, signUp, uniqueEmail } from "../helpers";
import { callSettled, outbox } from "../mail/support";

const attempt = (email: string, password: string, ip: string) =>
  callSettled("POST", "/api/auth/login", { body: { email, password }, headers: { "CF-Connecting-IP": ip } });

const failedLoginMails = async (email: string) =>
  (await outbox(email)).filter((mail) => mail.subject === "OrGo 로그인 실패가 반복되었습니다");

describe("failed logins", () => {
  it("a lock-out from one address leaves the owner able to log in from another", async () => {
    const owner = await signUp(undefined, { send: callSettled });
    for (let n = 0; n < 10; n++) {
      const response = await attempt(owner.email, "guessing wrong", "198.51.100.20");
      expect(response.status).toBe(401);
      expect(await errorCode(response)).toBe("invalid_credentials");
    }
    const lockedOut = await attempt(owner.email, owner.password, "198.51.100.20");
    expect(lockedOut.status).toBe(429);
    expect(lockedOut.headers.get("Retry-After")).toMatch(/^\d+$/);
    const fromHome = await attempt(owner.email, owner.password, "203.0.113.9");
    expect(fromHome.status).toBe(200);
  });

  it("mails the owner once, at the fifth failure from one address, naming only its network", async () => {
    const owner = await signUp(undefined, { send: callSettled });
    for (let n = 0; n < 4; n++) await attempt(owner.email, "guessing wrong", "192.0.2.44");
    expect(await failedLoginMails(owner.email)).toEqual([]);
    await attempt(owner.email, "guessing wrong", "192.0.2.44");
    const [mail, ...more] = await failedLoginMails(owner.email);
    expect(more).toEqual([]);
    expect(mail?.text).toContain("192.0.2.0/24");
    expect(mail?.text).not.toContain("192.0.2.44");
    await attempt(owner.email, "guessing wrong", "192.0.2.44");
    expect(await failedLoginMails(owner.email)).toHaveLength(1);
    // Four failures from each of two other addresses make no mail.
    for (const ip of ["192.0.2.45", "192.0.2.46"]) {
      for (let n = 0; n < 4; n++) await attempt(owner.email, "guessing wrong", ip);
    }
    expect(await failedLoginMails(owner.email)).toHaveLength(1);
  });

  it("an unknown address gets the same answers and no mail goes anywhere", async () => {
    const nobody = uniqueEmail("nobody");
    for (let n = 0; n < 5; n++) {
      const response = await attempt(nobody, "whatever pass", "192.0.2.99");
      expect(await errorCode(response)).toBe("invalid_credentials");
    }
    expect(await outbox(nobody)).toEqual([]);
  });

  it("one address is limited across every email it tries", async () => {
    const limited = { RATE_LIMIT_LOGIN_IP: "3/900" };
    const ip = "198.51.100.250";
    const login = (email: string) =>
      callSettled(
        "POST",
        "/api/auth/login",
        { body: { email, password: "wrong pass" }, headers: { "CF-Connecting-IP": ip } },
        limited,
      );
    for (let n = 0; n < 3; n++) expect((await login(uniqueEmail())).status).toBe(401);
    expect((await login(uniqueEmail())).status).toBe(429);
    // The default configuration elsewhere is unaffected.
    expect(
      (await call("POST", "/api/auth/login", { body: { email: uniqueEmail(), password: "x" } })).status,
    ).toBe(401);
  });
});
