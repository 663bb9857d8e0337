// Journey 9: English as the second language. A Korean browser switches to English on /login, signs up,
// sees English navigation, plural-correct counts and an English message for a wrong login; the choice
// survives a reload, and the avatar menu switches back to Korean.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertNoProblems, newPerson, openPage, shoot, uniqueEmail, useBrowser } from "../helpers.mjs";

const chromium = useBrowser();

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);

test("switch to English on /login, sign up, English errors, the choice persists", async () => {
  const context = await newPerson(chromium.browser);
  const page = await openPage(context, "/login");
  const main = page.locator("main");
  await main.getByRole("heading", { name: "로그인" }).waitFor();
  assert.equal(await htmlLang(page), "ko");

  await page.getByRole("button", { name: "English" }).click();
  await main.getByRole("heading", { name: "Log in" }).waitFor();
  assert.equal(await htmlLang(page), "en");
  assert.equal(await page.getByRole("button", { name: "English" }).getAttribute("aria-pressed"), "true");
  await shoot(page, "login-en");

  await main.getByRole("link", { name: "Sign up" }).click();
  await main.getByRole("heading", { name: "Sign up" }).waitFor();
  const email = uniqueEmail("english");
  const password = "password-english-1";
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Nickname").fill("Reader");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();

  // English navigation once signed in.
  const menu = page.locator("summary[aria-label='My menu']");
  await menu.waitFor();
  assert.equal(new URL(page.url()).pathname, "/");
  const nav = page.getByRole("navigation", { name: "Main menu" });
  await nav.getByRole("link", { name: "Feed" }).waitFor();
  await nav.getByRole("link", { name: "Studies" }).waitFor();
  await page.getByRole("link", { name: "Write" }).waitFor();
  await page
    .getByRole("navigation", { name: "Feed type" })
    .getByRole("link", { name: "Following" })
    .waitFor();

  // Counts use the right plural form ("0 followers", "1 follower" alike).
  await menu.click();
  await shoot(page, "menu-en");
  await page.getByRole("link", { name: "My profile" }).click();
  await page.getByText("0 followers · 0 following · 0 posts").waitFor();

  // A wrong password: the worker answers in Korean, the page shows English for its code.
  page.expectConsoleError(/status of 401/);
  await menu.click();
  await page.getByRole("button", { name: "Log out" }).click();
  await page.getByRole("link", { name: "Log in" }).first().click();
  await main.getByRole("heading", { name: "Log in" }).waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("alert").getByText("Incorrect email or password.").waitFor();

  // The choice is saved in this browser: a reload stays English.
  await page.reload();
  await main.getByRole("heading", { name: "Log in" }).waitFor();
  assert.equal(await htmlLang(page), "en");
  assert.equal(await page.evaluate(() => localStorage.getItem("orgo.locale")), "en");

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await menu.waitFor();

  // Back to Korean from the avatar menu.
  await menu.click();
  await page.getByRole("button", { name: "한국어" }).click();
  await page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "피드" }).waitFor();
  assert.equal(await htmlLang(page), "ko");
  await page.reload();
  await page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "피드" }).waitFor();
  await page.locator("summary[aria-label='내 메뉴']").waitFor();
  assertNoProblems(page);
  await context.close();
});
