// Journey 7: the editing paths — edit a post (drop an image, new title), reply to a comment and edit
// and delete the reply, add and remove a study tag and edit the study, change one's own nickname.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  assertNoProblems,
  BASE,
  makePng,
  newPerson,
  openPage,
  shoot,
  signUpByApi,
  useBrowser,
  waitSignedIn,
} from "../helpers.mjs";

const chromium = useBrowser();

const upload = async (context, user, name, colour) => {
  const response = await context.request.post(`${BASE}/api/images`, {
    headers: { Authorization: `Bearer ${user.accessToken}` },
    multipart: { file: { name, mimeType: "image/png", buffer: makePng(32, 32, colour) }, alt: name },
  });
  assert.equal(response.status(), 201, await response.text());
  return response.json();
};

test("edit a post, reply/edit/delete a comment, study tags and edit, own nickname", async () => {
  const contextA = await newPerson(chromium.browser);
  const contextB = await newPerson(chromium.browser);
  const alice = await signUpByApi(contextA, "편집앨리스");
  const bob = await signUpByApi(contextB, "댓글밥");
  const first = await upload(contextA, alice, "첫째", [10, 160, 90]);
  const second = await upload(contextA, alice, "둘째", [200, 160, 0]);
  const post = await apiAs(contextA, alice, "POST", "/posts", {
    title: "고칠 글",
    body: "처음 본문",
    imageIds: [first.id, second.id],
  });
  await apiAs(contextB, bob, "POST", `/posts/${post.id}/comments`, { body: "질문이 있어요" });

  const page = await openPage(contextA, `/posts/${post.id}/edit`);
  page.acceptConfirms = true;
  await waitSignedIn(page);
  await page.locator(".image-draft").nth(1).waitFor();
  await page.getByRole("button", { name: "이미지 2 삭제" }).click();
  await page.getByLabel("제목").fill("고친 글");
  await page.getByRole("button", { name: "수정하기" }).click();
  await page.getByRole("heading", { name: "고친 글" }).waitFor();
  assert.equal(await page.locator(".post-images img").count(), 1);
  assert.equal(await page.locator(".post-images img").getAttribute("alt"), "첫째");

  await page.getByRole("button", { name: "답글" }).click();
  await page.getByPlaceholder("답글 쓰기").fill("이렇게 해 보세요");
  await page.getByRole("button", { name: "답글 달기" }).click();
  await page.locator(".replies .comment", { hasText: "이렇게 해 보세요" }).waitFor();
  const reply = page.locator(".replies .comment").first();
  await reply.getByRole("button", { name: "수정" }).click();
  await reply.getByPlaceholder("댓글 수정").fill("이렇게 해 보세요 (수정)");
  await reply.getByRole("button", { name: "저장" }).click();
  await page.locator(".replies .comment-body", { hasText: "(수정)" }).waitFor();
  await shoot(page, "post-comments");
  await page.reload();
  await page.locator(".replies .comment-body", { hasText: "이렇게 해 보세요 (수정)" }).waitFor();
  await page.locator(".replies .comment").getByRole("button", { name: "삭제" }).click();
  await page.locator(".replies .comment").waitFor({ state: "detached" });
  await page.locator(".comment-body", { hasText: "질문이 있어요" }).waitFor();

  const study = await apiAs(contextA, alice, "POST", "/studies", {
    title: "고칠 스터디",
    description: "설명",
    mode: "online",
    startDate: "2030-07-01",
    endDate: "2030-07-31",
    maxMembers: 3,
    tags: ["자바"],
  });
  await page.goto(`/studies/${study.id}`);
  await page.getByLabel("태그 추가").fill("리액트");
  await page.getByRole("button", { name: "추가", exact: true }).click();
  await page.getByRole("link", { name: "#리액트" }).waitFor();
  await page.getByRole("button", { name: "태그 자바 삭제" }).click();
  await page.getByRole("link", { name: "#자바" }).waitFor({ state: "detached" });
  await page.getByRole("link", { name: "수정" }).click();
  await page.waitForURL(`**/studies/${study.id}/edit`);
  await page.getByLabel("제목").fill("고친 스터디");
  await page.getByRole("button", { name: "저장" }).click();
  await page.getByRole("heading", { name: "고친 스터디" }).waitFor();
  assert.deepEqual(await page.locator(".tag-list .tag").allTextContents(), ["#리액트"]);

  await page.goto(`/users/${alice.id}`);
  await page.getByRole("button", { name: "프로필 편집" }).click();
  await page.getByLabel("닉네임").fill("새이름앨리스");
  await page.getByLabel("소개").fill("안녕하세요");
  await page.getByRole("button", { name: "저장" }).click();
  await page.getByRole("heading", { name: "새이름앨리스" }).waitFor();
  await page.locator(".profile-bio", { hasText: "안녕하세요" }).waitFor();

  // An expired access token: one 401 → one refresh → the retried call succeeds.
  let refreshes = 0;
  page.on("request", (request) => {
    if (request.url().endsWith("/api/auth/refresh")) refreshes++;
  });
  const unauthorized = {
    status: 401,
    contentType: "application/json",
    body: '{"error":{"code":"unauthorized","message":"만료"}}',
  };
  let rejectOnce = true;
  await page.route(`**/api/users/${bob.id}`, (route) => {
    if (!rejectOnce) return route.continue();
    rejectOnce = false;
    return route.fulfill(unauthorized);
  });
  await page.goto(`/posts/${post.id}`);
  await waitSignedIn(page);
  const before = refreshes;
  page.expectConsoleError(/status of 401/);
  await page.locator(".comment").getByRole("link", { name: "댓글밥" }).click();
  await page.getByRole("heading", { name: "댓글밥", exact: true }).waitFor();
  assert.equal(refreshes - before, 1);

  // The refresh cookie no longer works either: back to /login, remembering where we were.
  await page.route("**/api/auth/refresh", (route) => route.fulfill(unauthorized));
  rejectOnce = true;
  page.expectConsoleError(/status of 401/);
  page.expectConsoleError(/status of 401/);
  await page.getByRole("link", { name: "피드" }).click();
  await page.locator("article").first().waitFor();
  await page.goBack();
  // Profile links are /@handle (issue 14).
  await page.waitForURL(/\/login\?redirect=%2F%40/);
  assertNoProblems(page);
  await contextA.close();
  await contextB.close();
});
