import { Hono } from "hono";
import { optionalAuth, requireAuth, requireAuthInBatch } from "../../auth/middleware";
import type { AppEnv } from "../../lib/context";
import { validate } from "../../lib/validate";
import { seoulToday } from "./dates";
import { listStudies } from "./list";
import { joinStudy, leaveStudy } from "./membership";
import { createStudyBody, listStudiesQuery, studyIdParam, tagParam, updateStudyBody } from "./schema";
import { createStudy, deleteStudy, getStudy, updateStudy } from "./service";
import { addTag, removeTag } from "./tags";

/** `/api/studies`: study groups, their tags and membership (API.md § Studies). */
export const studyRoutes = new Hono<AppEnv>()
  .get("/", optionalAuth, validate("query", listStudiesQuery), async (c) =>
    c.json(await listStudies(c.var.db, c.var.userId, c.req.valid("query"), seoulToday())),
  )
  .post("/", requireAuthInBatch, validate("json", createStudyBody), async (c) =>
    c.json(
      await createStudy(c.var.db, c.var.userId, c.req.valid("json"), seoulToday(), c.var.writeGate),
      201,
    ),
  )
  .get("/:id", optionalAuth, validate("param", studyIdParam), async (c) =>
    c.json(
      await getStudy(c.var.db, {
        studyId: c.req.valid("param").id,
        viewerId: c.var.userId,
        today: seoulToday(),
      }),
    ),
  )
  .patch(
    "/:id",
    requireAuthInBatch,
    validate("param", studyIdParam),
    validate("json", updateStudyBody),
    async (c) =>
      c.json(
        await updateStudy(
          c.var.db,
          {
            studyId: c.req.valid("param").id,
            viewerId: c.var.userId,
            input: c.req.valid("json"),
            today: seoulToday(),
          },
          c.var.writeGate,
        ),
      ),
  )
  .delete("/:id", requireAuth, validate("param", studyIdParam), async (c) => {
    await deleteStudy(c.var.db, { studyId: c.req.valid("param").id, viewerId: c.var.userId }, c.var.effects);
    return c.body(null, 204);
  })
  .put("/:id/tags/:name", requireAuthInBatch, validate("param", tagParam), async (c) => {
    const { id, name } = c.req.valid("param");
    return c.json(
      await addTag(
        c.var.db,
        { studyId: id, viewerId: c.var.userId, name, today: seoulToday() },
        c.var.writeGate,
      ),
    );
  })
  .delete("/:id/tags/:name", requireAuthInBatch, validate("param", tagParam), async (c) => {
    const { id, name } = c.req.valid("param");
    return c.json(
      await removeTag(
        c.var.db,
        { studyId: id, viewerId: c.var.userId, name, today: seoulToday() },
        c.var.writeGate,
      ),
    );
  })
  .put("/:id/membership", requireAuthInBatch, validate("param", studyIdParam), async (c) =>
    c.json(
      await joinStudy(
        c.var.db,
        { studyId: c.req.valid("param").id, userId: c.var.userId, today: seoulToday() },
        c.var.writeGate,
        c.var.effects,
      ),
    ),
  )
  .delete("/:id/membership", requireAuthInBatch, validate("param", studyIdParam), async (c) =>
    c.json(
      await leaveStudy(
        c.var.db,
        { studyId: c.req.valid("param").id, userId: c.var.userId, today: seoulToday() },
        c.var.writeGate,
        c.var.effects,
      ),
    ),
  );
