// Journey 12: an account you can trust — the email is verified through the link in the mail (read at
// /dev/mail, the development outbox), a forgotten password is reset through its mail and the app is
// then signed in with the new one, and one browser ends another's session from Settings: that
// browser is signed out and its notification socket closes.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  assertNoProblems,
  BASE,
  newPerson,
  openPage,
  shoot,
  signUpByApi,
  uniqueEmail,
  useBrowser,
  waitSignedIn,
} from "../helpers.mjs";

const chromium = useBrowser();

/** Opens the newest mail to `email` in /dev/mail and follows its link. */
const followMailLink = async (page, email, path) => {
  await page.goto(`/dev/mail?to=${encodeURIComponent(email)}`);
  const mail = page.getByTestId("dev-mail").first();
  await mail.waitFor();
  if (path === "/reset-password") await shoot(page, "12-dev-mail");
  await mail.getByRole("link", { name: new RegExp(`${path}\\?token=`) }).click();
  await page.waitForURL(new RegExp(`${path}\\?token=`));
};

test("sign up, the verification banner, verify through the mail", async () => {
  const context = await newPerson(chromium.browser);
  const email = uniqueEmail("verify");
  const page = await openPage(context, "/signup");
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=nickname]").fill("확인할사람");
  await page.locator("input[name=password]").fill("비밀번호-password-1");
  await page.getByRole("button", { name: "가입하기" }).click();
  await waitSignedIn(page);
  const banner = page.getByTestId("verify-banner");
  await banner.getByText("이메일 주소를 아직 확인하지 않았습니다.", { exact: false }).waitFor();
  await shoot(page, "12-verify-banner");

  await followMailLink(page, email, "/verify-email");
  await page.getByRole("heading", { name: "이메일 확인" }).waitFor();
  await page.getByText("이메일을 확인했습니다.").waitFor();
  await page.getByRole("link", { name: "피드로 가기" }).click();
  await waitSignedIn(page);
  assert.equal(await banner.count(), 0);
  const me = await context.request.get(`${BASE}/api/users/me`, {
    headers: { Authorization: `Bearer ${await accessTokenOf(context)}` },
  });
  assert.equal((await me.json()).emailVerified, true);
  assertNoProblems(page);
  await context.close();
});

/** A fresh access token for the context's session (its refresh cookie). */
const accessTokenOf = async (context) => {
  const refreshed = await context.request.post(`${BASE}/api/auth/refresh`);
  assert.equal(refreshed.status(), 200);
  return (await refreshed.json()).accessToken;
};

test("forgot password, reset through the mail, signed in with the new password", async () => {
  const setup = await newPerson(chromium.browser);
  const user = await signUpByApi(setup, "잊은사람");
  await setup.close();

  const context = await newPerson(chromium.browser);
  const page = await openPage(context, "/login");
  await page.getByRole("link", { name: "비밀번호를 잊으셨나요?" }).click();
  await page.getByRole("heading", { name: "비밀번호 찾기" }).waitFor();
  await page.getByLabel("이메일", { exact: true }).fill(user.email);
  await page.getByRole("button", { name: "링크 보내기" }).click();
  await page.getByText("그 주소로 가입한 계정이 있으면 메일을 보냈습니다.", { exact: false }).waitFor();

  await followMailLink(page, user.email, "/reset-password");
  await page.getByRole("heading", { name: "새 비밀번호 정하기" }).waitFor();
  const newPassword = "새로운-비밀번호-42";
  await page.getByLabel("이메일", { exact: true }).fill(user.email);
  await page.getByLabel("새 비밀번호 (8자 이상)").fill(newPassword);
  await page.getByLabel("새 비밀번호 확인").fill(newPassword);
  await page.getByRole("button", { name: "비밀번호 바꾸고 로그인" }).click();
  await page.waitForURL(`${BASE}/`);
  await waitSignedIn(page);

  const old = await context.request.post(`${BASE}/api/auth/login`, {
    data: { email: user.email, password: user.password },
  });
  assert.equal(old.status(), 401);
  assertNoProblems(page);
  await context.close();
});

test("ending another browser's session from Settings signs it out and closes its socket", async () => {
  const contextA = await newPerson(chromium.browser);
  const user = await signUpByApi(contextA, "두기기");
  const contextB = await newPerson(chromium.browser);
  const login = await contextB.request.post(`${BASE}/api/auth/login`, {
    data: { email: user.email, password: user.password },
  });
  assert.equal(login.status(), 200);

  // B: the feed, signed in, with its notification socket open.
  const b = await openPageWithSocket(contextB);
  await waitSignedIn(b.page);
  const socket = await b.socket;
  const closed = new Promise((resolve) => socket.on("close", resolve));

  // A: Settings lists both sessions; A's is "이 기기", B's is the other one.
  const pageA = await openPage(contextA, "/settings");
  await waitSignedIn(pageA);
  const rows = pageA.getByTestId("session");
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  await shoot(pageA, "12-sessions");
  const other = rows.filter({ hasNotText: "이 기기" });
  assert.equal(await other.count(), 1);
  await other.getByRole("button", { name: "세션 끝내기" }).click();
  await other.waitFor({ state: "detached" });
  assert.equal(await rows.count(), 1);

  // B: the socket closes with 4401 and the tab signs out.
  await closed;
  await b.page.getByRole("link", { name: "로그인" }).waitFor();
  assert.equal(await b.page.locator("summary[aria-label='내 메뉴']").count(), 0);
  const refresh = await contextB.request.post(`${BASE}/api/auth/refresh`);
  assert.equal(refresh.status(), 401);

  // With no other session left there is nothing to end "all" of.
  assert.equal(await pageA.getByRole("button", { name: "다른 기기의 세션 모두 끝내기" }).count(), 0);

  // A third sign-in (C), then "end all others" behind A's password: C is out, A goes on.
  const contextC = await newPerson(chromium.browser);
  const third = await contextC.request.post(`${BASE}/api/auth/login`, {
    data: { email: user.email, password: user.password },
  });
  assert.equal(third.status(), 200);
  await pageA.reload();
  await waitSignedIn(pageA);
  await rows.nth(1).waitFor();
  await pageA.getByLabel("계속하려면 비밀번호를 입력하세요.").fill(user.password);
  await pageA.getByRole("button", { name: "다른 기기의 세션 모두 끝내기" }).click();
  await pageA.getByText("다른 기기의 세션을 모두 끝냈습니다.").waitFor();
  await rows.nth(1).waitFor({ state: "detached" });
  assert.equal((await contextC.request.post(`${BASE}/api/auth/refresh`)).status(), 401);
  await contextC.close();
  await pageA.reload();
  await waitSignedIn(pageA);
  assertNoProblems(pageA);
  assertNoProblems(b.page);
  await contextA.close();
  await contextB.close();
});

/** openPage, listening for the notification socket before the page loads (it opens during load). */
const openPageWithSocket = async (context) => {
  let found;
  const socket = new Promise((resolve) => {
    found = resolve;
  });
  context.on("page", (page) =>
    page.on("websocket", (ws) => {
      if (ws.url().includes("/api/notifications/ws")) found(ws);
    }),
  );
  const page = await openPage(context, "/");
  return { page, socket };
};
