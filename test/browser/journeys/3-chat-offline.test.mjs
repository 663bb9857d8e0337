// Journey 3: A opens a chat with B; they talk live; after A switches rooms back and forth one Enter
// still sends exactly one message; B drops offline, A sends three, B comes back and sees all three
// once, in order (reconnect with `since`).
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

const bodies = (page) => page.locator(".message-list [data-testid=message]").allTextContents();

const sendWithEnter = async (page, text) => {
  const input = page.getByLabel("메시지 입력");
  await input.fill(text);
  await input.press("Enter");
};

test("live chat, one send per Enter after room switches, nothing lost offline", async () => {
  const contextA = await newPerson(chromium.browser);
  const contextB = await newPerson(chromium.browser);
  const alice = await signUpByApi(contextA, "채팅앨리스");
  const bob = await signUpByApi(contextB, "채팅밥");
  await apiAs(contextA, alice, "PUT", `/users/${bob.id}/follow`);
  // A second room for A (the study's group room), to switch back and forth.
  await apiAs(contextA, alice, "POST", "/studies", {
    title: "채팅 전환용 스터디",
    description: "",
    mode: "online",
    startDate: "2030-01-01",
    endDate: "2030-02-01",
    maxMembers: 5,
  });

  const pageA = await openPage(contextA, "/messages");
  await waitSignedIn(pageA);
  await pageA.getByRole("button", { name: "새 대화" }).click();
  await pageA.getByRole("dialog").getByRole("button", { name: "채팅밥" }).click();
  await pageA.waitForURL(/\/messages\/[^/]+$/);
  const directRoomUrl = pageA.url();
  await pageA.getByText("첫 메시지를 보내 보세요.").waitFor();

  const pageB = await openPage(contextB, directRoomUrl.replace(/^https?:\/\/[^/]+/, ""));
  await waitSignedIn(pageB);
  await pageB.getByText("첫 메시지를 보내 보세요.").waitFor();

  await sendWithEnter(pageA, "안녕하세요 밥!");
  await pageB.locator(".message-list", { hasText: "안녕하세요 밥!" }).waitFor();
  await sendWithEnter(pageB, "반가워요 앨리스");
  await pageA.locator(".message-list", { hasText: "반가워요 앨리스" }).waitFor();
  await shoot(pageA, "conversation");

  // Switch rooms several times, then one Enter.
  const rooms = pageA.getByTestId("room-item");
  await rooms.nth(1).waitFor();
  for (let round = 0; round < 3; round++) {
    await pageA.getByTestId("room-item").filter({ hasText: "채팅 전환용 스터디" }).click();
    await pageA.getByRole("heading", { name: "채팅 전환용 스터디" }).waitFor();
    await pageA.getByTestId("room-item").filter({ hasText: "채팅밥" }).click();
    await pageA.getByRole("heading", { name: "채팅밥" }).waitFor();
  }
  await pageA.locator(".message-list", { hasText: "반가워요 앨리스" }).waitFor();
  await sendWithEnter(pageA, "방을 바꾼 뒤 한 번");
  await pageB.locator(".message-list", { hasText: "방을 바꾼 뒤 한 번" }).waitFor();
  await pageA.waitForTimeout(800);
  const onceA = (await bodies(pageA)).filter((text) => text === "방을 바꾼 뒤 한 번");
  const onceB = (await bodies(pageB)).filter((text) => text === "방을 바꾼 뒤 한 번");
  assert.equal(onceA.length, 1, "A shows the message once");
  assert.equal(onceB.length, 1, "B received the message once");
  const history = await apiAs(contextB, bob, "GET", `/chat/rooms/${directRoomUrl.split("/").pop()}/messages`);
  assert.equal(
    history.items.filter((message) => message.body === "방을 바꾼 뒤 한 번").length,
    1,
    "stored once",
  );

  // B drops off the network; A sends three.
  await contextB.setOffline(true);
  await pageB.locator(".badge-warn").waitFor({ timeout: 15_000 });
  for (const text of ["오프라인 1", "오프라인 2", "오프라인 3"]) {
    await sendWithEnter(pageA, text);
    await pageA.locator(".message-list .bubble-row:not(.pending)", { hasText: text }).waitFor();
  }
  await shoot(pageB, "conversation-offline");
  await contextB.setOffline(false);
  await pageB.locator(".message-list", { hasText: "오프라인 3" }).waitFor({ timeout: 20_000 });
  await pageB.waitForTimeout(500);
  const seen = (await bodies(pageB)).filter((text) => text.startsWith("오프라인"));
  assert.deepEqual(seen, ["오프라인 1", "오프라인 2", "오프라인 3"]);

  // Older history on scroll-up: 31 more messages, then B reloads (sees the latest 30) and scrolls up.
  for (let n = 1; n <= 31; n++) await sendWithEnter(pageA, `묶음 ${n}`);
  await pageA.locator(".message-list .bubble-row:not(.pending)", { hasText: "묶음 31" }).waitFor();
  await pageB.reload();
  await pageB.locator(".message-list", { hasText: "묶음 31" }).waitFor();
  assert.equal((await bodies(pageB)).includes("안녕하세요 밥!"), false);
  await pageB.locator(".messages-scroll").evaluate((element) => {
    element.scrollTop = 0;
  });
  await pageB.locator(".message-list", { hasText: "안녕하세요 밥!" }).waitFor();
  const all = await bodies(pageB);
  assert.equal(all.length, new Set(all).size, "no message twice");
  assert.equal(all[0], "안녕하세요 밥!");

  // The room list on A's side shows the last message live.
  await pageA.getByTestId("room-item").filter({ hasText: "묶음 31" }).waitFor();
  await pageB.goto("/messages");
  await pageB.getByTestId("room-item").first().waitFor();
  await shoot(pageB, "messages");
  assertNoProblems(pageA);
  assertNoProblems(pageB);
  await contextA.close();
  await contextB.close();
});
