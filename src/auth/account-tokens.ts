import { and, eq, gt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { accountTokens } from "../db/schema";
import { randomToken, sha256Hex } from "../lib/ids";

export type TokenPurpose = "verify_email" | "reset_password";

/** How long a mailed link works (API.md): a day to verify an address, an hour to reset a password. */
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  verify_email: 24 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
};

/**
 * A new single-use token for a mailed link. The raw token goes into the mail only; the row keeps
 * its SHA-256, so a read of the database cannot reset anyone's password.
 */
export const mintToken = async () => {
  const token = randomToken();
  return { token, tokenHash: await sha256Hex(token) };
};

export const newAccountToken = async (
  db: Db,
  {
    userId,
    purpose,
    email,
    now = Date.now(),
  }: { userId: string; purpose: TokenPurpose; email: string; now?: number },
) => {
  const { token, tokenHash } = await mintToken();
  const insert = db.insert(accountTokens).values({
    tokenHash,
    userId,
    purpose,
    email,
    createdAt: new Date(now),
    expiresAt: new Date(now + TOKEN_LIFETIME_MS[purpose]),
  });
  return { token, insert };
};

/**
 * The live token row as SQL conditions, for statements that act on it in one batch
 * (`… WHERE id = (SELECT user_id FROM account_tokens WHERE <live>)`): right hash, right purpose,
 * not expired. Whoever deletes the row in the same batch makes the token single-use.
 */
export const liveToken = async (token: string, purpose: TokenPurpose, now = Date.now()) => {
  const tokenHash = await sha256Hex(token);
  const where: SQL | undefined = and(
    eq(accountTokens.tokenHash, tokenHash),
    eq(accountTokens.purpose, purpose),
    gt(accountTokens.expiresAt, new Date(now)),
  );
  return {
    where,
    userId: sql`(SELECT ${accountTokens.userId} FROM ${accountTokens} WHERE ${where})`,
    email: sql`(SELECT ${accountTokens.email} FROM ${accountTokens} WHERE ${where})`,
  };
};

/** Expired rows: removed by the hourly clean-up. */
export const purgeExpiredAccountTokens = (db: Db, now = Date.now()) =>
  db.delete(accountTokens).where(sql`${accountTokens.expiresAt} <= ${now}`);
