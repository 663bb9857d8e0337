import { createMiddleware } from "hono/factory";
import { createDb, sessionAsDatabase } from "../db/client";
import { readConfig } from "../lib/config";
import type { AppEnv } from "../lib/context";
import { BOOKMARK_HEADER, isBookmark } from "../shared/d1";

/**
 * Checked config and the db for every request; no caller until an auth middleware sets one.
 *
 * The db is a D1 session (ARCHITECTURE § Scaling): with read replication on, its reads may be
 * served by a replica, but never one older than the bookmark the client sent, so a user always
 * reads their own writes. The session's newest bookmark goes back on the response.
 */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const sent = c.req.header(BOOKMARK_HEADER);
  const session = c.env.DB.withSession(sent && isBookmark(sent) ? sent : "first-unconstrained");
  c.set("config", readConfig(c.env));
  c.set("db", createDb(sessionAsDatabase(session, c.env.DB)));
  c.set("userId", null);
  c.set("sessionId", null);
  c.set("writeGate", null);
  await next();
  const bookmark = session.getBookmark();
  // A socket's 101 comes from a Durable Object with headers that cannot change.
  if (bookmark && c.res.status !== 101) c.res.headers.set(BOOKMARK_HEADER, bookmark);
});
