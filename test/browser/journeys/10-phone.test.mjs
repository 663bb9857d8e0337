// Journey 10: the app on a phone (390 × 844). Write a post with a picture from the bottom tab bar;
// chat full screen with the composer visible and focused, consecutive bubbles grouped; and nothing
// moves after the first paint on the feed, a post, the studies list and a chat (CLS ≤ 0.02).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  makePng,
  newPerson,
  openPage,
  PHONE,
  signUpByApi,
  useBrowser,
  waitSignedIn,
} from "../helpers.mjs";

const chromium = useBrowser();

/** Records layout shifts from the first paint on (an init script, so nothing is missed). */
const watchLayoutShifts = (page) =>
  page.addInitScript(() => {
    window.__layoutShift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  });

/** Loads `path` fresh, waits for `ready` and a quiet second, and returns the page's layout shift. */
const layoutShiftOf = async (page, path, ready) => {
  // `ready` is what counts; the load event (every lazy picture) may come later on a busy machine.
  await page.goto(path, { waitUntil: "domcontentloaded" });
  await ready();
  await page.waitForTimeout(1000);
  return page.evaluate(() => window.__layoutShift);
};

const tabBarOf = (page) => page.getByRole("navigation", { name: "하단 메뉴" });

let postPath = "";

test("phone: the tab bar reaches 글쓰기; a post with a picture", async () => {
  const context = await newPerson(chromium.browser, PHONE);
  await signUpByApi(context, "폰작가");
  const page = await openPage(context, "/");
  await waitSignedIn(page);

  // The header keeps the brand, search and the avatar menu; the five actions are at the bottom.
  const tabBar = tabBarOf(page);
  const box = await tabBar.boundingBox();
  assert.ok(
    box && box.y + box.height <= 844 && box.y > 844 - 80,
    `tab bar at the bottom: ${JSON.stringify(box)}`,
  );
  for (const name of ["피드", "스터디", "글쓰기", "메시지", "알림"]) {
    assert.ok(await tabBar.getByRole("link", { name }).isVisible(), `${name} in the tab bar`);
  }
  assert.equal(await page.locator(".site-header .btn-write").isVisible(), false);

  await tabBar.getByRole("link", { name: "글쓰기" }).click();
  await page.waitForURL("**/posts/new");
  const title = `폰에서 쓴 글 ${Date.now()}`;
  await page.getByLabel("제목").fill(title);
  await page.getByLabel("본문").fill("엄지로 쓴 글입니다.");
  await page
    .getByTestId("image-input")
    .setInputFiles([{ name: "green.png", mimeType: "image/png", buffer: makePng(1200, 800, [30, 160, 90]) }]);
  await page.locator(".image-draft").first().waitFor();
  await page.getByLabel("대체 텍스트").fill("초록 사각형");
  await page.getByRole("button", { name: "게시하기" }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  await page.getByRole("heading", { name: title }).waitFor();
  const image = page.locator(".post-images img");
  await image.waitFor();
  assert.equal(await image.getAttribute("alt"), "초록 사각형");
  // The browser made 480 and 960 px copies at upload; a 390 px phone at 1x is served the 480 one.
  await page.waitForFunction(() => document.querySelector(".post-images img")?.complete);
  assert.match(await image.evaluate((img) => img.currentSrc), /-w480$/);
  assert.ok(await image.evaluate((img) => img.naturalWidth > 0));
  postPath = new URL(page.url()).pathname;

  await tabBar.getByRole("link", { name: "피드" }).click();
  await page.locator("article").getByRole("link", { name: title }).waitFor();
  const cover = page
    .locator("article.post-card", { has: page.getByRole("link", { name: title }) })
    .locator("img");
  assert.match(
    (await cover.getAttribute("srcset")) ?? "",
    /^\S+-w480 480w, \S+-w960 960w, \S+ 1200w$/,
    "the feed card's picture offers its resized copies",
  );
  assert.equal(await tabBar.getByRole("link", { name: "피드" }).getAttribute("aria-current"), "page");
  await context.close();
});

test("phone: nothing moves after the first paint (feed, post, studies)", async () => {
  const context = await newPerson(chromium.browser, PHONE);
  const page = await openPage(context, "about:blank");
  await watchLayoutShifts(page);
  const shifts = {
    feed: await layoutShiftOf(page, "/", () =>
      page.locator("article.post-card:not(.skeleton)").first().waitFor(),
    ),
    post: await layoutShiftOf(page, postPath, () => page.locator(".post-images img").first().waitFor()),
    studies: await layoutShiftOf(page, "/studies", () => page.getByText(/^스터디 \d+개$/).waitFor()),
  };
  for (const [name, value] of Object.entries(shifts))
    assert.ok(value <= 0.02, `${name}: layout shift ${value}`);
  await context.close();
});

test("phone: chat full screen, composer visible and focused, bubbles grouped", async () => {
  const contextA = await newPerson(chromium.browser, PHONE);
  const contextB = await newPerson(chromium.browser, PHONE);
  const alice = await signUpByApi(contextA, "폰앨리스");
  const bob = await signUpByApi(contextB, "폰밥");
  await apiAs(contextA, alice, "PUT", `/users/${bob.id}/follow`);
  const room = await apiAs(contextA, alice, "POST", "/chat/rooms", { userId: bob.id });

  const pageA = await openPage(contextA, "/");
  await waitSignedIn(pageA);
  await tabBarOf(pageA).getByRole("link", { name: "메시지" }).click();
  await pageA.getByTestId("room-item").filter({ hasText: "폰밥" }).click();
  await pageA.waitForURL(`**/messages/${room.id}`);
  await pageA.getByText("첫 메시지를 보내 보세요.").waitFor();

  // Full screen: the conversation covers the header and the tab bar, the composer is on screen and focused.
  await pageA.waitForFunction(() => document.activeElement?.id === "composer-input");
  const composer = await pageA.locator(".composer").boundingBox();
  assert.ok(
    composer && composer.y >= 0 && composer.y + composer.height <= 844,
    `composer: ${JSON.stringify(composer)}`,
  );
  const covering = await pageA.evaluate(() =>
    [
      [195, 10],
      [195, 830],
    ].map(([x, y]) => document.elementFromPoint(x, y)?.closest(".messages-layout") !== null),
  );
  assert.deepEqual(covering, [true, true], "the conversation covers the header and the tab bar");
  const height = await pageA.evaluate(() => ({
    layout: document.querySelector(".messages-layout").getBoundingClientRect().height,
    viewport: window.visualViewport.height,
  }));
  assert.equal(Math.round(height.layout), Math.round(height.viewport));

  for (const text of ["하나", "둘", "셋"]) {
    await pageA.keyboard.type(text);
    await pageA.keyboard.press("Enter");
    await pageA.locator(".message-list .bubble-row:not(.pending)", { hasText: text }).waitFor();
  }

  const pageB = await openPage(contextB, "about:blank");
  await watchLayoutShifts(pageB);
  const chatShift = await layoutShiftOf(pageB, `/messages/${room.id}`, () =>
    pageB.locator(".message-list .bubble-row", { hasText: "셋" }).waitFor(),
  );
  assert.ok(chatShift <= 0.02, `chat: layout shift ${chatShift}`);
  // B sees A's three in one group: one avatar, no name (a 1:1 room), the time under the last only.
  const rows = pageB.locator(".message-list .bubble-row:not(.mine)");
  assert.equal(await rows.count(), 3);
  assert.deepEqual(
    await rows.evaluateAll((nodes) =>
      nodes.map((node) => ({
        continued: node.classList.contains("continued"),
        avatar: node.querySelector(".avatar") !== null,
        name: node.querySelector(".bubble-wrap > span.small:not(.bubble-meta)") !== null,
        time: node.querySelector("time") !== null,
      })),
    ),
    [
      { continued: false, avatar: true, name: false, time: false },
      { continued: true, avatar: false, name: false, time: false },
      { continued: true, avatar: false, name: false, time: true },
    ],
  );
  await contextA.close();
  await contextB.close();
});

test("a missing post says so, without a retry; one's own cards follow a profile edit", async () => {
  const context = await newPerson(chromium.browser, PHONE);
  const user = await signUpByApi(context, "옛이름");
  await apiAs(context, user, "POST", "/posts", { title: "이름이 바뀌는 글", body: "본문" });
  const page = await openPage(context, `/users/${user.id}`);
  await waitSignedIn(page);
  await page.locator("article.post-card", { hasText: "옛이름" }).waitFor();
  await page.getByRole("button", { name: "프로필 편집" }).click();
  await page.getByLabel("닉네임").fill("새이름");
  await page.getByRole("button", { name: "저장" }).click();
  await page.locator("article.post-card", { hasText: "새이름" }).waitFor();
  await tabBarOf(page).getByRole("link", { name: "피드" }).click();
  await page.locator("article.post-card", { hasText: "이름이 바뀌는 글" }).getByText("새이름").waitFor();

  page.expectConsoleError(/404/);
  await page.goto("/posts/no-such-post");
  await page.getByRole("heading", { name: "글을 찾을 수 없습니다" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "다시 시도" }).count(), 0);
  await context.close();
});
