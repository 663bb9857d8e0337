import { render } from "preact";
import { App } from "./app";
import { registerServiceWorker } from "./lib/service-worker";

render(<App />, document.getElementById("app") as HTMLElement);
registerServiceWorker();
