// Journey 5: a Korean search from the header finds the post, the person and the study, each on its tab.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  assertNoProblems,
  newPerson,
  openPage,
  shoot,
  signUpByApi,
  useBrowser,
  waitSignedIn,
} from "../helpers.mjs";

const chromium = useBrowser();

test("Korean search finds a post, a user and a study", async () => {
  const context = await newPerson(chromium.browser);
  const writer = await signUpByApi(context, "코딩고양이스터디왕");
  await apiAs(context, writer, "POST", "/posts", {
    title: "고양이스터디원 모집 후기",
    body: "알고리즘을 함께 풀 사람을 찾았습니다.",
  });
  await apiAs(context, writer, "POST", "/studies", {
    title: "고양이스터디 알고리즘반",
    description: "백준 문제를 함께 풉니다.",
    mode: "offline",
    location: "서울 강남",
    startDate: "2030-05-01",
    endDate: "2030-06-30",
    maxMembers: 6,
    tags: ["알고리즘"],
  });

  const page = await openPage(context, "/");
  await waitSignedIn(page);
  const box = page.getByRole("searchbox", { name: "검색" });
  await box.fill("고양이스터디");
  await box.press("Enter");
  await page.waitForURL(/\/search\?q=/);
  await page.getByRole("heading", { name: '"고양이스터디" 검색 결과' }).waitFor();

  await page.locator("article").getByRole("link", { name: "고양이스터디원 모집 후기" }).waitFor();
  // The matched word is marked in the result (the answer's `terms`, issue 14).
  await page.locator("article mark.search-hit", { hasText: "고양이스터디" }).first().waitFor();
  const tabs = page.getByRole("navigation", { name: "검색 결과 종류" });
  await tabs.getByRole("link", { name: /사람\s*1/ }).waitFor();
  await shoot(page, "search");

  await tabs.getByRole("link", { name: /사람/ }).click();
  await page.locator(".user-list").getByRole("link", { name: "코딩고양이스터디왕" }).waitFor();
  await page.locator(".user-list mark.search-hit", { hasText: "고양이스터디" }).waitFor();

  await tabs.getByRole("link", { name: /스터디/ }).click();
  await page.getByRole("link", { name: "고양이스터디 알고리즘반" }).waitFor();
  assert.match(page.url(), /type=studies/);

  // Deep link survives a reload.
  await page.reload();
  await page.getByRole("link", { name: "고양이스터디 알고리즘반" }).waitFor();

  // A 2-syllable word inside a longer one.
  await page.goto(`/search?q=${encodeURIComponent("후기")}`);
  await page.locator("article").getByRole("link", { name: "고양이스터디원 모집 후기" }).waitFor();

  // A person by their handle, typed as a mention in any case: first among the people, handle marked.
  await page.goto(`/search?q=${encodeURIComponent(`@${writer.handle.toUpperCase()}`)}&type=users`);
  const firstPerson = page.locator(".user-list > li").first();
  await firstPerson.getByRole("link", { name: "코딩고양이스터디왕" }).waitFor();
  await firstPerson.locator("mark.search-hit", { hasText: `@${writer.handle}` }).waitFor();
  assertNoProblems(page);
  await context.close();
});
