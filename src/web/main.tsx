import { render } from "preact";
import { maySignIn, restoreSession } from "./api/auth";
import { App } from "./app";
import { registerServiceWorker } from "./lib/service-worker";
import { startFirstRequests } from "./pages/first-requests";

// Both before the first render: a signed-out visitor's session is then known at once, and the
// first page's data is requested while the app loads and renders (pages/first-requests.ts).
if (!maySignIn()) startFirstRequests(location.pathname, new URLSearchParams(location.search));
void restoreSession();
render(<App />, document.getElementById("app") as HTMLElement);
registerServiceWorker();
