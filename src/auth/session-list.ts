import Bowser from "bowser";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { sessions } from "../db/schema";
import type { Effects } from "../effects";
import { notFound } from "../lib/errors";
import { assertReauthenticated } from "./reauth";
import { revokeOtherSessions } from "./sessions";

/** What the sessions list says about a device, read from its User-Agent (null when unknown). */
export interface SessionDevice {
  browser: string | null;
  os: string | null;
  type: "desktop" | "mobile" | "tablet" | null;
}

export interface SessionView {
  id: string;
  current: boolean;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string;
  ipPrefix: string;
  device: SessionDevice;
}

export const describeDevice = (userAgent: string): SessionDevice => {
  if (!userAgent) return { browser: null, os: null, type: null };
  const parsed = Bowser.parse(userAgent);
  const os = [parsed.os.name, parsed.os.versionName ?? parsed.os.version].filter(Boolean).join(" ");
  const type = parsed.platform.type;
  return {
    browser: parsed.browser.name ?? null,
    os: os || null,
    type: type === "desktop" || type === "mobile" || type === "tablet" ? type : null,
  };
};

/** `GET /api/users/me/sessions`: every signed-in device, the one asking marked `current`. */
export const listSessions = async (
  db: Db,
  { userId, currentSessionId }: { userId: string; currentSessionId: string | null },
): Promise<SessionView[]> => {
  const rows = await db
    .select()
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastUsedAt), desc(sessions.id));
  return rows.map((row) => ({
    id: row.id,
    current: row.id === currentSessionId,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt.toISOString(),
    userAgent: row.userAgent,
    ipPrefix: row.ipPrefix,
    device: describeDevice(row.userAgent),
  }));
};

/** `DELETE /api/users/me/sessions/:id`: one of the caller's sessions ends; another user's is a 404. */
export const endSession = async (
  db: Db,
  { userId, sessionId }: { userId: string; sessionId: string },
  effects: Effects,
) => {
  const ended = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  if (ended.length === 0) throw notFound("세션");
  await effects.closeSessions({ userId, sessionIds: [sessionId] });
};

/** `DELETE /api/users/me/sessions`: every other session ends, after re-authentication. */
export const endOtherSessions = async (
  db: Db,
  {
    userId,
    currentSessionId,
    password,
  }: { userId: string; currentSessionId: string | null; password: string | undefined },
  effects: Effects,
) => {
  await assertReauthenticated(db, { userId, sessionId: currentSessionId, password });
  const ended = await revokeOtherSessions(db, { userId, keepSessionId: currentSessionId });
  await effects.closeSessions({ userId, sessionIds: ended.map((session) => session.id) });
};
