import { render } from "preact";
import { maySignIn, restoreSession } from "./api/auth";
import { App, preloadPageChunk } from "./app";
import { localeReady } from "./i18n";
import { registerServiceWorker } from "./lib/service-worker";
import { startFirstRequests } from "./pages/first-requests";

// All before the first render: a signed-out visitor's session is then known at once, the first
// page's data is requested while the app loads and renders (pages/first-requests.ts), and the
// page's chunk is fetched alongside the session restore (app.tsx).
if (!maySignIn()) startFirstRequests(location.pathname, new URLSearchParams(location.search));
void restoreSession();
void preloadPageChunk(location.pathname);
// Korean is in this chunk, so for most visitors this waits for nothing; English waits for its chunk.
void localeReady.then(() => {
  render(<App />, document.getElementById("app") as HTMLElement);
  registerServiceWorker();
});
