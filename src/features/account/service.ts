import { eq, sql } from "drizzle-orm";
import { hashPassword } from "../../auth/password";
import { assertReauthenticated } from "../../auth/reauth";
import { revokeOtherSessions } from "../../auth/sessions";
import type { Db } from "../../db/client";
import {
  comments,
  images,
  likes,
  oauthAccounts,
  passwordCredentials,
  posts,
  studies,
  studyMembers,
  users,
} from "../../db/schema";
import type { Effects } from "../../effects";
import { unauthorized } from "../../lib/errors";
import { isUniqueViolation } from "../../shared/constraint-errors";
import { type Role, suspensionUntil } from "../../shared/moderation";
import { type Settings, settingsFrom } from "../../shared/settings";
import { toUserCard, type UserCard } from "../../shared/user-card";
import { accountChatPlan } from "../chat/purge";
import { storeImage } from "../images/storage";
import { handleTaken } from "./handles";

export type Provider = "password" | "github" | "google";

/** The caller's own account: the only shape that carries an email. */
export interface Me extends UserCard {
  email: string;
  /** Issue 12: the address was proven (a mailed link, a password reset or a provider). */
  emailVerified: boolean;
  /** Issue 12: the language of the mails we send (the SPA keeps it in step with its own). */
  language: "ko" | "en";
  role: Role;
  /** Until when the account is suspended (far future when permanent), null when it is not. */
  suspendedUntil: string | null;
  /** Why, while suspended (for the app's banner), else null. */
  suspensionReason: string | null;
  settings: Settings;
  createdAt: string;
  providers: Provider[];
}

export const getMe = async (db: Db, userId: string): Promise<Me> => {
  const [userRows, passwordRows, oauthRows] = await db.batch([
    db.select().from(users).where(eq(users.id, userId)),
    db
      .select({ userId: passwordCredentials.userId })
      .from(passwordCredentials)
      .where(eq(passwordCredentials.userId, userId)),
    db
      .select({ provider: oauthAccounts.provider })
      .from(oauthAccounts)
      .where(eq(oauthAccounts.userId, userId)),
  ]);
  const user = userRows[0];
  // A valid token for an account deleted since it was issued.
  if (!user) throw unauthorized();
  const providers: Provider[] = passwordRows.length ? ["password"] : [];
  for (const provider of new Set(oauthRows.map((row) => row.provider))) providers.push(provider);
  const suspendedUntil = suspensionUntil(user.suspendedUntil);
  return {
    ...toUserCard(user),
    email: user.email,
    emailVerified: user.emailVerifiedAt !== null,
    language: user.language,
    role: user.role,
    suspendedUntil,
    suspensionReason: suspendedUntil === null ? null : user.suspensionReason,
    settings: settingsFrom(user.settings),
    createdAt: user.createdAt.toISOString(),
    providers,
  };
};

export interface MeChanges {
  nickname?: string | undefined;
  bio?: string | undefined;
  handle?: string | undefined;
  language?: "ko" | "en" | undefined;
  /** Only the settings to change; merged into what is stored (RFC 7396, SQLite's json_patch). */
  settings?: { dmFrom?: Settings["dmFrom"] | undefined; notify?: Partial<Settings["notify"]> | undefined };
}

export const updateMe = async (db: Db, userId: string, changes: MeChanges) => {
  const { settings, ...card } = changes;
  if (Object.values(changes).some((value) => value !== undefined)) {
    try {
      await db
        .update(users)
        .set({
          ...(card.nickname !== undefined ? { nickname: card.nickname } : {}),
          ...(card.bio !== undefined ? { bio: card.bio } : {}),
          ...(card.handle !== undefined ? { handle: card.handle } : {}),
          ...(card.language !== undefined ? { language: card.language } : {}),
          ...(settings !== undefined
            ? { settings: sql`json_patch(${users.settings}, ${JSON.stringify(settings)})` }
            : {}),
          updatedAt: new Date(),
        })
        .where(eq(users.id, userId));
    } catch (error) {
      // The handle is someone else's (any case: handles are stored lower-case): the unique index
      // refuses the whole change, so nothing of it is stored.
      if (isUniqueViolation(error)) throw handleTaken();
      throw error;
    }
  }
  return getMe(db, userId);
};

/** Stores the new avatar, points the account at it, then drops the old object. */
export const setAvatar = async (
  db: Db,
  bucket: R2Bucket,
  { userId, file }: { userId: string; file: File },
  effects: Effects,
) => {
  const stored = await storeImage(bucket, file);
  const [previous] = await db.batch([
    db.select({ avatarKey: users.avatarKey }).from(users).where(eq(users.id, userId)),
    db.update(users).set({ avatarKey: stored.key, updatedAt: new Date() }).where(eq(users.id, userId)),
  ]);
  effects.deleteObjects([previous[0]?.avatarKey]);
  return getMe(db, userId);
};

/**
 * Sets a new password after re-authentication: the current password, or for a social-only account
 * setting its first one a provider sign-in in this session within 10 minutes (else 403
 * `reauth_required`). Every other session of the user is signed out.
 */
export const changePassword = async (
  db: Db,
  {
    userId,
    currentSessionId,
    currentPassword,
    newPassword,
  }: {
    userId: string;
    currentSessionId: string | null;
    currentPassword: string | undefined;
    newPassword: string;
  },
  effects: Effects,
) => {
  await assertReauthenticated(db, { userId, sessionId: currentSessionId, password: currentPassword });
  const hash = await hashPassword(newPassword);
  const [, revoked] = await db.batch([
    db
      .insert(passwordCredentials)
      .values({ userId, hash })
      .onConflictDoUpdate({ target: passwordCredentials.userId, set: { hash, updatedAt: new Date() } }),
    revokeOtherSessions(db, { userId, keepSessionId: currentSessionId }),
  ]);
  // The other sessions' sockets close (4401) before this answers.
  await effects.closeSessions({ userId, sessionIds: revoked.map((session) => session.id) });
};

/**
 * Deletes the account and everything that is the user's. Counters on other people's posts and
 * studies are corrected first, a comment others replied to stays as a placeholder so their
 * replies survive, and foreign-key cascades remove the rest in the same transaction. The image
 * objects go from R2 afterwards, and so do the user's chat messages and open sockets.
 */
export const deleteAccount = async (
  db: Db,
  {
    userId,
    sessionId,
    proof,
  }: { userId: string; sessionId: string | null; proof: { password: string } | { confirm: "DELETE" } },
  effects: Effects,
) => {
  // The password, or (without one) "DELETE" typed after a provider sign-in within 10 minutes.
  await assertReauthenticated(db, {
    userId,
    sessionId,
    password: "password" in proof ? proof.password : undefined,
  });

  const [user, ownImages] = await db.batch([
    db.select({ avatarKey: users.avatarKey }).from(users).where(eq(users.id, userId)),
    db.select({ key: images.key }).from(images).where(eq(images.ownerId, userId)),
  ]);
  if (!user[0]) throw unauthorized();
  const chatPlan = await accountChatPlan(db, userId);
  const now = new Date();
  await db.batch([
    db
      .update(posts)
      .set({ likeCount: sql`${posts.likeCount} - 1` })
      .where(sql`${posts.id} IN (SELECT ${likes.postId} FROM ${likes} WHERE ${likes.userId} = ${userId})`),
    db
      .update(studies)
      .set({ memberCount: sql`${studies.memberCount} - 1` })
      .where(
        sql`${studies.id} IN (SELECT ${studyMembers.studyId} FROM ${studyMembers} WHERE ${studyMembers.userId} = ${userId})`,
      ),
    // Recounted before the user's comments turn into placeholders or disappear.
    db
      .update(posts)
      .set({
        commentCount: sql`(SELECT count(*) FROM ${comments} WHERE ${comments.postId} = ${posts.id} AND ${comments.deletedAt} IS NULL AND ${comments.hiddenAt} IS NULL AND ${comments.authorId} != ${userId})`,
      })
      .where(
        sql`${posts.id} IN (SELECT ${comments.postId} FROM ${comments} WHERE ${comments.authorId} = ${userId})`,
      ),
    // Comments others replied to become placeholders; the rest go with the user.
    db
      .update(comments)
      .set({ authorId: null, body: null, deletedAt: now, updatedAt: now })
      .where(
        sql`${comments.authorId} = ${userId} AND EXISTS (SELECT 1 FROM ${comments} AS reply WHERE reply.parent_id = ${comments.id})`,
      ),
    db.delete(users).where(eq(users.id, userId)),
  ]);
  effects.deleteObjects([user[0].avatarKey, ...ownImages.map((image) => image.key)]);
  effects.purgeAccountChat(chatPlan);
};
