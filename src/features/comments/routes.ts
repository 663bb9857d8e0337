import { Hono } from "hono";
import { requireAuthInBatch } from "../../auth/middleware";
import type { AppEnv } from "../../lib/context";
import { validate } from "../../lib/validate";
import { updateCommentBody } from "./schema";
import { deleteComment, updateComment } from "./service";

/** `/api/comments/:id`: edit and delete (listing and creating live under the post). */
export const commentRoutes = new Hono<AppEnv>()
  .patch("/:id", requireAuthInBatch, validate("json", updateCommentBody), async (c) =>
    c.json(
      await updateComment(
        c.var.db,
        { viewerId: c.var.userId, commentId: c.req.param("id"), body: c.req.valid("json").body },
        c.var.writeGate,
        c.var.effects,
      ),
    ),
  )
  .delete("/:id", requireAuthInBatch, async (c) => {
    await deleteComment(c.var.db, { viewerId: c.var.userId, commentId: c.req.param("id") }, c.var.writeGate);
    return c.body(null, 204);
  });
