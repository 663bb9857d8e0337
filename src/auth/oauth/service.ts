import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { oauthAccounts, users } from "../../db/schema";
import type { Effects } from "../../effects";
import { freeHandleFor } from "../../features/account/handles";
import type { AppConfig, OAuthClientConfig } from "../../lib/config";
import { newId } from "../../lib/ids";
import { isUniqueViolation } from "../../shared/constraint-errors";
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

const userIdByEmail = async (db: Db, address: string) =>
  (await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${address})`).get())
    ?.id ?? null;

type Resolution = { userId: string; created: boolean };

/**
 * The provider account's user: the one already linked to it; else the account whose email the
 * provider has verified (that link is what proves ownership); else a new account. A provider that
 * vouches for no email gets nothing: matching or creating by an unverified address would let anyone
 * claim someone else's email.
 */
const resolveUser = async (db: Db, profile: ProviderProfile): Promise<Resolution> => {
  const linked = await linkedUserId(db, profile.provider, profile.providerUserId);
  if (linked) return { userId: linked, created: false };
  const email = profile.verifiedEmail;
  if (!email) throw new OAuthFailure("email_unverified", `${profile.provider} vouches for no email`);

  const existing = await userIdByEmail(db, email);
  if (existing) {
    // A concurrent callback may link the same provider account first; whoever wins, read the winner.
    await db
      .insert(oauthAccounts)
      .values({ provider: profile.provider, providerUserId: profile.providerUserId, userId: existing })
      .onConflictDoNothing();
    return {
      userId: (await linkedUserId(db, profile.provider, profile.providerUserId)) ?? existing,
      created: false,
    };
  }

  const userId = newId();
  const nickname = nicknameFrom(profile.name);
  await db.batch([
    db.insert(users).values({ id: userId, email, nickname, handle: await freeHandleFor(db, nickname) }),
    db
      .insert(oauthAccounts)
      .values({ provider: profile.provider, providerUserId: profile.providerUserId, userId }),
  ]);
  return { userId, created: true };
};

/**
 * Finds, links or creates the user for a provider profile and opens a session just like a password
 * login. The avatar of a new account is copied into R2 afterwards and never holds up the login.
 */
export const signInWithProvider = async (
  db: Db,
  config: AppConfig,
  profile: ProviderProfile,
  effects: Effects,
) => {
  let resolution: Resolution;
  try {
    resolution = await resolveUser(db, profile);
  } catch (error) {
    // Lost a race: a parallel callback created this provider account, or a sign-up took the email,
    // between our look-ups and the insert. The second pass links to whatever now exists.
    if (!isUniqueViolation(error)) throw error;
    resolution = await resolveUser(db, profile);
  }
  if (resolution.created && profile.avatarUrl) {
    effects.importAvatar({ userId: resolution.userId, sourceUrl: profile.avatarUrl });
  }
  return startSession(db, config, resolution.userId);
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
  return signInWithProvider(db, config, profile, effects);
};
