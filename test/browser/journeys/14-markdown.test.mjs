// Journey 14: Markdown with highlighted code, hostile bodies, handles and @mentions. A post with a
// fenced TypeScript block renders `pre > code` highlighted (the highlighter is a chunk of its own,
// never loaded by the feed) with a working copy button; `<img onerror>`, `javascript:` links and
// `<script>` are inert text; `@handle` links to the profile and the mentioned person's bell rises
// live; on a phone a long code line scrolls inside its block, not the page.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  assertNoProblems,
  BASE,
  newPerson,
  openPage,
  PHONE,
  shoot,
  signUpByApi,
  useBrowser,
  waitSignedIn,
} from "../helpers.mjs";

const chromium = useBrowser();

const CODE = [
  "function first<T>(items: T[]): T | undefined {",
  "  return items[0];",
  "}",
  `const veryLongLineThatMustScrollInsideItsBlock = ${JSON.stringify("x".repeat(160))};`,
].join("\n");

const isHighlighter = (url) => /\/assets\/highlight-[^/]*\.js$/.test(url);

test("Markdown, highlighted code, hostile input and live @mentions", async () => {
  const contextA = await newPerson(chromium.browser);
  const contextB = await newPerson(chromium.browser);
  await contextA.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE });
  const author = await signUpByApi(contextA, "코드작성자");
  const friend = await signUpByApi(contextB, "멘션받는친구");
  const handle = `friend_${Math.random().toString(36).slice(2, 8)}`;
  await apiAs(contextB, friend, "PATCH", "/users/me", { handle });

  // B watches the feed: it must not load the highlighter.
  const pageB = await openPage(contextB, "/");
  const feedScripts = [];
  pageB.on("request", (request) => feedScripts.push(request.url()));
  await waitSignedIn(pageB);
  const bell = pageB.getByTestId("bell");
  assert.equal(await bell.locator(".count-badge").count(), 0);

  const body = [
    `제네릭 정리, @${handle} 님 봐 주세요.`,
    "",
    "```ts",
    CODE,
    "```",
    "",
    "<img src=x onerror=alert(1)> [x](javascript:alert(1)) <script>alert(2)</script>",
    "",
    "- [x] `inline` 코드",
  ].join("\n");
  const post = await apiAs(contextA, author, "POST", "/posts", { title: "제네릭 코드", body });

  // The mention reaches B's bell live, without a reload.
  await bell.locator(".count-badge", { hasText: "1" }).waitFor();
  assert.equal(feedScripts.filter(isHighlighter).length, 0, "the feed loaded the highlighter");

  // The author opens the post: code highlighted in its own chunk.
  const highlighterLoads = [];
  const pageA = await openPage(contextA, "/");
  pageA.on("request", (request) => {
    if (isHighlighter(request.url())) highlighterLoads.push(request.url());
  });
  await waitSignedIn(pageA);
  assert.equal(highlighterLoads.length, 0, "the feed loaded the highlighter");
  await pageA.goto(`/posts/${post.id}`);
  const block = pageA.locator(".post-body .code-block");
  await block.locator("pre > code.highlighted").waitFor();
  assert.ok((await block.locator("pre > code .token.keyword").count()) > 0, "no highlighted keyword");
  assert.equal(await block.locator("figcaption .code-lang").textContent(), "TypeScript");
  assert.equal(highlighterLoads.length, 1, "the highlighter is one separate chunk, loaded once");
  assert.equal(await block.locator("pre > code").textContent(), CODE);

  await block.getByRole("button", { name: "복사" }).click();
  await block.getByRole("button", { name: "복사됨" }).waitFor();
  assert.equal(await pageA.evaluate(() => navigator.clipboard.readText()), CODE);

  // Hostile input is text: no image, no script, no javascript: link, no dialog, no CSP report.
  const content = pageA.locator(".post-body");
  await content.locator("p", { hasText: "<img src=x onerror=alert(1)>" }).waitFor();
  await content.locator("p", { hasText: "<script>alert(2)</script>" }).waitFor();
  assert.equal(await pageA.locator("img[src='x']").count(), 0);
  assert.equal(await pageA.locator("main script").count(), 0);
  assert.equal(await pageA.locator("a[href^='javascript']").count(), 0);
  assert.equal(await content.locator("code", { hasText: "inline" }).count(), 1);
  assert.equal(await content.locator("input[type=checkbox]:checked").count(), 1);
  assertNoProblems(pageA);

  // Typing @ in the comment box offers people; Enter puts the handle in.
  const commentBox = pageA.locator(".comment-form textarea").first();
  await commentBox.click();
  await commentBox.pressSequentially(`@${handle.slice(0, 9)}`);
  await pageA.locator(".mention-suggestions button", { hasText: `@${handle}` }).waitFor();
  await commentBox.press("Enter");
  assert.equal(await commentBox.inputValue(), `@${handle} `);

  // @handle links to the profile at /@handle.
  const mention = content.locator("a.mention", { hasText: `@${handle}` });
  assert.equal(await mention.getAttribute("href"), `/@${handle}`);
  await mention.click();
  await pageA.getByRole("heading", { name: "멘션받는친구" }).waitFor();
  assert.equal(new URL(pageA.url()).pathname, `/@${handle}`);

  // The notification opens the post.
  await bell.click();
  await pageB.locator("a", { hasText: "코드작성자님이" }).first().waitFor();

  // Chat messages are Markdown too: a fenced block typed in the composer is highlighted code.
  await apiAs(contextA, author, "PUT", `/users/${friend.id}/follow`);
  const room = await apiAs(contextA, author, "POST", "/chat/rooms", { userId: friend.id });
  await pageA.goto(`/messages/${room.id}`);
  const composer = pageA.getByLabel("메시지 입력");
  await composer.fill("```js\nconst answer = 42;\n```");
  await composer.press("Enter");
  const sent = pageA.locator(".message-list .bubble-row:not(.pending) .bubble");
  await sent.locator("pre > code.highlighted .token.keyword", { hasText: "const" }).waitFor();
  assertNoProblems(pageA);

  // On a phone the long line scrolls inside the code block; the page itself does not scroll sideways.
  const phone = await newPerson(chromium.browser, PHONE);
  const pagePhone = await openPage(phone, `/posts/${post.id}`);
  const pre = pagePhone.locator(".post-body .code-block pre");
  await pre.locator("code.highlighted").waitFor();
  const sizes = await pre.evaluate((element) => {
    element.scrollLeft = 120;
    return {
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
      scrollLeft: element.scrollLeft,
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    };
  });
  assert.ok(sizes.scrollWidth > sizes.clientWidth, "the long line does not overflow its block");
  assert.ok(sizes.scrollLeft > 0, "the block does not scroll");
  assert.ok(sizes.page <= sizes.viewport, `the page scrolls sideways (${sizes.page} > ${sizes.viewport})`);
  assertNoProblems(pagePhone);
  await shoot(pagePhone, "14-post-with-code");

  await phone.close();
  await contextA.close();
  await contextB.close();
});
