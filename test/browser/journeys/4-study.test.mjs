// Journey 4: A creates a study for two; B joins (A is notified live); C cannot join (full);
// B leaves; C joins.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  assertNoProblems,
  newPerson,
  openPage,
  shoot,
  signUpByApi,
  useBrowser,
  waitSignedIn,
} from "../helpers.mjs";

const chromium = useBrowser();

test("a study for two: join, full, leave, join", async () => {
  const [contextA, contextB, contextC] = await Promise.all([1, 2, 3].map(() => newPerson(chromium.browser)));
  await signUpByApi(contextA, "스터디장");
  await signUpByApi(contextB, "참여자비");
  await signUpByApi(contextC, "참여자씨");

  const pageA = await openPage(contextA, "/studies/new");
  await waitSignedIn(pageA);
  await pageA.getByLabel("제목").fill("타입스크립트 입문 스터디");
  await pageA.getByLabel("설명").fill("매주 토요일 온라인으로 만나요.");
  await pageA.getByLabel("시작일").fill("2030-03-01");
  await pageA.getByLabel("종료일").fill("2030-04-30");
  await pageA.getByLabel("정원").fill("2");
  await pageA.getByLabel(/^태그/).fill("타입스크립트, 입문");
  await shoot(pageA, "study-form");
  await pageA.getByRole("button", { name: "만들기" }).click();
  await pageA.waitForURL(/\/studies\/[^/]+$/);
  await pageA.getByRole("heading", { name: "타입스크립트 입문 스터디" }).waitFor();
  const studyPath = new URL(pageA.url()).pathname;
  assert.equal((await pageA.getByTestId("member-count").textContent())?.trim(), "1 / 2명");

  const pageB = await openPage(contextB, studyPath);
  await waitSignedIn(pageB);
  await pageB.getByRole("button", { name: "참여하기" }).click();
  await pageB.getByRole("button", { name: "탈퇴하기" }).waitFor();
  assert.equal((await pageB.getByTestId("member-count").textContent())?.trim(), "2 / 2명");

  await pageA.locator(".toast", { hasText: "참여자비님이" }).waitFor();
  await pageA.getByTestId("bell").locator(".count-badge", { hasText: "1" }).waitFor();

  const pageC = await openPage(contextC, studyPath);
  await waitSignedIn(pageC);
  const full = pageC.getByRole("button", { name: "정원 마감" });
  await full.waitFor();
  assert.equal(await full.isDisabled(), true);
  await shoot(pageC, "study-detail-full");

  await pageB.getByRole("button", { name: "탈퇴하기" }).click();
  await pageB.getByRole("button", { name: "참여하기" }).waitFor();

  await pageC.reload();
  await pageC.getByRole("button", { name: "참여하기" }).click();
  await pageC.getByRole("button", { name: "탈퇴하기" }).waitFor();
  assert.equal((await pageC.getByTestId("member-count").textContent())?.trim(), "2 / 2명");
  const members = await pageC.locator(".user-list a").allTextContents();
  assert.deepEqual(members.sort(), ["스터디장", "참여자씨"].sort());

  await pageC.goto("/studies?tag=타입스크립트");
  await pageC.getByRole("link", { name: "타입스크립트 입문 스터디" }).waitFor();
  await pageC.getByLabel("상태").selectOption("recruiting");
  await pageC.waitForURL(/status=recruiting/);
  await pageC.getByText("조건에 맞는 스터디가 없습니다.").waitFor();
  await pageC.getByLabel("상태").selectOption("full");
  await pageC.waitForURL(/status=full/);
  await pageC.getByRole("link", { name: "타입스크립트 입문 스터디" }).waitFor();
  await shoot(pageC, "studies");
  for (const page of [pageA, pageB, pageC]) assertNoProblems(page);
  await Promise.all([contextA, contextB, contextC].map((context) => context.close()));
});
