import { Hono } from "hono";
import { optionalAuth, requireAuth } from "../../../auth/middleware";
import type { AppEnv } from "../../../lib/context";
import { validate } from "../../../lib/validate";
import { studyIdParam } from "../schema";
import { memberAttendance, studyAttendance, userAttendance } from "./attendance";
import { checkIn, closeCheckIn, markAttendance, openCheckIn } from "./check-in";
import { setRsvp } from "./rsvp";
import {
  attendeeParam,
  cancelSessionQuery,
  createSessionBody,
  openCheckInBody,
  rsvpBody,
  sessionIdParam,
  sessionListQuery,
  updateSessionBody,
} from "./schema";
import { cancelSession, createSessions, getSession, listStudySessions, updateSession } from "./service";

/** `/api/studies/:id/…`: a study's sessions and attendance (docs/api/study-sessions.md). */
export const studySessionRoutes = new Hono<AppEnv>()
  .get(
    "/:id/sessions",
    optionalAuth,
    validate("param", studyIdParam),
    validate("query", sessionListQuery),
    async (c) =>
      c.json(
        await listStudySessions(c.var.db, {
          viewerId: c.var.userId,
          studyId: c.req.valid("param").id,
          query: c.req.valid("query"),
          now: Date.now(),
        }),
      ),
  )
  .post(
    "/:id/sessions",
    requireAuth,
    validate("param", studyIdParam),
    validate("json", createSessionBody),
    async (c) => {
      const sessions = await createSessions(
        c.var.db,
        {
          leaderId: c.var.userId,
          studyId: c.req.valid("param").id,
          input: c.req.valid("json"),
          now: Date.now(),
        },
        c.var.effects,
      );
      return c.json({ items: sessions }, 201);
    },
  )
  .get("/:id/attendance", validate("param", studyIdParam), async (c) =>
    c.json({ items: await studyAttendance(c.var.db, { studyId: c.req.valid("param").id, now: Date.now() }) }),
  )
  .get("/:id/members/:userId/attendance", validate("param", attendeeParam), async (c) => {
    const { id, userId } = c.req.valid("param");
    return c.json(await memberAttendance(c.var.db, { studyId: id, userId, now: Date.now() }));
  });

/** `/api/users/:id/attendance`: a member's attendance in each of their studies (their profile). */
export const userAttendanceRoutes = new Hono<AppEnv>().get(
  "/:id/attendance",
  validate("param", studyIdParam),
  async (c) =>
    c.json({ items: await userAttendance(c.var.db, { userId: c.req.valid("param").id, now: Date.now() }) }),
);

/** `/api/sessions/:id…`: one session, RSVPs and check-in. */
export const sessionRoutes = new Hono<AppEnv>()
  .get("/:id", requireAuth, validate("param", sessionIdParam), async (c) =>
    c.json(
      await getSession(c.var.db, {
        viewerId: c.var.userId,
        sessionId: c.req.valid("param").id,
        now: Date.now(),
      }),
    ),
  )
  .patch(
    "/:id",
    requireAuth,
    validate("param", sessionIdParam),
    validate("json", updateSessionBody),
    async (c) => {
      const sessions = await updateSession(
        c.var.db,
        {
          leaderId: c.var.userId,
          sessionId: c.req.valid("param").id,
          input: c.req.valid("json"),
          now: Date.now(),
        },
        c.var.effects,
      );
      return c.json({ items: sessions });
    },
  )
  .delete(
    "/:id",
    requireAuth,
    validate("param", sessionIdParam),
    validate("query", cancelSessionQuery),
    async (c) => {
      const sessions = await cancelSession(
        c.var.db,
        {
          leaderId: c.var.userId,
          sessionId: c.req.valid("param").id,
          scope: c.req.valid("query").scope,
          now: Date.now(),
        },
        c.var.effects,
      );
      return c.json({ items: sessions });
    },
  )
  .put("/:id/rsvp", requireAuth, validate("param", sessionIdParam), validate("json", rsvpBody), async (c) =>
    c.json(
      await setRsvp(c.var.db, {
        userId: c.var.userId,
        sessionId: c.req.valid("param").id,
        status: c.req.valid("json").status,
        now: Date.now(),
      }),
    ),
  )
  .post(
    "/:id/check-in/open",
    requireAuth,
    validate("param", sessionIdParam),
    validate("json", openCheckInBody),
    async (c) =>
      c.json(
        await openCheckIn(
          c.var.db,
          {
            leaderId: c.var.userId,
            sessionId: c.req.valid("param").id,
            minutes: c.req.valid("json").minutes,
            now: Date.now(),
          },
          c.var.effects,
        ),
      ),
  )
  .post("/:id/check-in/close", requireAuth, validate("param", sessionIdParam), async (c) =>
    c.json(
      await closeCheckIn(c.var.db, {
        leaderId: c.var.userId,
        sessionId: c.req.valid("param").id,
        now: Date.now(),
      }),
    ),
  )
  .post("/:id/check-in", requireAuth, validate("param", sessionIdParam), async (c) =>
    c.json(
      await checkIn(c.var.db, { userId: c.var.userId, sessionId: c.req.valid("param").id, now: Date.now() }),
    ),
  )
  .put("/:id/attendance/:userId", requireAuth, validate("param", attendeeParam), async (c) => {
    const { id, userId } = c.req.valid("param");
    return c.json(
      await markAttendance(c.var.db, {
        leaderId: c.var.userId,
        sessionId: id,
        memberId: userId,
        present: true,
        now: Date.now(),
      }),
    );
  })
  .delete("/:id/attendance/:userId", requireAuth, validate("param", attendeeParam), async (c) => {
    const { id, userId } = c.req.valid("param");
    return c.json(
      await markAttendance(c.var.db, {
        leaderId: c.var.userId,
        sessionId: id,
        memberId: userId,
        present: false,
        now: Date.now(),
      }),
    );
  });
