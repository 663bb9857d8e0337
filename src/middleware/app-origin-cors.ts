import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/context";
import { BOOKMARK_HEADER } from "../shared/d1";

const corsFor = (origin: string | null) =>
  cors({
    origin: (requestOrigin) => (requestOrigin === origin ? origin : null),
    credentials: true,
    maxAge: 600,
    // Request headers are reflected (Hono's default); the app must read the session bookmark.
    exposeHeaders: [BOOKMARK_HEADER],
  });

/** Built once per isolate (the origin is config, fixed per isolate), not on every request. */
let built: { origin: string | null; handler: ReturnType<typeof cors> } | null = null;

/** CORS for the SPA's own origin (`APP_ORIGIN`) when it is served from another one; nobody else. */
export const appOriginCors = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.var.config.appOrigin;
  if (built?.origin !== origin) built = { origin, handler: corsFor(origin) };
  return built.handler(c, next);
});
