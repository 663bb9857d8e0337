import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { accountTokens, users } from "../db/schema";
import type { Effects } from "../effects";
import { getMe } from "../features/account/service";
import type { RateRule } from "../lib/config";
import { badRequest, conflict, unauthorized } from "../lib/errors";
import { consume } from "../lib/rate-limit";
import type { OutgoingMail } from "../mail/send";
import { appLink, type MailLanguage } from "../mail/templates";
import { isUniqueViolation } from "../shared/constraint-errors";
import { liveToken, newAccountToken } from "./account-tokens";

/** API.md: a user may ask for the verification mail again at most 5 times an hour. */
export const VERIFY_RESENDS: RateRule = { limit: 5, windowSeconds: 3600 };

export const invalidToken = () =>
  badRequest("링크가 만료되었거나 이미 사용되었습니다. 새 링크를 요청하세요.", "invalid_token");

/**
 * A verification link for `email` (the account's own, or the new one of an email change): the
 * token's insert, for the caller's batch, and the mail to send once it committed.
 */
export const verificationMail = async (
  db: Db,
  {
    userId,
    email,
    language,
    linkOrigin,
    change,
  }: { userId: string; email: string; language: MailLanguage; linkOrigin: string; change: boolean },
) => {
  const { token, insert } = await newAccountToken(db, { userId, purpose: "verify_email", email });
  const link = appLink(linkOrigin, "/verify-email", token);
  const mail: OutgoingMail = {
    to: email,
    language,
    template: change ? { kind: "confirm_new_email", link, newEmail: email } : { kind: "verify_email", link },
  };
  return { insert, mail };
};

/** `POST /api/auth/email/resend`: a new link, unless the address is verified already (then nothing). */
export const resendVerification = async (
  db: Db,
  { userId, linkOrigin }: { userId: string; linkOrigin: string },
  effects: Effects,
) => {
  await consume(db, `verify-mail:${userId}`, VERIFY_RESENDS);
  const user = await db
    .select({ email: users.email, language: users.language, verifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user) throw unauthorized();
  if (user.verifiedAt) return;
  const { insert, mail } = await verificationMail(db, {
    userId,
    email: user.email,
    language: user.language,
    linkOrigin,
    change: false,
  });
  await insert;
  effects.sendMail(mail);
};

/**
 * `POST /api/auth/email/verify`: the token's address becomes the account's, verified. One batch:
 * the update reads the live token, then every verification token of the user goes (this one is
 * used; older links for other addresses die with it). A second use finds no token: 400.
 */
export const verifyEmail = async (db: Db, { token }: { token: string }, now = Date.now()) => {
  const live = await liveToken(token, "verify_email", now);
  let updated: { id: string }[];
  try {
    [updated] = await db.batch([
      db
        .update(users)
        .set({ email: sql`${live.email}`, emailVerifiedAt: new Date(now), updatedAt: new Date(now) })
        .where(sql`${users.id} = ${live.userId}`)
        .returning({ id: users.id }),
      db
        .delete(accountTokens)
        .where(and(eq(accountTokens.purpose, "verify_email"), sql`${accountTokens.userId} = ${live.userId}`)),
    ]);
  } catch (error) {
    // An email change whose new address another account took since the link was sent.
    if (isUniqueViolation(error)) throw conflict("이미 가입된 이메일입니다.", "email_taken");
    throw error;
  }
  const userId = updated[0]?.id;
  if (!userId) throw invalidToken();
  return getMe(db, userId);
};
