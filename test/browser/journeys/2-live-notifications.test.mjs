// Journey 2: B follows A, comments on and likes A's post; A's bell rises live (no reload), a toast
// appears, and the notifications page lists all three.
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

test("follow, comment and like reach A's bell live", async () => {
  const contextA = await newPerson(chromium.browser);
  const contextB = await newPerson(chromium.browser);
  const alice = await signUpByApi(contextA, "알림받는앨리스");
  await signUpByApi(contextB, "밥");
  const post = await apiAs(contextA, alice, "POST", "/posts", {
    title: "앨리스의 글",
    body: "좋아요와 댓글 환영",
  });

  const pageA = await openPage(contextA, "/");
  await waitSignedIn(pageA);
  const bell = pageA.getByTestId("bell");
  assert.equal(await bell.locator(".count-badge").count(), 0);

  const pageB = await openPage(contextB, `/users/${alice.id}`);
  await waitSignedIn(pageB);
  await pageB.getByRole("button", { name: "팔로우" }).click();
  await pageB.getByRole("button", { name: "팔로잉" }).waitFor();
  await shoot(pageB, "user-profile");

  await bell.locator(".count-badge", { hasText: "1" }).waitFor();
  await pageA.locator(".toast", { hasText: "밥님이 회원님을 팔로우했습니다." }).waitFor();

  await pageB.goto(`/posts/${post.id}`);
  await pageB.getByRole("heading", { name: "앨리스의 글" }).waitFor();
  await pageB.getByPlaceholder("댓글 쓰기").fill("멋진 글이네요!");
  await pageB.getByRole("button", { name: "댓글 달기" }).click();
  await pageB.locator(".comment-body", { hasText: "멋진 글이네요!" }).waitFor();
  await pageB.getByRole("button", { name: /좋아요/ }).click();
  await pageB.getByRole("button", { name: /좋아요 취소/ }).waitFor();
  assert.equal(await pageB.getByTestId("like-count").textContent(), "1");

  await bell.locator(".count-badge", { hasText: "3" }).waitFor();
  await shoot(pageA, "feed-with-toast");

  await bell.click();
  await pageA.waitForURL("**/notifications");
  const items = pageA.locator(".notification");
  await items.nth(2).waitFor();
  const texts = await items.allTextContents();
  assert.equal(texts.length, 3);
  assert.ok(
    texts.some((text) => text.includes("밥님이 회원님을 팔로우했습니다.")),
    texts.join("\n"),
  );
  assert.ok(
    texts.some((text) => text.includes("댓글을 남겼습니다")),
    texts.join("\n"),
  );
  assert.ok(
    texts.some((text) => text.includes("글을 좋아합니다")),
    texts.join("\n"),
  );
  await shoot(pageA, "notifications");

  // B's following feed has A's post; A's followers tab lists B.
  await pageB.goto("/?feed=following");
  await pageB.locator("article", { hasText: "앨리스의 글" }).waitFor();
  await pageB.goto(`/users/${alice.id}?tab=followers`);
  await pageB.locator(".user-list").getByRole("link", { name: "밥" }).waitFor();

  await pageA.getByRole("button", { name: "모두 읽음" }).click();
  await bell.locator(".count-badge").waitFor({ state: "detached" });
  assertNoProblems(pageA);
  assertNoProblems(pageB);
  await contextA.close();
  await contextB.close();
});
