// Shared helpers for the browser journeys: Chromium, users, pages, screenshots, test images.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before } from "node:test";
import { deflateSync } from "node:zlib";
import { chromium } from "playwright-core";

export const BASE = process.env.ORGO_BASE_URL ?? "http://127.0.0.1:8799";
const SCREENSHOTS = join(process.cwd(), "test-results", "screenshots");

export const launch = () =>
  chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });

/** Every page `openPage` opened in the running test; checked when the test ends. */
const openedPages = [];

/**
 * One Chromium for the test file it is called in, opened before its tests and closed after them.
 * After each test, every page it opened must be free of problems (dialogs, page errors, console
 * errors): a journey fails on a console error even if it never asks.
 */
export const useBrowser = () => {
  const session = { browser: null };
  before(async () => {
    session.browser = await launch();
  });
  afterEach(() => {
    const pages = openedPages.splice(0);
    for (const page of pages) assertNoProblems(page);
  });
  after(async () => {
    await session.browser?.close();
  });
  return session;
};

/** A browser context is one person: its own cookie jar (refresh cookie) and pages. */
export const newPerson = async (browser, options = {}) => {
  const context = await browser.newContext({
    baseURL: BASE,
    viewport: { width: 1280, height: 900 },
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
    ...options,
  });
  context.setDefaultTimeout(10_000);
  // Loads wait for the whole page; on a busy machine a first load can take longer than an action.
  context.setDefaultNavigationTimeout(30_000);
  return context;
};

export const uniqueEmail = (label = "user") => `${label}-${randomBytes(5).toString("hex")}@example.com`;

/** Signs up through the API inside the context, so its cookie jar holds the refresh cookie. */
export const signUpByApi = async (context, nickname) => {
  const email = uniqueEmail();
  const password = "비밀번호-password-1";
  const response = await context.request.post(`${BASE}/api/auth/signup`, {
    data: { email, password, nickname },
  });
  assert.equal(response.status(), 201, `signup failed: ${response.status()} ${await response.text()}`);
  const body = await response.json();
  return { ...body.user, email, password, accessToken: body.accessToken };
};

/** The phone the journeys use for the mobile layout (an iPhone 14's CSS size). */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/**
 * Opens a page with guards: any dialog (an injected `alert`), uncaught page error or console error
 * (a CSP violation, a failed request the app did not expect, …) is recorded in `problems`, which
 * must stay empty. A journey that provokes an error on purpose (a wrong password answered 401)
 * declares it first: `page.expectConsoleError(/401/)` accepts one matching message.
 */
export const openPage = async (context, path = "/") => {
  const page = await context.newPage();
  openedPages.push(page);
  page.problems = [];
  const expected = [];
  page.expectConsoleError = (pattern) => expected.push(pattern);
  // Journeys that delete things set `page.acceptConfirms = true`; any other dialog is a problem.
  page.acceptConfirms = false;
  page.on("dialog", async (dialog) => {
    if (dialog.type() === "confirm" && page.acceptConfirms) {
      await dialog.accept();
      return;
    }
    page.problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    await dialog.dismiss().catch(() => undefined);
  });
  page.on("pageerror", (error) => page.problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    const allowed = expected.findIndex((pattern) => pattern.test(text));
    if (allowed >= 0) expected.splice(allowed, 1);
    else page.problems.push(`console error: ${text} (${message.location().url})`);
  });
  await page.goto(path);
  return page;
};

/** Waits until the header shows the signed-in menu (the page-load refresh restored the session). */
export const waitSignedIn = (page) => page.locator("summary[aria-label='내 메뉴']").waitFor();

export const assertNoProblems = (page) => assert.deepEqual(page.problems, [], "unexpected dialogs or errors");

/** Saves the page at 390 px and 1280 px wide under test-results/screenshots/. */
export const shoot = async (page, name) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: width === 390 });
  }
  if (before) await page.setViewportSize(before);
};

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

/** A small solid-colour PNG (real bytes, so the worker's magic-byte check passes). */
export const makePng = (width, height, [r, g, b]) => {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
};

/** JSON API call as a given user (setup steps that are not what a journey tests). */
export const apiAs = async (context, user, method, path, data) => {
  const response = await context.request.fetch(`${BASE}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${user.accessToken}` },
    ...(data === undefined ? {} : { data }),
  });
  const text = await response.text();
  if (response.status() >= 400) throw new Error(`${method} ${path} → ${response.status()} ${text}`);
  return text ? JSON.parse(text) : null;
};
