// Journey 13: a member reports a post → a moderator (made with the CLI) sees it in /moderation and
// hides it → the reporter no longer sees it; the moderator suspends the author → the author's next
// post attempt shows the suspension banner with the date and reason.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { apiAs, newPerson, openPage, shoot, signUpByApi, useBrowser, waitSignedIn } from "../helpers.mjs";

const chromium = useBrowser();

/** `npm run admin -- grant <email> --role moderator` against the browser tests' local D1. */
const makeModerator = (email) =>
  execFileSync(
    process.execPath,
    [
      "scripts/admin.mjs",
      "grant",
      email,
      "--role",
      "moderator",
      "--persist-to",
      ".wrangler/state-browser-test",
    ],
    { encoding: "utf8" },
  );

test("report → review queue → hide → suspend → the author sees the banner", async () => {
  const reporterContext = await newPerson(chromium.browser);
  const authorContext = await newPerson(chromium.browser);
  const moderatorContext = await newPerson(chromium.browser);
  await signUpByApi(reporterContext, "신고하는이");
  const author = await signUpByApi(authorContext, "광고꾼");
  const moderator = await signUpByApi(moderatorContext, "운영자");
  assert.match(makeModerator(moderator.email), /now moderator/);

  const title = `싸게 팝니다 ${Date.now().toString(36)}`;
  const post = await apiAs(authorContext, author, "POST", "/posts", { title, body: "지금 바로 연락 주세요" });

  // The member reports the post from its page.
  const reporterPage = await openPage(reporterContext, `/posts/${post.id}`);
  await waitSignedIn(reporterPage);
  await reporterPage.getByRole("heading", { name: title }).waitFor();
  await reporterPage.getByTestId("report-button").click();
  await reporterPage.getByLabel("사유").selectOption("spam");
  await reporterPage.getByLabel("설명 (선택)").fill("광고 글이에요");
  await reporterPage.getByRole("button", { name: "신고하기" }).click();
  await reporterPage.getByText("신고했습니다").waitFor();

  // The moderator finds it in the queue, with its content and the reason, and hides it.
  const moderatorPage = await openPage(moderatorContext, "/moderation");
  await waitSignedIn(moderatorPage);
  await moderatorPage.getByRole("heading", { name: "신고 검토" }).waitFor();
  const group = moderatorPage.getByTestId("report-group").filter({ hasText: title });
  await group.waitFor();
  await group.getByText("광고 글이에요").waitFor();
  await group.getByText("신고 1건").waitFor();
  await shoot(moderatorPage, "moderation-queue");
  await group.getByLabel("메모 (선택)").fill("광고");
  await group.getByRole("button", { name: "숨기기" }).click();
  await group.waitFor({ state: "detached" });

  // The reporter no longer sees it: the post page is gone and the feed leaves it out.
  reporterPage.expectConsoleError(/404/);
  await reporterPage.reload();
  await reporterPage.getByRole("heading", { name: title }).waitFor({ state: "detached" });
  await reporterPage.goto("/");
  await reporterPage.locator(".post-card, .state-empty").first().waitFor();
  assert.equal(await reporterPage.getByText(title).count(), 0);

  // The resolved tab shows it, hidden by the moderator.
  await moderatorPage.goto("/moderation?tab=resolved");
  await moderatorPage.getByTestId("resolved-report").filter({ hasText: title }).waitFor();

  // The author's page is open; the moderator suspends them from their profile.
  const authorPage = await openPage(authorContext, "/posts/new");
  await waitSignedIn(authorPage);
  await moderatorPage.goto(`/users/${author.id}`);
  const tools = moderatorPage.getByTestId("moderator-tools");
  await tools.getByLabel("정지 기간").selectOption("7");
  await tools.getByLabel("사유").fill("광고 도배");
  await tools.getByRole("button", { name: "이용 정지" }).click();
  await tools.getByText("처리했습니다.").waitFor();

  // The author's next post attempt is refused and the banner says until when and why.
  authorPage.expectConsoleError(/403/);
  await authorPage.getByLabel("제목").fill("또 광고");
  await authorPage.getByLabel("본문").fill("연락 주세요");
  await authorPage.getByRole("button", { name: "게시하기" }).click();
  const banner = authorPage.getByTestId("suspension-banner");
  await banner.waitFor();
  await banner.getByText("광고 도배").waitFor();
  assert.match(await banner.innerText(), /이용 정지/);
  await shoot(authorPage, "suspension-banner");
});
