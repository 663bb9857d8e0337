import { Hono } from "hono";
import { optionalAuth, requireAuth, requireAuthInBatch } from "../../auth/middleware";
import type { AppEnv } from "../../lib/context";
import { pageQuery } from "../../lib/pagination";
import { validate } from "../../lib/validate";
import { listUserPosts } from "../posts/feeds";
import { getProfileByHandle, suggestUsers } from "./handles";
import { suggestQuery } from "./schema";
import { block, follow, getProfile, listBlocks, listFollows, unblock, unfollow } from "./service";

/**
 * `/api/users`: profiles, follows and blocks. Mounted after `/users/me` (the caller's account);
 * `/me/blocks` is declared before `/:id` so "me" is never taken for a user id.
 */
export const userRoutes = new Hono<AppEnv>()
  .get("/", requireAuth, validate("query", suggestQuery), async (c) =>
    c.json(await suggestUsers(c.var.db, { viewerId: c.var.userId, ...c.req.valid("query") })),
  )
  .get("/by-handle/:handle", optionalAuth, async (c) =>
    c.json(await getProfileByHandle(c.var.db, { viewerId: c.var.userId, handle: c.req.param("handle") })),
  )
  .get("/me/blocks", requireAuth, validate("query", pageQuery), async (c) =>
    c.json(await listBlocks(c.var.db, c.var.userId, c.req.valid("query"))),
  )
  .get("/:id", optionalAuth, async (c) =>
    c.json(await getProfile(c.var.db, { viewerId: c.var.userId, userId: c.req.param("id") })),
  )
  .get("/:id/posts", optionalAuth, validate("query", pageQuery), async (c) =>
    c.json(
      await listUserPosts(c.var.db, {
        viewerId: c.var.userId,
        userId: c.req.param("id"),
        page: c.req.valid("query"),
      }),
    ),
  )
  .get("/:id/followers", optionalAuth, validate("query", pageQuery), async (c) =>
    c.json(
      await listFollows(c.var.db, {
        viewerId: c.var.userId,
        userId: c.req.param("id"),
        side: "followers",
        page: c.req.valid("query"),
      }),
    ),
  )
  .get("/:id/following", optionalAuth, validate("query", pageQuery), async (c) =>
    c.json(
      await listFollows(c.var.db, {
        viewerId: c.var.userId,
        userId: c.req.param("id"),
        side: "following",
        page: c.req.valid("query"),
      }),
    ),
  )
  .put("/:id/follow", requireAuthInBatch, async (c) =>
    c.json(
      await follow(
        c.var.db,
        { viewerId: c.var.userId, targetId: c.req.param("id") },
        c.var.writeGate,
        c.var.effects,
      ),
    ),
  )
  .delete("/:id/follow", requireAuthInBatch, async (c) =>
    c.json(
      await unfollow(c.var.db, { viewerId: c.var.userId, targetId: c.req.param("id") }, c.var.writeGate),
    ),
  )
  .put("/:id/block", requireAuthInBatch, async (c) => {
    await block(
      c.var.db,
      { viewerId: c.var.userId, targetId: c.req.param("id") },
      c.var.writeGate,
      c.var.effects,
    );
    return c.body(null, 204);
  })
  .delete("/:id/block", requireAuthInBatch, async (c) => {
    await unblock(
      c.var.db,
      { viewerId: c.var.userId, targetId: c.req.param("id") },
      c.var.writeGate,
      c.var.effects,
    );
    return c.body(null, 204);
  });
