import { Hono } from "hono";
import { clientFacts } from "../../auth/client-facts";
import { requireAuth, requireAuthSelfCare } from "../../auth/middleware";
import { endOtherSessions, endSession, listSessions } from "../../auth/session-list";
import { clearRefreshCookie } from "../../auth/sessions";
import type { AppEnv } from "../../lib/context";
import { consume } from "../../lib/rate-limit";
import { validate } from "../../lib/validate";
import { requireMultipart } from "../../middleware/require-multipart";
import { uploadBody } from "../../middleware/upload-body";
import { requireFile } from "../images/storage";
import { requestEmailChange } from "./email-change";
import {
  avatarForm,
  changeEmailBody,
  changePasswordBody,
  deleteAccountBody,
  endSessionsBody,
  updateMeBody,
} from "./schema";
import { changePassword, deleteAccount, getMe, setAvatar, updateMe } from "./service";

/**
 * `/api/users/me`: the caller's own account. A suspended user may still change their password, end
 * sessions and delete the account (`requireAuthSelfCare`), not their public face (PATCH) or email.
 */
export const accountRoutes = new Hono<AppEnv>()
  .get("/", requireAuth, async (c) => c.json(await getMe(c.var.db, c.var.userId)))
  .patch("/", requireAuth, validate("json", updateMeBody), async (c) =>
    c.json(await updateMe(c.var.db, c.var.userId, c.req.valid("json"))),
  )
  .post("/password", requireAuthSelfCare, validate("json", changePasswordBody), async (c) => {
    const { currentPassword, newPassword } = c.req.valid("json");
    await changePassword(
      c.var.db,
      {
        userId: c.var.userId,
        currentSessionId: c.var.sessionId,
        currentPassword,
        newPassword,
      },
      c.var.effects,
    );
    return c.body(null, 204);
  })
  .delete("/", requireAuthSelfCare, validate("json", deleteAccountBody), async (c) => {
    await deleteAccount(
      c.var.db,
      { userId: c.var.userId, sessionId: c.var.sessionId, proof: c.req.valid("json") },
      c.var.effects,
    );
    clearRefreshCookie(c);
    return c.body(null, 204);
  })
  .post("/email", requireAuth, validate("json", changeEmailBody), async (c) => {
    const { newEmail, password } = c.req.valid("json");
    await requestEmailChange(
      c.var.db,
      {
        userId: c.var.userId,
        sessionId: c.var.sessionId,
        newEmail,
        password,
        linkOrigin: clientFacts(c).linkOrigin,
      },
      c.var.effects,
    );
    return c.body(null, 202);
  })
  .get("/sessions", requireAuth, async (c) =>
    c.json({
      items: await listSessions(c.var.db, { userId: c.var.userId, currentSessionId: c.var.sessionId }),
    }),
  )
  .delete("/sessions", requireAuthSelfCare, validate("json", endSessionsBody), async (c) => {
    await endOtherSessions(
      c.var.db,
      { userId: c.var.userId, currentSessionId: c.var.sessionId, password: c.req.valid("json").password },
      c.var.effects,
    );
    return c.body(null, 204);
  })
  .delete("/sessions/:id", requireAuthSelfCare, async (c) => {
    const sessionId = c.req.param("id");
    await endSession(c.var.db, { userId: c.var.userId, sessionId }, c.var.effects);
    if (sessionId === c.var.sessionId) clearRefreshCookie(c);
    return c.body(null, 204);
  });

/**
 * `PUT /api/users/me/avatar`: multipart, so it is mounted before the JSON body check (see app.ts)
 * and carries its own body limit and authentication.
 */
export const avatarRoutes = new Hono<AppEnv>().put(
  "/",
  uploadBody,
  requireAuth,
  requireMultipart,
  validate("form", avatarForm),
  async (c) => {
    const userId = c.var.userId;
    await consume(c.var.db, `uploads:${userId}`, c.var.config.rateLimits.uploadsPerUser);
    const file = requireFile(c.req.valid("form").file);
    return c.json(await setAvatar(c.var.db, c.env.IMAGES, { userId, file }, c.var.effects));
  },
);
