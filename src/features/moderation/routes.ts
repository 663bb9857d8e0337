import { Hono } from "hono";
import { requireAuth } from "../../auth/middleware";
import type { Env } from "../../env";
import type { AppEnv } from "../../lib/context";
import { pageQuery } from "../../lib/pagination";
import { validate } from "../../lib/validate";
import { messageInContext } from "../../realtime/moderation";
import { requireAdmin, requireModerator } from "./access";
import { liftSuspension, resolveReport, setHidden, setRole, suspendUser } from "./actions";
import { listLog } from "./log";
import { createReport, listReports, type MessageLookup } from "./reports";
import {
  createReportBody,
  hideBody,
  idParam,
  reportListQuery,
  resolveBody,
  roleBody,
  suspensionBody,
} from "./schema";

/** Messages are read from their room's Durable Object. */
const messagesIn =
  (env: Env): MessageLookup =>
  ({ roomId, messageId }) =>
    messageInContext(env, { roomId, messageId });

/** `/api/reports`: any signed-in member reports (a suspended one cannot: it is a write). */
export const reportRoutes = new Hono<AppEnv>().post(
  "/",
  requireAuth,
  validate("json", createReportBody),
  async (c) => {
    const { target, reason, note } = c.req.valid("json");
    const { report, created } = await createReport(c.var.db, {
      reporterId: c.var.userId,
      target,
      reason,
      note: note ?? null,
      lookup: messagesIn(c.env),
    });
    return c.json(report, created ? 201 : 200);
  },
);

/**
 * `/api/moderation`: moderators and admins only (403 for everyone else, 401 anonymous). Every
 * write passes the write gate first, so a suspended moderator cannot moderate either.
 */
export const moderationRoutes = new Hono<AppEnv>()
  .get("/reports", requireAuth, validate("query", reportListQuery), async (c) => {
    await requireModerator(c.var.db, c.var.userId);
    const { status, cursor, limit } = c.req.valid("query");
    return c.json(await listReports(c.var.db, { status, page: { cursor, limit } }));
  })
  .post(
    "/reports/:id/resolve",
    requireAuth,
    validate("param", idParam),
    validate("json", resolveBody),
    async (c) => {
      const actor = await requireModerator(c.var.db, c.var.userId);
      const { action, days, note } = c.req.valid("json");
      return c.json(
        await resolveReport(
          c.var.db,
          {
            actor,
            reportId: c.req.valid("param").id,
            action,
            days,
            note: note ?? null,
            lookup: messagesIn(c.env),
          },
          c.var.effects,
        ),
      );
    },
  )
  .post("/hide", requireAuth, validate("json", hideBody), async (c) => {
    const actor = await requireModerator(c.var.db, c.var.userId);
    const { target, note } = c.req.valid("json");
    await setHidden(
      c.var.db,
      { actor, target, hidden: true, note: note ?? null, lookup: messagesIn(c.env) },
      c.var.effects,
    );
    return c.body(null, 204);
  })
  .post("/unhide", requireAuth, validate("json", hideBody), async (c) => {
    const actor = await requireModerator(c.var.db, c.var.userId);
    const { target, note } = c.req.valid("json");
    await setHidden(
      c.var.db,
      { actor, target, hidden: false, note: note ?? null, lookup: messagesIn(c.env) },
      c.var.effects,
    );
    return c.body(null, 204);
  })
  .put(
    "/users/:id/suspension",
    requireAuth,
    validate("param", idParam),
    validate("json", suspensionBody),
    async (c) => {
      const actor = await requireModerator(c.var.db, c.var.userId);
      const { days, reason } = c.req.valid("json");
      return c.json(
        await suspendUser(c.var.db, { actor, userId: c.req.valid("param").id, days, reason }, c.var.effects),
      );
    },
  )
  .delete("/users/:id/suspension", requireAuth, validate("param", idParam), async (c) => {
    const actor = await requireModerator(c.var.db, c.var.userId);
    return c.json(await liftSuspension(c.var.db, { actor, userId: c.req.valid("param").id }, c.var.effects));
  })
  .put("/users/:id/role", requireAuth, validate("param", idParam), validate("json", roleBody), async (c) => {
    const actor = await requireAdmin(c.var.db, c.var.userId);
    return c.json(
      await setRole(c.var.db, { actor, userId: c.req.valid("param").id, role: c.req.valid("json").role }),
    );
  })
  .get("/log", requireAuth, validate("query", pageQuery), async (c) => {
    await requireModerator(c.var.db, c.var.userId);
    return c.json(await listLog(c.var.db, c.req.valid("query")));
  });
