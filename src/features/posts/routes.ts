import { Hono } from "hono";
import { optionalAuth, requireAuthInBatch } from "../../auth/middleware";
import { clientIp } from "../../lib/client-ip";
import type { AppEnv } from "../../lib/context";
import { pageQuery } from "../../lib/pagination";
import { validate } from "../../lib/validate";
import { createCommentBody } from "../comments/schema";
import { createComment, listComments } from "../comments/service";
import { listFeed, popularPosts } from "./feeds";
import { setLike } from "./likes";
import { createPostBody, feedQuery, updatePostBody } from "./schema";
import { createPost, deletePost, updatePost, viewPost } from "./service";

/** `/api/posts`: feeds, posts, likes, and the comments of a post. */
export const postRoutes = new Hono<AppEnv>()
  .get("/", optionalAuth, validate("query", feedQuery), async (c) => {
    const { feed, ...page } = c.req.valid("query");
    return c.json(await listFeed(c.var.db, c.var.userId, feed, page));
  })
  .get("/popular", optionalAuth, async (c) => c.json(await popularPosts(c.var.db, c.var.userId)))
  .post("/", requireAuthInBatch, validate("json", createPostBody), async (c) =>
    c.json(
      await createPost(c.var.db, c.var.userId, c.req.valid("json"), c.var.writeGate, c.var.effects),
      201,
    ),
  )
  .get("/:id", optionalAuth, async (c) => {
    // Anonymous readers are told apart by address, so one of them reloading counts once an hour.
    const viewerKey = c.var.userId ?? `ip:${clientIp(c)}`;
    return c.json(await viewPost(c.var.db, { viewerId: c.var.userId, viewerKey, postId: c.req.param("id") }));
  })
  .patch("/:id", requireAuthInBatch, validate("json", updatePostBody), async (c) =>
    c.json(
      await updatePost(
        c.var.db,
        { viewerId: c.var.userId, postId: c.req.param("id"), changes: c.req.valid("json") },
        c.var.writeGate,
        c.var.effects,
      ),
    ),
  )
  .delete("/:id", requireAuthInBatch, async (c) => {
    await deletePost(
      c.var.db,
      { viewerId: c.var.userId, postId: c.req.param("id") },
      c.var.writeGate,
      c.var.effects,
    );
    return c.body(null, 204);
  })
  .put("/:id/like", requireAuthInBatch, async (c) =>
    c.json(
      await setLike(
        c.var.db,
        { viewerId: c.var.userId, postId: c.req.param("id"), liked: true },
        c.var.writeGate,
        c.var.effects,
      ),
    ),
  )
  .delete("/:id/like", requireAuthInBatch, async (c) =>
    c.json(
      await setLike(
        c.var.db,
        { viewerId: c.var.userId, postId: c.req.param("id"), liked: false },
        c.var.writeGate,
        c.var.effects,
      ),
    ),
  )
  .get("/:id/comments", optionalAuth, validate("query", pageQuery), async (c) =>
    c.json(
      await listComments(c.var.db, {
        viewerId: c.var.userId ?? null,
        postId: c.req.param("id"),
        page: c.req.valid("query"),
      }),
    ),
  )
  .post("/:id/comments", requireAuthInBatch, validate("json", createCommentBody), async (c) =>
    c.json(
      await createComment(
        c.var.db,
        { viewerId: c.var.userId, postId: c.req.param("id"), input: c.req.valid("json") },
        c.var.writeGate,
        c.var.effects,
      ),
      201,
    ),
  );
