import { Hono } from "hono";
import type { AppEnv } from "../lib/context";
import { unauthorized } from "../lib/errors";
import { languageFromHeader } from "../lib/language";
import { validate } from "../lib/validate";
import { clientFacts } from "./client-facts";
import { resendVerification, verifyEmail } from "./email-verification";
import { requireAuth } from "./middleware";
import { requestPasswordReset, resetPassword } from "./password-reset";
import { forgotBody, loginBody, resetBody, signupBody, tokenBody } from "./schema";
import { login, signup } from "./service";
import {
  clearRefreshCookie,
  readRefreshCookie,
  revokeSessionByToken,
  rotateSession,
  setRefreshCookie,
} from "./sessions";
import { signAccessToken, signTicket, TICKET_SECONDS } from "./tokens";

/** `/api/auth`: password sign-up and login, refresh rotation, logout. */
export const authRoutes = new Hono<AppEnv>()
  .post("/signup", validate("json", signupBody), async (c) => {
    const body = c.req.valid("json");
    const { refreshToken, ...session } = await signup(
      c.var.db,
      c.var.config,
      {
        client: clientFacts(c),
        input: { ...body, language: body.language ?? languageFromHeader(c.req.header("Accept-Language")) },
      },
      c.var.effects,
    );
    setRefreshCookie(c, refreshToken);
    return c.json(session, 201);
  })
  .post("/login", validate("json", loginBody), async (c) => {
    const { refreshToken, ...session } = await login(
      c.var.db,
      c.var.config,
      { client: clientFacts(c), input: c.req.valid("json") },
      c.var.effects,
    );
    setRefreshCookie(c, refreshToken);
    return c.json(session, 200);
  })
  .post("/email/verify", validate("json", tokenBody), async (c) =>
    c.json(await verifyEmail(c.var.db, c.req.valid("json"))),
  )
  .post("/email/resend", requireAuth, async (c) => {
    await resendVerification(
      c.var.db,
      { userId: c.var.userId, linkOrigin: clientFacts(c).linkOrigin },
      c.var.effects,
    );
    return c.body(null, 204);
  })
  .post("/password/forgot", validate("json", forgotBody), async (c) => {
    const client = clientFacts(c);
    await requestPasswordReset(
      c.var.db,
      {
        email: c.req.valid("json").email,
        clientIp: client.ip,
        linkOrigin: client.linkOrigin,
        perIp: c.var.config.rateLimits.failedLoginsPerIp,
      },
      c.var.effects,
    );
    return c.body(null, 204);
  })
  .post("/password/reset", validate("json", resetBody), async (c) => {
    await resetPassword(c.var.db, c.req.valid("json"), c.var.effects);
    // Every session of the account ended, this browser's included if it had one.
    clearRefreshCookie(c);
    return c.body(null, 204);
  })
  .post("/refresh", async (c) => {
    try {
      const session = await rotateSession(c.var.db, readRefreshCookie(c));
      setRefreshCookie(c, session.refreshToken);
      return c.json({
        accessToken: await signAccessToken(c.var.config.jwtSecret, {
          userId: session.userId,
          sessionId: session.sessionId,
        }),
      });
    } catch (error) {
      clearRefreshCookie(c);
      throw error;
    }
  })
  .post("/logout", async (c) => {
    const ended = await revokeSessionByToken(c.var.db, readRefreshCookie(c));
    // That session's sockets close (4401) before this answers.
    if (ended) await c.var.effects.closeSessions({ userId: ended.userId, sessionIds: [ended.id] });
    clearRefreshCookie(c);
    return c.body(null, 204);
  });

/** `/api/realtime`: short-lived tickets that open WebSockets (browsers cannot send headers there). */
export const realtimeTicketRoutes = new Hono<AppEnv>().post("/ticket", requireAuth, async (c) => {
  // requireAuth admits a POST only for a token whose session still exists.
  const sessionId = c.var.sessionId;
  if (!sessionId) throw unauthorized();
  return c.json({
    ticket: await signTicket(c.var.config.jwtSecret, { userId: c.var.userId, sessionId }),
    expiresIn: TICKET_SECONDS,
  });
});
