import { and, eq, gt, ne } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Db } from "../db/client";
import { sessions } from "../db/schema";
import { unauthorized } from "../lib/errors";
import { newId, randomToken, sha256Hex } from "../lib/ids";
import { ipPrefix } from "./client-facts";

export const REFRESH_COOKIE = "orgo_refresh";
const REFRESH_SECONDS = 30 * 24 * 60 * 60;

export interface IssuedSession {
  sessionId: string;
  userId: string;
  refreshToken: string;
}

const splitToken = (token: string) => {
  const [sessionId, secret, ...rest] = token.split(".");
  return sessionId && secret && rest.length === 0 ? { sessionId, secret } : null;
};

/** Where a session was started, for the sessions list; `providerAuth` when a provider signed it in. */
export interface SessionOrigin {
  userAgent: string;
  ip: string;
  providerAuth: boolean;
}

export const createSession = async (
  db: Db,
  { userId, origin }: { userId: string; origin: SessionOrigin },
  now = Date.now(),
): Promise<IssuedSession> => {
  const sessionId = newId();
  const secret = randomToken();
  await db.insert(sessions).values({
    id: sessionId,
    userId,
    userAgent: origin.userAgent,
    ipPrefix: ipPrefix(origin.ip),
    providerAuthAt: origin.providerAuth ? new Date(now) : null,
    tokenHash: await sha256Hex(secret),
    createdAt: new Date(now),
    lastUsedAt: new Date(now),
    expiresAt: new Date(now + REFRESH_SECONDS * 1000),
  });
  return { sessionId, userId, refreshToken: `${sessionId}.${secret}` };
};

/**
 * Swaps the presented refresh token for a new one in one conditional UPDATE. A well-formed token
 * whose session exists but whose secret is not the current one was already rotated: someone
 * replayed it, so the whole session is revoked (as is an expired one).
 */
export const rotateSession = async (db: Db, token: string | undefined, now = Date.now()) => {
  const parts = token ? splitToken(token) : null;
  if (!parts) throw unauthorized("세션이 만료되었습니다. 다시 로그인하세요.");
  const presentedHash = await sha256Hex(parts.secret);
  const secret = randomToken();
  const rotated = await db
    .update(sessions)
    .set({
      tokenHash: await sha256Hex(secret),
      lastUsedAt: new Date(now),
      expiresAt: new Date(now + REFRESH_SECONDS * 1000),
    })
    .where(
      and(
        eq(sessions.id, parts.sessionId),
        eq(sessions.tokenHash, presentedHash),
        gt(sessions.expiresAt, new Date(now)),
      ),
    )
    .returning({ userId: sessions.userId })
    .get();
  if (!rotated) {
    await db.delete(sessions).where(eq(sessions.id, parts.sessionId));
    throw unauthorized("세션이 만료되었습니다. 다시 로그인하세요.");
  }
  return { sessionId: parts.sessionId, userId: rotated.userId, refreshToken: `${parts.sessionId}.${secret}` };
};

/** Ends the refresh token's session; the session that ended, if there was one. */
export const revokeSessionByToken = async (db: Db, token: string | undefined) => {
  const parts = token ? splitToken(token) : null;
  if (!parts) return null;
  const ended = await db
    .delete(sessions)
    .where(eq(sessions.id, parts.sessionId))
    .returning({ id: sessions.id, userId: sessions.userId });
  return ended[0] ?? null;
};

export const revokeOtherSessions = (
  db: Db,
  { userId, keepSessionId }: { userId: string; keepSessionId: string | null },
) =>
  db
    .delete(sessions)
    .where(
      keepSessionId
        ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
        : eq(sessions.userId, userId),
    )
    .returning({ id: sessions.id });

// ── The refresh cookie ──────────────────────────────────────────────────────────────────────

const isPlainLocalHttp = (url: URL) =>
  url.protocol === "http:" && (url.hostname === "localhost" || url.hostname === "127.0.0.1");

/**
 * Set and cleared together with the refresh cookie, readable by the app's script and holding no
 * secret: it only says "a refresh cookie may be there", so a signed-out page load skips
 * `POST /api/auth/refresh` (which would answer 401) instead of asking on every visit.
 */
export const SESSION_HINT_COOKIE = "orgo_session";

export const setRefreshCookie = (c: Context, refreshToken: string) => {
  const secure = !isPlainLocalHttp(new URL(c.req.url));
  setCookie(c, REFRESH_COOKIE, refreshToken, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/api/auth",
    secure,
    maxAge: REFRESH_SECONDS,
  });
  setCookie(c, SESSION_HINT_COOKIE, "1", { sameSite: "Strict", path: "/", secure, maxAge: REFRESH_SECONDS });
};

export const readRefreshCookie = (c: Context) => getCookie(c, REFRESH_COOKIE);

export const clearRefreshCookie = (c: Context) => {
  const secure = !isPlainLocalHttp(new URL(c.req.url));
  deleteCookie(c, REFRESH_COOKIE, { path: "/api/auth", secure });
  deleteCookie(c, SESSION_HINT_COOKIE, { path: "/", secure });
};
