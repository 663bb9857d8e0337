import { Hono } from "hono";
import { optionalAuth, requireAuth } from "../../auth/middleware";
import type { AppEnv } from "../../lib/context";
import { validate } from "../../lib/validate";
import { disconnectMember, purgeRoom } from "../chat/purge";
import { publishNotifications } from "../notifications/publish";
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
  .post("/", requireAuth, validate("json", createStudyBody), async (c) =>
    c.json(await createStudy(c.var.db, c.var.userId, c.req.valid("json"), seoulToday()), 201),
  )
  .get("/:id", optionalAuth, validate("param", studyIdParam), async (c) =>
    c.json(await getStudy(c.var.db, c.req.valid("param").id, c.var.userId, seoulToday())),
  )
  .patch("/:id", requireAuth, validate("param", studyIdParam), validate("json", updateStudyBody), async (c) =>
    c.json(
      await updateStudy(
        c.var.db,
        c.req.valid("param").id,
        c.var.userId,
        c.req.valid("json"),
        seoulToday(),
      ),
    ),
  )
  .delete("/:id", requireAuth, validate("param", studyIdParam), async (c) => {
    const { roomId } = await deleteStudy(c.var.db, c.req.valid("param").id, c.var.userId);
    // The room's D1 rows went with the study; its message log lives in the room's Durable Object.
    if (roomId) c.executionCtx.waitUntil(purgeRoom(c.env, roomId));
    return c.body(null, 204);
  })
  .put("/:id/tags/:name", requireAuth, validate("param", tagParam), async (c) => {
    const { id, name } = c.req.valid("param");
    return c.json(await addTag(c.var.db, id, c.var.userId, name, seoulToday()));
  })
  .delete("/:id/tags/:name", requireAuth, validate("param", tagParam), async (c) => {
    const { id, name } = c.req.valid("param");
    return c.json(await removeTag(c.var.db, id, c.var.userId, name, seoulToday()));
  })
  .put("/:id/membership", requireAuth, validate("param", studyIdParam), async (c) => {
    const { study, notifications } = await joinStudy(
      c.var.db,
      c.req.valid("param").id,
      c.var.userId,
      seoulToday(),
    );
    c.executionCtx.waitUntil(publishNotifications(c.env, notifications));
    return c.json(study);
  })
  .delete("/:id/membership", requireAuth, validate("param", studyIdParam), async (c) => {
    const userId = c.var.userId;
    const { study, leftRoomId } = await leaveStudy(c.var.db, c.req.valid("param").id, userId, seoulToday());
    if (leftRoomId) c.executionCtx.waitUntil(disconnectMember(c.env, leftRoomId, userId));
    return c.json(study);
  });
