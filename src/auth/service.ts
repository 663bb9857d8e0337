import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { passwordCredentials, rateLimits, users } from "../db/schema";
import type { Effects } from "../effects";
import { freeHandleFor, handleTaken, isHandleTaken } from "../features/account/handles";
import { getMe } from "../features/account/service";
import type { AppConfig } from "../lib/config";
import { ApiError, conflict } from "../lib/errors";
import { newId } from "../lib/ids";
import { assertNotLimited, consume, record } from "../lib/rate-limit";
import { isUniqueViolation } from "../shared/constraint-errors";
import { type ClientFacts, ipPrefix } from "./client-facts";
import { verificationMail } from "./email-verification";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "./password";
import { createSession, type SessionOrigin } from "./sessions";
import { signAccessToken } from "./tokens";

const invalidCredentials = () =>
  new ApiError(401, "invalid_credentials", "이메일 또는 비밀번호가 올바르지 않습니다.");

/** A session plus the access token for it: what signup, login and OAuth all end with. */
export const startSession = async (
  db: Db,
  config: AppConfig,
  { userId, origin }: { userId: string; origin: SessionOrigin },
) => {
  const session = await createSession(db, { userId, origin });
  const accessToken = await signAccessToken(config.jwtSecret, { userId, sessionId: session.sessionId });
  return { accessToken, refreshToken: session.refreshToken, user: await getMe(db, userId) };
};

/**
 * A sign-up without a nickname gets a neutral one: nicknames are public, so never a piece of the
 * email (its local part is often the person's full name).
 */
const defaultNickname = () => `학습자${1000 + ((crypto.getRandomValues(new Uint16Array(1))[0] ?? 0) % 9000)}`;

const emailIsTaken = async (db: Db, address: string) =>
  Boolean(
    await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${address})`).get(),
  );

/** Creates the account (its address unverified), sends the verification link, signs it in. */
export const signup = async (
  db: Db,
  config: AppConfig,
  {
    client,
    input,
  }: {
    client: ClientFacts;
    input: {
      email: string;
      password: string;
      nickname?: string | undefined;
      handle?: string | undefined;
      language: "ko" | "en";
    };
  },
  effects: Effects,
) => {
  await consume(db, `signup:ip:${client.ip}`, config.rateLimits.signupPerIp);
  await consume(db, `signup:email:${input.email.toLowerCase()}`, config.rateLimits.failedLoginsPerEmail);
  if (await emailIsTaken(db, input.email)) throw conflict("이미 가입된 이메일입니다.", "email_taken");
  if (input.handle !== undefined && (await isHandleTaken(db, input.handle))) throw handleTaken();
  const userId = newId();
  const hash = await hashPassword(input.password);
  const verification = await verificationMail(db, {
    userId,
    email: input.email,
    language: input.language,
    linkOrigin: client.linkOrigin,
    change: false,
  });
  const nickname = input.nickname ?? defaultNickname();
  const insert = async (handle: string) =>
    db.batch([
      db.insert(users).values({ id: userId, email: input.email, nickname, handle, language: input.language }),
      db.insert(passwordCredentials).values({ userId, hash }),
      verification.insert,
    ]);
  try {
    await insert(input.handle ?? (await freeHandleFor(db, nickname)));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Two signups at once with one email or one handle: the unique indexes decide, the loser gets
    // the same 409 — unless its handle was generated, which is simply chosen again.
    if (await emailIsTaken(db, input.email)) throw conflict("이미 가입된 이메일입니다.", "email_taken");
    if (input.handle !== undefined) throw handleTaken();
    await insert(await freeHandleFor(db, nickname));
  }
  effects.sendMail(verification.mail);
  return startSession(db, config, { userId, origin: { ...client, providerAuth: false } });
};

/** After this many failures for one account from one address, its owner gets a mail (API.md). */
export const FAILURES_BEFORE_NOTICE = 5;

/**
 * Unknown email and wrong password answer alike, and cost the same PBKDF2 work. Failures count
 * per (email, address) and per address, never per email alone: someone elsewhere using up an
 * account's attempts slows only their own address, and the owner still logs in from theirs. Once a
 * count is used up, even a right password from that address waits. The fifth failure for an
 * account from one address tells its owner by mail.
 */
export const login = async (
  db: Db,
  config: AppConfig,
  { client, input }: { client: ClientFacts; input: { email: string; password: string } },
  effects: Effects,
) => {
  const pairRule = config.rateLimits.failedLoginsPerEmail;
  const ipRule = config.rateLimits.failedLoginsPerIp;
  const pairKey = `login-fail:email-ip:${input.email.toLowerCase()}|${client.ip}`;
  const ipKey = `login-fail:ip:${client.ip}`;
  await assertNotLimited(db, pairKey, pairRule);
  await assertNotLimited(db, ipKey, ipRule);
  const account = await db
    .select({ id: users.id, email: users.email, language: users.language, hash: passwordCredentials.hash })
    .from(users)
    .leftJoin(passwordCredentials, eq(passwordCredentials.userId, users.id))
    .where(sql`lower(${users.email}) = lower(${input.email})`)
    .get();
  const valid = await verifyPassword(input.password, account?.hash ?? DUMMY_PASSWORD_HASH);
  if (!account?.hash || !valid) {
    const [pair] = await db.batch([
      record(db, pairKey, pairRule).returning({ count: rateLimits.count }),
      record(db, ipKey, ipRule),
    ]);
    if (account && pair[0]?.count === FAILURES_BEFORE_NOTICE) {
      effects.sendMail({
        to: account.email,
        language: account.language,
        template: {
          kind: "failed_logins",
          failures: FAILURES_BEFORE_NOTICE,
          ipPrefix: ipPrefix(client.ip) || client.ip,
        },
      });
    }
    throw invalidCredentials();
  }
  return startSession(db, config, { userId: account.id, origin: { ...client, providerAuth: false } });
};
