import { eq, sql } from "drizzle-orm";
import { verificationMail } from "../../auth/email-verification";
import { assertReauthenticated } from "../../auth/reauth";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import type { Effects } from "../../effects";
import { conflict, unauthorized, validationFailed } from "../../lib/errors";

/**
 * `POST /api/users/me/email`: after re-authentication, a confirmation link goes to the new address
 * and a notice to the old one. Nothing changes until the link is opened (`verifyEmail`), so a
 * typo or a stolen session cannot move the account to an address its owner does not read.
 */
export const requestEmailChange = async (
  db: Db,
  {
    userId,
    sessionId,
    newEmail,
    password,
    linkOrigin,
  }: {
    userId: string;
    sessionId: string | null;
    newEmail: string;
    password: string | undefined;
    linkOrigin: string;
  },
  effects: Effects,
) => {
  await assertReauthenticated(db, { userId, sessionId, password });
  const [me, taken] = await db.batch([
    db.select({ email: users.email, language: users.language }).from(users).where(eq(users.id, userId)),
    db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${newEmail})`),
  ]);
  const user = me[0];
  if (!user) throw unauthorized();
  if (user.email.toLowerCase() === newEmail.toLowerCase()) {
    throw validationFailed("지금 쓰는 이메일과 같습니다.", [
      { path: "newEmail", message: "지금 쓰는 이메일과 같습니다." },
    ]);
  }
  if (taken.length > 0) throw conflict("이미 가입된 이메일입니다.", "email_taken");
  const { insert, mail } = await verificationMail(db, {
    userId,
    email: newEmail,
    language: user.language,
    linkOrigin,
    change: true,
  });
  await insert;
  effects.sendMail(mail);
  effects.sendMail({
    to: user.email,
    language: user.language,
    template: { kind: "email_change_requested", newEmail },
  });
};
