import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { accountTokens, passwordCredentials, sessions, users } from "../db/schema";
import type { Effects } from "../effects";
import type { RateRule } from "../lib/config";
import { consume } from "../lib/rate-limit";
import { appLink } from "../mail/templates";
import { liveToken, mintToken, TOKEN_LIFETIME_MS } from "./account-tokens";
import { invalidToken } from "./email-verification";
import { hashPassword } from "./password";

/** Reset mails one address can be sent: enough for a lost mail, too few to flood an inbox. */
export const RESETS_PER_EMAIL: RateRule = { limit: 5, windowSeconds: 3600 };

/**
 * `POST /api/auth/password/forgot`: the same answer and the same one statement whatever the
 * address (no enumeration): an INSERT … SELECT that makes a token only if an account has it.
 */
export const requestPasswordReset = async (
  db: Db,
  {
    email,
    clientIp,
    linkOrigin,
    perIp,
  }: { email: string; clientIp: string; linkOrigin: string; perIp: RateRule },
  effects: Effects,
  now = Date.now(),
) => {
  await consume(db, `reset:ip:${clientIp}`, perIp, now);
  await consume(db, `reset:email:${email.toLowerCase()}`, RESETS_PER_EMAIL, now);
  const { token, tokenHash } = await mintToken();
  const account = sql`lower(${users.email}) = lower(${email})`;
  const [made, language] = await db.batch([
    db
      .insert(accountTokens)
      .select(
        db
          .select({
            tokenHash: sql<string>`${tokenHash}`.as("token_hash"),
            userId: users.id,
            purpose: sql<"reset_password">`'reset_password'`.as("purpose"),
            email: users.email,
            createdAt: sql<Date>`${now}`.as("created_at"),
            expiresAt: sql<Date>`${now + TOKEN_LIFETIME_MS.reset_password}`.as("expires_at"),
          })
          .from(users)
          .where(account),
      )
      .returning({ userId: accountTokens.userId }),
    db.select({ email: users.email, language: users.language }).from(users).where(account),
  ]);
  const user = language[0];
  if (!user || made.length === 0) return;
  effects.sendMail({
    to: user.email,
    language: user.language,
    template: { kind: "reset_password", link: appLink(linkOrigin, "/reset-password", token) },
  });
};

/**
 * `POST /api/auth/password/reset`: in one batch, the password is set (a first one for a social
 * account), the address is marked verified (the mail reached its owner), every session of the
 * account ends and the reset tokens go. Then the ended sessions' sockets close (4401).
 */
export const resetPassword = async (
  db: Db,
  { token, newPassword }: { token: string; newPassword: string },
  effects: Effects,
  now = Date.now(),
) => {
  const hash = await hashPassword(newPassword);
  const live = await liveToken(token, "reset_password", now);
  const [found, , , ended] = await db.batch([
    db.select({ userId: accountTokens.userId }).from(accountTokens).where(live.where),
    db
      .insert(passwordCredentials)
      .select(
        db
          .select({
            userId: accountTokens.userId,
            hash: sql<string>`${hash}`.as("hash"),
            updatedAt: sql<Date>`${now}`.as("updated_at"),
          })
          .from(accountTokens)
          .where(live.where),
      )
      .onConflictDoUpdate({ target: passwordCredentials.userId, set: { hash, updatedAt: new Date(now) } }),
    db
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now})` })
      .where(sql`${users.id} = ${live.userId} AND lower(${users.email}) = lower(${live.email})`),
    db.delete(sessions).where(sql`${sessions.userId} = ${live.userId}`).returning({ id: sessions.id }),
    db
      .delete(accountTokens)
      .where(and(eq(accountTokens.purpose, "reset_password"), sql`${accountTokens.userId} = ${live.userId}`)),
  ]);
  const userId = found[0]?.userId;
  if (!userId) throw invalidToken();
  await effects.closeSessions({ userId, sessionIds: ended.map((session) => session.id) });
};
