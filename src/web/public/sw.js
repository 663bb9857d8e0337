// OrGo's service worker (plain JS, copied as is to /sw.js; registered by src/web/lib/service-worker.ts).
// It keeps an offline page: a navigation that cannot reach the network gets /offline.html instead of
// the browser's error. Hashed /assets/* files never change under their name, so they are served from
// the cache once seen. The API, images and sockets are never touched here.
// Below the offline shell: Web Push (issue 16) — it shows the notices the worker sends
// (src/features/push/send.ts: {title, body, url, tag}) and opens the page a notification points to.

const SHELL_CACHE = "orgo-shell-v1";
const ASSET_CACHE = "orgo-assets-v1";
const OFFLINE_URL = "/offline.html";
const SHELL_FILES = [OFFLINE_URL, "/offline.css", "/icons/icon-192.png", "/favicon.svg"];
/** Old releases' files pile up under new names: keep the newest this many. */
const MAX_ASSETS = 80;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  const keep = new Set([SHELL_CACHE, ASSET_CACHE]);
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => !keep.has(name)).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

const isHashedAsset = (url) => url.origin === self.location.origin && url.pathname.startsWith("/assets/");

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);

  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
    return;
  }

  if (isHashedAsset(url)) {
    event.respondWith(
      caches.open(ASSET_CACHE).then(async (cache) => {
        const cached = await cache.match(request);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) {
          await cache.put(request, response.clone());
          const keys = await cache.keys();
          await Promise.all(
            keys.slice(0, Math.max(0, keys.length - MAX_ASSETS)).map((key) => cache.delete(key)),
          );
        }
        return response;
      }),
    );
    return;
  }

  if (SHELL_FILES.includes(url.pathname) && url.origin === self.location.origin) {
    event.respondWith(fetch(request).catch(() => caches.match(request)));
  }
});

// ── Web Push ─────────────────────────────────────────────────────────────────────────────────

self.addEventListener("push", (event) => {
  let notice = { title: "OrGo", body: "", url: "/", tag: undefined };
  try {
    notice = { ...notice, ...event.data.json() };
  } catch {
    // A push without a JSON payload still shows something rather than nothing.
  }
  event.waitUntil(
    self.registration.showNotification(notice.title, {
      body: notice.body,
      tag: notice.tag,
      data: { url: notice.url },
      icon: "/icons/icon-192.png",
      lang: "ko",
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  // Only our own pages: a path on this origin, whatever the payload says.
  const target = new URL(event.notification.data?.url ?? "/", self.location.origin);
  const url = target.origin === self.location.origin ? target.href : self.location.origin;
  event.waitUntil(
    (async () => {
      const tabs = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = tabs.find((tab) => new URL(tab.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        // navigate() works only on a tab this worker controls; otherwise open a new one.
        return open.navigate(url).catch(() => self.clients.openWindow(url));
      }
      return self.clients.openWindow(url);
    })(),
  );
});
