import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/context";

/** CORS for the SPA's own origin (`APP_ORIGIN`) when it is served from another one; nobody else. */
export const appOriginCors = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.var.config.appOrigin;
  return cors({
    origin: (requestOrigin) => (requestOrigin === origin ? origin : null),
    credentials: true,
    maxAge: 600,
  })(c, next);
});
