import { createMiddleware } from "hono/factory";
import { createDb } from "../db/client";
import { readConfig } from "../lib/config";
import type { AppEnv } from "../lib/context";

/** Checked config and the db for every request; no caller until an auth middleware sets one. */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  c.set("config", readConfig(c.env));
  c.set("db", createDb(c.env.DB));
  c.set("userId", null);
  c.set("sessionId", null);
  c.set("writeGate", null);
  await next();
});
