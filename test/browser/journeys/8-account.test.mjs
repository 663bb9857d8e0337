// Journey 8: one's own account — avatar upload, password change (then log in with the new one),
// account deletion behind its confirmation.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  assertNoProblems,
  BASE,
  makePng,
  newPerson,
  openPage,
  signUpByApi,
  useBrowser,
  waitSignedIn,
} from "../helpers.mjs";

const chromium = useBrowser();

test("avatar, password change, account deletion", async () => {
  const context = await newPerson(chromium.browser);
  const user = await signUpByApi(context, "계정주인");
  const page = await openPage(context, `/users/${user.id}`);
  await waitSignedIn(page);

  // A picked picture is only a preview until 저장: 닫기 leaves the account as it was.
  const photo = { name: "me.png", mimeType: "image/png", buffer: makePng(40, 40, [120, 60, 200]) };
  await page.getByRole("button", { name: "프로필 편집" }).click();
  await page.getByLabel("프로필 사진 선택").setInputFiles(photo);
  await page.getByRole("img", { name: "새 프로필 사진 미리보기" }).waitFor();
  await page.getByRole("button", { name: "닫기" }).click();
  assert.equal(await page.locator("summary[aria-label='내 메뉴'] img.avatar").count(), 0);
  const untouched = await context.request.get(`${BASE}/api/users/${user.id}`);
  assert.equal((await untouched.json()).avatarUrl, null);

  await page.getByRole("button", { name: "프로필 편집" }).click();
  await page.getByLabel("프로필 사진 선택").setInputFiles(photo);
  await page.getByRole("button", { name: "저장" }).click();
  await page.locator("summary[aria-label='내 메뉴'] img.avatar").waitFor();
  await page.locator(".profile img.avatar").waitFor();
  // A picture and a letter of one size are the same box.
  assert.deepEqual(
    await page.locator(".profile img.avatar").evaluate((img) => [img.offsetWidth, img.offsetHeight]),
    [72, 72],
  );

  await page.goto("/settings");
  await page.getByLabel("현재 비밀번호").fill(user.password);
  await page.getByLabel("새 비밀번호 (8자 이상)").fill("새-비밀번호-5678");
  await page.getByLabel("새 비밀번호 확인").fill("새-비밀번호-5678");
  await page.getByRole("button", { name: "변경" }).click();
  await page.getByText("비밀번호를 바꿨습니다.").waitFor();
  const login = await context.request.post(`${BASE}/api/auth/login`, {
    data: { email: user.email, password: "새-비밀번호-5678" },
  });
  assert.equal(login.status(), 200);

  await page.getByRole("button", { name: "계정 삭제…" }).click();
  await page.getByLabel("확인을 위해 비밀번호를 입력하세요").fill("틀린-비밀번호");
  page.expectConsoleError(/status of 403/);
  await page.getByRole("button", { name: "영구 삭제" }).click();
  await page.getByText("비밀번호가 올바르지 않습니다.").waitFor();
  await page.getByLabel("확인을 위해 비밀번호를 입력하세요").fill("새-비밀번호-5678");
  await page.getByRole("button", { name: "영구 삭제" }).click();
  await page.waitForURL(`${BASE}/`);
  await page.getByRole("link", { name: "로그인" }).waitFor();
  const gone = await context.request.get(`${BASE}/api/users/${user.id}`);
  assert.equal(gone.status(), 404);
  assertNoProblems(page);
  await context.close();
});
