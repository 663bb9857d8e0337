import { Hono } from "hono";
import * as z from "zod";
import { requireAuth } from "../../../auth/middleware";
import type { AppEnv } from "../../../lib/context";
import { notFound } from "../../../lib/errors";
import { validate } from "../../../lib/validate";
import { deleteFeed, feedForToken, feedStatus, regenerateFeed, upcomingForUser } from "./service";

const upcomingQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(50) });
const FEED_FILE = /^([A-Za-z0-9_-]{20,64})\.ics$/;

const feedUrl = (origin: string, token: string) => `${origin}/api/calendar/${token}.ics`;
const originOf = (c: { var: AppEnv["Variables"] }) => c.var.config.appOrigin;

/** `/api/users/me/calendar…`: the caller's upcoming sessions and their `.ics` feed URL. */
export const myCalendarRoutes = new Hono<AppEnv>()
  .get("/calendar", requireAuth, validate("query", upcomingQuery), async (c) =>
    c.json({
      items: await upcomingForUser(c.var.db, {
        userId: c.var.userId,
        now: Date.now(),
        limit: c.req.valid("query").limit,
      }),
    }),
  )
  .get("/calendar-feed", requireAuth, async (c) =>
    c.json(await feedStatus(c.var.db, { userId: c.var.userId })),
  )
  .post("/calendar-feed", requireAuth, async (c) => {
    const token = await regenerateFeed(c.var.db, { userId: c.var.userId });
    return c.json({ url: feedUrl(originOf(c), token) }, 201);
  })
  .delete("/calendar-feed", requireAuth, async (c) => {
    await deleteFeed(c.var.db, { userId: c.var.userId });
    return c.body(null, 204);
  });

/** `/api/calendar/<token>.ics`: the feed a calendar app subscribes to; the token is the only key. */
export const calendarFeedRoutes = new Hono<AppEnv>().get("/:file", async (c) => {
  const token = FEED_FILE.exec(c.req.param("file"))?.[1];
  if (!token) throw notFound("캘린더");
  const body = await feedForToken(c.var.db, { token, appOrigin: originOf(c), now: Date.now() });
  return c.body(body, 200, {
    "Content-Type": "text/calendar; charset=utf-8",
    "Cache-Control": "private, max-age=300",
  });
});
