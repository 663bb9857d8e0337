import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/context";
import { BOOKMARK_HEADER } from "../shared/d1";

/** CORS for the SPA's own origin (`APP_ORIGIN`) when it is served from another one; nobody else. */
export const appOriginCors = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.var.config.appOrigin;
  return cors({
    origin: (requestOrigin) => (requestOrigin === origin ? origin : null),
    credentials: true,
    maxAge: 600,
    // Request headers are reflected (Hono's default); the app must read the session bookmark.
    exposeHeaders: [BOOKMARK_HEADER],
  })(c, next);
});
