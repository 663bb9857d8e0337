// Journey 1: sign up in the browser, write a post with two pictures, find it in the feed and at its
// deep link after a reload (the session survives through the refresh cookie).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  assertNoProblems,
  BASE,
  makePng,
  newPerson,
  openPage,
  shoot,
  uniqueEmail,
  useBrowser,
  waitSignedIn,
} from "../helpers.mjs";

const chromium = useBrowser();

test("sign up, post with two images, feed and deep link after reload", async () => {
  const context = await newPerson(chromium.browser);
  const page = await openPage(context, "/signup");
  const github = page.getByRole("link", { name: "GitHub로 계속하기" });
  await github.waitFor();
  assert.equal(await github.getAttribute("href"), `${BASE}/api/auth/oauth/github?redirect=%2F`);
  assert.equal(await page.getByRole("link", { name: "Google로 계속하기" }).count(), 0);
  await shoot(page, "signup");
  const email = uniqueEmail("writer");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("닉네임").fill("글쓴이");
  await page.getByLabel("비밀번호").fill("password-1234");
  await page.getByRole("button", { name: "가입하기" }).click();
  await waitSignedIn(page);
  assert.equal(new URL(page.url()).pathname, "/");

  await page.getByRole("link", { name: "글쓰기" }).click();
  await page.waitForURL("**/posts/new");
  const title = `첫 번째 이미지 글 ${Date.now()}`;
  await page.getByLabel("제목").fill(title);
  await page.getByLabel("본문").fill("파란 그림과 빨간 그림을 올립니다.\n두 줄째입니다.");
  await page.getByTestId("image-input").setInputFiles([
    { name: "blue.png", mimeType: "image/png", buffer: makePng(64, 48, [40, 90, 220]) },
    { name: "red.png", mimeType: "image/png", buffer: makePng(48, 64, [220, 40, 40]) },
  ]);
  await page.locator(".image-draft").nth(1).waitFor();
  const altInputs = page.getByLabel("대체 텍스트");
  await altInputs.nth(0).fill("파란 사각형");
  await altInputs.nth(1).fill("빨간 사각형");
  // Reorder: red first.
  await page.getByRole("button", { name: "이미지 2 앞으로" }).click();
  assert.equal(await page.locator(".image-draft img").first().getAttribute("alt"), "빨간 사각형");
  await shoot(page, "post-editor");
  await page.getByRole("button", { name: "게시하기" }).click();

  await page.waitForURL(/\/posts\/[^/]+$/);
  await page.getByRole("heading", { name: title }).waitFor();
  const images = page.locator(".post-images img");
  await assert.doesNotReject(() => images.nth(1).waitFor());
  assert.equal(await images.count(), 2);
  assert.equal(await images.nth(0).getAttribute("alt"), "빨간 사각형");
  assert.equal(await images.nth(1).getAttribute("alt"), "파란 사각형");
  // The pictures really load from /images/... (waited for: a loaded page may still be fetching them).
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".post-images img")].every((img) => img.complete && img.naturalWidth > 0),
  );
  const loaded = await images.evaluateAll((nodes) => nodes.map((img) => img.naturalWidth));
  assert.deepEqual(loaded, [48, 64]);
  const postUrl = page.url();
  await shoot(page, "post-detail");

  await page.getByRole("link", { name: "피드" }).click();
  await page.locator("article").getByRole("link", { name: title }).waitFor();
  await shoot(page, "feed");

  await page.goto(postUrl);
  await page.getByRole("heading", { name: title }).waitFor();
  await waitSignedIn(page);
  await page.reload();
  await page.getByRole("heading", { name: title }).waitFor();
  await waitSignedIn(page);
  assert.equal(await page.locator(".post-images img").count(), 2);

  await page.goto("/settings");
  await page.getByRole("heading", { name: "비밀번호 변경" }).waitFor();
  await shoot(page, "settings");

  // Log out and back in through the form; a signed-out visit to a private page comes back after login.
  await page.locator("summary[aria-label='내 메뉴']").click();
  await page.getByRole("button", { name: "로그아웃" }).click();
  await page.getByRole("link", { name: "로그인" }).waitFor();
  await page.goto("/settings");
  await page.waitForURL(/\/login\?redirect=%2Fsettings/);
  await shoot(page, "login");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill("password-1234");
  await page.getByRole("button", { name: "로그인" }).click();
  await page.waitForURL("**/settings");
  await page.getByText(email).waitFor();
  assertNoProblems(page);
  await context.close();
});
