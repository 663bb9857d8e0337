import { Hono } from "hono";
import { optionalAuth } from "../../auth/middleware";
import type { AppEnv } from "../../lib/context";
import { validate } from "../../lib/validate";
import { seoulToday } from "../studies/dates";
import { searchQuery } from "./schema";
import { search } from "./service";

/** `/api/search`: posts, people and studies by text (API.md § Search). */
export const searchRoutes = new Hono<AppEnv>().get(
  "/",
  optionalAuth,
  validate("query", searchQuery),
  async (c) => c.json(await search(c.var.db, c.var.userId, c.req.valid("query"), seoulToday())),
);
