import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { passwordCredentials, users } from "../db/schema";
import { freeHandleFor, handleTaken, isHandleTaken } from "../features/account/handles";
import { getMe } from "../features/account/service";
import type { AppConfig } from "../lib/config";
import { ApiError, conflict } from "../lib/errors";
import { newId } from "../lib/ids";
import { assertNotLimited, consume, record } from "../lib/rate-limit";
import { isUniqueViolation } from "../shared/constraint-errors";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "./password";
import { createSession } from "./sessions";
import { signAccessToken } from "./tokens";

const invalidCredentials = () =>
  new ApiError(401, "invalid_credentials", "이메일 또는 비밀번호가 올바르지 않습니다.");

/** A session plus the access token for it: what signup, login and OAuth all end with. */
export const startSession = async (db: Db, config: AppConfig, userId: string) => {
  const session = await createSession(db, userId);
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

export const signup = async (
  db: Db,
  config: AppConfig,
  clientIp: string,
  input: {
    email: string;
    password: string;
    nickname?: string | undefined;
    handle?: string | undefined;
    language: "ko" | "en";
  },
) => {
  await consume(db, `signup:ip:${clientIp}`, config.rateLimits.signupPerIp);
  await consume(db, `signup:email:${input.email.toLowerCase()}`, config.rateLimits.failedLoginsPerEmail);
  if (await emailIsTaken(db, input.email)) throw conflict("이미 가입된 이메일입니다.", "email_taken");
  if (input.handle !== undefined && (await isHandleTaken(db, input.handle))) throw handleTaken();
  const userId = newId();
  const hash = await hashPassword(input.password);
  const nickname = input.nickname ?? defaultNickname();
  const insert = async (handle: string) =>
    db.batch([
      db.insert(users).values({ id: userId, email: input.email, nickname, handle, language: input.language }),
      db.insert(passwordCredentials).values({ userId, hash }),
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
  return startSession(db, config, userId);
};

/**
 * Unknown email and wrong password answer alike, and cost the same PBKDF2 work. Failures count
 * against the email and the address; once either is used up, even a right password waits.
 */
export const login = async (
  db: Db,
  config: AppConfig,
  clientIp: string,
  input: { email: string; password: string },
) => {
  const emailKey = `login-fail:email:${input.email.toLowerCase()}`;
  const ipKey = `login-fail:ip:${clientIp}`;
  await assertNotLimited(db, emailKey, config.rateLimits.failedLoginsPerEmail);
  await assertNotLimited(db, ipKey, config.rateLimits.failedLoginsPerIp);
  const account = await db
    .select({ id: users.id, hash: passwordCredentials.hash })
    .from(users)
    .leftJoin(passwordCredentials, eq(passwordCredentials.userId, users.id))
    .where(sql`lower(${users.email}) = lower(${input.email})`)
    .get();
  const valid = await verifyPassword(input.password, account?.hash ?? DUMMY_PASSWORD_HASH);
  if (!account?.hash || !valid) {
    await db.batch([
      record(db, emailKey, config.rateLimits.failedLoginsPerEmail),
      record(db, ipKey, config.rateLimits.failedLoginsPerIp),
    ]);
    throw invalidCredentials();
  }
  return startSession(db, config, account.id);
};
