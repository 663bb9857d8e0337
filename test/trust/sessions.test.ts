import { describe, expect, it } from "vitest";
import { ipPrefix } from "../../src/auth/client-facts";
import { describeDevice } from "../../src/auth/session-list";
import { call, errorCode, json, signUp } from "../helpers";
import { openInbox } from "../realtime/support";
import { logInAgain } from "./support";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const WINDOWS_CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

interface SessionItem {
  id: string;
  current: boolean;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string;
  ipPrefix: string;
  device: { browser: string | null; os: string | null; type: string | null };
}

const sessionsOf = async (token: string) =>
  (await json<{ items: SessionItem[] }>(await call("GET", "/api/users/me/sessions", { token }))).items;

describe("the parts of a session the list shows", () => {
  it("cuts addresses to /24 and /48 and keeps nothing it cannot read", () => {
    expect(ipPrefix("203.0.113.77")).toBe("203.0.113.0/24");
    expect(ipPrefix("2001:db8:85a3:8d3:1319:8a2e:370:7348")).toBe("2001:db8:85a3::/48");
    expect(ipPrefix("2001:db8::1")).toBe("2001:db8:0::/48");
    expect(ipPrefix("::1")).toBe("0:0:0::/48");
    expect(ipPrefix("local")).toBe("");
    expect(ipPrefix("999.1.1.1")).toBe("");
    expect(ipPrefix("1:2:3:4:5:6:7:8:9")).toBe("");
  });

  it("names the browser, the system and the kind of device", () => {
    expect(describeDevice(IPHONE)).toEqual({ browser: "Safari", os: "iOS 17.4", type: "mobile" });
    expect(describeDevice(WINDOWS_CHROME)).toEqual({ browser: "Chrome", os: "Windows 10", type: "desktop" });
    expect(describeDevice("")).toEqual({ browser: null, os: null, type: null });
    expect(describeDevice("curl/8.5.0").type).toBeNull();
  });
});

describe("GET /api/users/me/sessions", () => {
  it("lists every signed-in device, the caller's marked current", async () => {
    const user = await signUp();
    const phone = await logInAgain(user, { "User-Agent": IPHONE, "CF-Connecting-IP": "203.0.113.77" });
    const items = await sessionsOf(phone.token);
    expect(items).toHaveLength(2);
    const current = items.find((item) => item.current);
    expect(current).toMatchObject({
      userAgent: IPHONE,
      ipPrefix: "203.0.113.0/24",
      device: { browser: "Safari", os: "iOS 17.4", type: "mobile" },
    });
    expect(current?.lastUsedAt).toMatch(/^\d{4}-/);
    expect(items.filter((item) => !item.current)).toHaveLength(1);
    expect((await call("GET", "/api/users/me/sessions")).status).toBe(401);
  });
});

describe("DELETE /api/users/me/sessions/:id", () => {
  it("ends that session: its refresh fails and its sockets close with 4401", async () => {
    const user = await signUp();
    const other = await logInAgain(user);
    const inbox = await openInbox(other);
    await inbox.nextOf("ready");
    const target = (await sessionsOf(other.token)).find((item) => item.current);
    const ended = await call("DELETE", `/api/users/me/sessions/${target?.id}`, { token: user.token });
    expect(ended.status).toBe(204);
    await expect.poll(() => inbox.closed?.code, { timeout: 2000 }).toBe(4401);
    expect((await call("POST", "/api/auth/refresh", { cookie: other.cookie })).status).toBe(401);
    expect((await call("POST", "/api/auth/refresh", { cookie: user.cookie })).status).toBe(200);
  });

  it("is 404 for another user's session (which goes on) and for an unknown id; 401 anonymous", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const [session] = await sessionsOf(owner.token);
    const foreign = await call("DELETE", `/api/users/me/sessions/${session?.id}`, { token: stranger.token });
    expect(foreign.status).toBe(404);
    expect(await errorCode(foreign)).toBe("not_found");
    expect((await call("POST", "/api/auth/refresh", { cookie: owner.cookie })).status).toBe(200);
    expect((await call("DELETE", "/api/users/me/sessions/nope", { token: owner.token })).status).toBe(404);
    expect((await call("DELETE", `/api/users/me/sessions/${session?.id}`)).status).toBe(401);
  });

  it("ending the current session clears its cookie", async () => {
    const user = await signUp();
    const [session] = await sessionsOf(user.token);
    const ended = await call("DELETE", `/api/users/me/sessions/${session?.id}`, { token: user.token });
    expect(ended.status).toBe(204);
    expect(ended.headers.getAll("Set-Cookie").join("\n")).toMatch(/orgo_refresh=;/);
  });
});

describe("DELETE /api/users/me/sessions", () => {
  it("needs the password, then ends every other session and closes their sockets", async () => {
    const user = await signUp();
    const other = await logInAgain(user);
    const inbox = await openInbox(other);
    await inbox.nextOf("ready");
    const missing = await call("DELETE", "/api/users/me/sessions", { token: user.token });
    expect(missing.status).toBe(403);
    expect(await errorCode(missing)).toBe("reauth_required");
    const wrong = await call("DELETE", "/api/users/me/sessions", {
      token: user.token,
      body: { password: "wrong one" },
    });
    expect(await errorCode(wrong)).toBe("wrong_password");
    expect(inbox.closed).toBeNull();

    const ended = await call("DELETE", "/api/users/me/sessions", {
      token: user.token,
      body: { password: user.password },
    });
    expect(ended.status).toBe(204);
    await expect.poll(() => inbox.closed?.code, { timeout: 2000 }).toBe(4401);
    expect((await call("POST", "/api/auth/refresh", { cookie: other.cookie })).status).toBe(401);
    expect((await sessionsOf(user.token)).map((item) => item.current)).toEqual([true]);
    expect((await call("DELETE", "/api/users/me/sessions", { body: {} })).status).toBe(401);
  });
});
