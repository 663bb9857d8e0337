import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { passwordCredentials, sessions } from "../db/schema";
import { ApiError } from "../lib/errors";
import { verifyPassword } from "./password";

/** How recent a provider sign-in must be to stand in for a password (API.md). */
export const REAUTH_WINDOW_MS = 10 * 60 * 1000;

export const reauthRequired = () =>
  new ApiError(
    403,
    "reauth_required",
    "보안을 위해 다시 인증해야 합니다. 비밀번호를 입력하거나 다시 로그인하세요.",
  );

export const wrongPassword = () => new ApiError(403, "wrong_password", "비밀번호가 올바르지 않습니다.");

/**
 * A sensitive action (password, email, deletion, ending all sessions) is let through only with
 * proof that the person is the account's owner, not merely holding one of its tokens: the current
 * password, or for an account without one a provider sign-in in this very session within the
 * last 10 minutes. No password given → 403 `reauth_required`; a wrong one → 403 `wrong_password`.
 */
export const assertReauthenticated = async (
  db: Db,
  {
    userId,
    sessionId,
    password,
    now = Date.now(),
  }: { userId: string; sessionId: string | null; password: string | undefined; now?: number },
): Promise<{ hasPassword: boolean }> => {
  const [credential, session] = await db.batch([
    db
      .select({ hash: passwordCredentials.hash })
      .from(passwordCredentials)
      .where(eq(passwordCredentials.userId, userId)),
    db
      .select({ providerAuthAt: sessions.providerAuthAt })
      .from(sessions)
      .where(and(eq(sessions.id, sessionId ?? ""), eq(sessions.userId, userId))),
  ]);
  const hash = credential[0]?.hash;
  if (hash) {
    if (password === undefined) throw reauthRequired();
    if (!(await verifyPassword(password, hash))) throw wrongPassword();
    return { hasPassword: true };
  }
  const providerAuthAt = session[0]?.providerAuthAt?.getTime();
  if (providerAuthAt === undefined || now - providerAuthAt > REAUTH_WINDOW_MS) throw reauthRequired();
  return { hasPassword: false };
};
