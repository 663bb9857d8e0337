import { createMiddleware } from "hono/factory";
import { createEffects } from "../effects";
import type { AppEnv } from "../lib/context";

/** Sets `c.var.effects`: after-commit work runs in this request's `waitUntil`. */
export const effects = createMiddleware<AppEnv>(async (c, next) => {
  // Read lazily: `executionCtx` throws where there is none (`app.request` without one).
  c.set("effects", createEffects({ env: c.env, waitUntil: (task) => c.executionCtx.waitUntil(task) }));
  await next();
});
