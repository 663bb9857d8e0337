// Journey 6: markup typed by users (nickname, post, comment, chat message) is shown as text and never
// runs: no dialog opens, no <img src=x> appears in the DOM.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  assertNoProblems,
  newPerson,
  openPage,
  signUpByApi,
  useBrowser,
  waitSignedIn,
} from "../helpers.mjs";

const EVIL = "<img src=x onerror=alert(1)>";
const EVIL_SCRIPT = "<script>alert(2)</script>";

const chromium = useBrowser();

const assertInert = async (page) => {
  assert.equal(await page.locator("img[src='x']").count(), 0, "an injected <img> was created");
  assert.equal(await page.locator("main script").count(), 0, "an injected <script> was created");
  assertNoProblems(page);
};

test("user-supplied markup is text everywhere", async () => {
  const contextA = await newPerson(chromium.browser);
  const contextB = await newPerson(chromium.browser);
  const mallory = await signUpByApi(contextA, EVIL);
  const victim = await signUpByApi(contextB, "피해자");
  await apiAs(contextA, mallory, "PATCH", "/users/me", { bio: EVIL_SCRIPT });
  const post = await apiAs(contextA, mallory, "POST", "/posts", {
    title: `${EVIL} 제목`,
    body: `본문 ${EVIL} ${EVIL_SCRIPT}`,
  });
  await apiAs(contextA, mallory, "POST", `/posts/${post.id}/comments`, { body: EVIL });
  await apiAs(contextB, victim, "PUT", `/users/${mallory.id}/follow`);
  const room = await apiAs(contextB, victim, "POST", "/chat/rooms", { userId: mallory.id });

  const page = await openPage(contextB, "/");
  await waitSignedIn(page);
  await page
    .locator("article", { hasText: `${EVIL} 제목` })
    .first()
    .waitFor();
  await assertInert(page);

  await page.goto(`/posts/${post.id}`);
  await page.getByRole("heading", { name: `${EVIL} 제목` }).waitFor();
  await page.locator(".post-body", { hasText: `본문 ${EVIL} ${EVIL_SCRIPT}` }).waitFor();
  await page.locator(".comment-body", { hasText: EVIL }).waitFor();
  await page.locator(".user-link", { hasText: EVIL }).first().waitFor();
  await assertInert(page);

  await page.goto(`/users/${mallory.id}`);
  await page.getByRole("heading", { name: EVIL, exact: true }).waitFor();
  await page.locator(".profile-bio", { hasText: EVIL_SCRIPT }).waitFor();
  await assertInert(page);

  await page.goto(`/messages/${room.id}`);
  const input = page.getByLabel("메시지 입력");
  await input.fill(EVIL);
  await input.press("Enter");
  await page.locator(".message-list .bubble-row:not(.pending) .bubble", { hasText: EVIL }).waitFor();
  await page.getByTestId("room-item").filter({ hasText: EVIL }).first().waitFor();
  await assertInert(page);

  const pageA = await openPage(contextA, `/messages/${room.id}`);
  await pageA.locator(".message-list .bubble", { hasText: EVIL }).waitFor();
  await assertInert(pageA);

  await page.goto(`/search?q=${encodeURIComponent("onerror")}`);
  await page.locator("article").first().waitFor();
  await assertInert(page);
  await contextA.close();
  await contextB.close();
});
