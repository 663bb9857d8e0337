// Journey 12 (headers): the SPA's own documents refuse to be framed and carry their privacy headers
// (src/web/public/_headers), hashed assets stay immutable, and a page that frames the app shows nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BASE, newPerson, useBrowser } from "../helpers.mjs";

const chromium = useBrowser();

test("the app's pages cannot be framed and send their security headers", async () => {
  for (const path of ["/", "/settings", "/login"]) {
    const response = await fetch(`${BASE}${path}`);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get("x-frame-options"), "DENY", path);
    assert.match(response.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/, path);
    assert.equal(response.headers.get("referrer-policy"), "strict-origin-when-cross-origin", path);
    assert.match(response.headers.get("permissions-policy") ?? "", /geolocation=\(\)/, path);
    const html = await response.text();
    const asset = html.match(/\/assets\/[^"]+\.js/)?.[0];
    assert.ok(asset, "the shell links a hashed script");
    const cached = await fetch(`${BASE}${asset}`);
    assert.match(cached.headers.get("cache-control") ?? "", /immutable/);
    assert.equal(cached.headers.get("x-frame-options"), "DENY");
  }

  // A page elsewhere that frames the app: Chromium refuses to render it inside the frame.
  const context = await newPerson(chromium.browser);
  const page = await context.newPage();
  await page.route("https://framer.example/", (route) =>
    route.fulfill({ contentType: "text/html", body: `<iframe id="app" src="${BASE}/login"></iframe>` }),
  );
  await page.goto("https://framer.example/");
  const frame = page.frames().find((candidate) => candidate.url().startsWith(BASE));
  const framedText = frame ? await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "") : "";
  assert.doesNotMatch(framedText, /로그인/, "the framed app rendered");
  await context.close();
});
