import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { oauthAccounts, passwordCredentials, sessions, users } from "../../db/schema";
import type { Effects } from "../../effects";
import { freeHandleFor } from "../../features/account/handles";
import type { AppConfig, OAuthClientConfig } from "../../lib/config";
import { newId } from "../../lib/ids";
import { isUniqueViolation } from "../../shared/constraint-errors";
import type { ClientFacts } from "../client-facts";
import { startSession } from "../service";
import { OAuthFailure } from "./failure";
import { fetchProfile, type ProviderName, type ProviderProfile } from "./providers";

const NICKNAME_MAX = 30;

/** The provider's display name cut to the nickname limit without splitting a surrogate pair. */
const nicknameFrom = (name: string | null) => {
  let nickname = "";
  for (const character of (name ?? "").trim()) {
    if (nickname.length + character.length > NICKNAME_MAX) break;
    nickname += character;
  }
  return nickname.trim() || "learner";
};

const linkedUserId = async (db: Db, provider: ProviderName, providerUserId: string) =>
  (
    await db
      .select({ userId: oauthAccounts.userId })
      .from(oauthAccounts)
      .where(and(eq(oauthAccounts.provider, provider), eq(oauthAccounts.providerUserId, providerUserId)))
      .get()
  )?.userId ?? null;

const accountByEmail = (db: Db, address: string) =>
  db
    .select({ id: users.id, verifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${address})`)
    .get();

type Resolution = { userId: string; created: boolean; endedSessionIds: string[] };

/**
 * The provider proved who owns the address of an account nobody verified: whoever signed up with
 * it may not be its owner, so the account is handed over. In one batch, while it is still
 * unverified: its password goes, every session ends, the address counts as verified, and the
 * provider account is linked. The ended sessions' sockets close afterwards.
 */
const handOver = async (db: Db, { userId, profile }: { userId: string; profile: ProviderProfile }) => {
  const unverified = sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId} AND ${users.emailVerifiedAt} IS NULL)`;
  const now = new Date();
  const [, ended] = await db.batch([
    db.delete(passwordCredentials).where(and(eq(passwordCredentials.userId, userId), unverified)),
    db
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), unverified))
      .returning({ id: sessions.id }),
    db
      .update(users)
      .set({ emailVerifiedAt: now, updatedAt: now })
      .where(and(eq(users.id, userId), unverified)),
    db
      .insert(oauthAccounts)
      .values({ provider: profile.provider, providerUserId: profile.providerUserId, userId })
      .onConflictDoNothing(),
  ]);
  return ended.map((session) => session.id);
};

/**
 * The provider account's user: the one already linked to it; else the account whose email the
 * provider has verified — linked if that account verified it too, handed over if it never did
 * (see `handOver`); else a new account, verified. A provider that vouches for no email gets
 * nothing: matching or creating by an unverified address would let anyone claim someone else's email.
 */
const resolveUser = async (db: Db, profile: ProviderProfile, language: "ko" | "en"): Promise<Resolution> => {
  const linked = await linkedUserId(db, profile.provider, profile.providerUserId);
  if (linked) return { userId: linked, created: false, endedSessionIds: [] };
  const email = profile.verifiedEmail;
  if (!email) throw new OAuthFailure("email_unverified", `${profile.provider} vouches for no email`);

  const existing = await accountByEmail(db, email);
  if (existing) {
    const endedSessionIds = existing.verifiedAt ? [] : await handOver(db, { userId: existing.id, profile });
    if (existing.verifiedAt) {
      // A concurrent callback may link the same provider account first; whoever wins, read the winner.
      await db
        .insert(oauthAccounts)
        .values({ provider: profile.provider, providerUserId: profile.providerUserId, userId: existing.id })
        .onConflictDoNothing();
    }
    return {
      userId: (await linkedUserId(db, profile.provider, profile.providerUserId)) ?? existing.id,
      created: false,
      endedSessionIds,
    };
  }

  const userId = newId();
  const nickname = nicknameFrom(profile.name);
  await db.batch([
    db.insert(users).values({
      id: userId,
      email,
      nickname,
      handle: await freeHandleFor(db, nickname),
      emailVerifiedAt: new Date(),
      language,
    }),
    db
      .insert(oauthAccounts)
      .values({ provider: profile.provider, providerUserId: profile.providerUserId, userId }),
  ]);
  return { userId, created: true, endedSessionIds: [] };
};

/**
 * Finds, links or creates the user for a provider profile and opens a session just like a password
 * login. The avatar of a new account is copied into R2 afterwards and never holds up the login.
 */
export const signInWithProvider = async (
  db: Db,
  config: AppConfig,
  { profile, client, language }: { profile: ProviderProfile; client: ClientFacts; language: "ko" | "en" },
  effects: Effects,
) => {
  let resolution: Resolution;
  try {
    resolution = await resolveUser(db, profile, language);
  } catch (error) {
    // Lost a race: a parallel callback created this provider account, or a sign-up took the email,
    // between our look-ups and the insert. The second pass links to whatever now exists.
    if (!isUniqueViolation(error)) throw error;
    resolution = await resolveUser(db, profile, language);
  }
  if (resolution.created && profile.avatarUrl) {
    effects.importAvatar({ userId: resolution.userId, sourceUrl: profile.avatarUrl });
  }
  if (resolution.endedSessionIds.length > 0) {
    // The hand-over ended the previous holder's sessions: their sockets close (4401) now.
    await effects.closeSessions({ userId: resolution.userId, sessionIds: resolution.endedSessionIds });
  }
  return startSession(db, config, {
    userId: resolution.userId,
    origin: { ...client, providerAuth: true },
  });
};

/** The callback's work once its state checked out: code → provider profile → our session. */
export const completeProviderLogin = async (
  db: Db,
  config: AppConfig,
  login: {
    provider: ProviderName;
    client: OAuthClientConfig;
    redirectUri: string;
    code: string;
    codeVerifier: string;
    request: ClientFacts;
    language: "ko" | "en";
  },
  effects: Effects,
) => {
  const profile = await fetchProfile(
    login.provider,
    login.client,
    login.redirectUri,
    login.code,
    login.codeVerifier,
  );
  return signInWithProvider(
    db,
    config,
    { profile, client: login.request, language: login.language },
    effects,
  );
};
