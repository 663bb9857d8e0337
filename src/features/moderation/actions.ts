import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../db/client";
import { comments, posts, reports, users } from "../../db/schema";
import type { Effects } from "../../effects";
import { conflict, notFound, validationFailed } from "../../lib/errors";
import { PERMANENT_SUSPENSION, type Role } from "../../shared/moderation";
import { recountComments } from "../comments/count";
import { type Profile, selectProfile, toProfile } from "../users/profile";
import { assertMayActOn, type Moderator } from "./access";
import { logAction } from "./log";
import { getReport, type MessageLookup, type Report, type ResolveAction, reportHead } from "./reports";
import type { TargetRef } from "./schema";

const DAY_MS = 24 * 60 * 60 * 1000;

const roleOf = async (db: Db, userId: string | null): Promise<Role | null> => {
  if (userId === null) return null;
  const row = await db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
  return row?.role ?? null;
};

/** Resolves every open report on the target, in the action's batch. */
const resolveReportsOn = (
  db: Db,
  {
    target,
    actorId,
    action,
    note,
    now,
  }: {
    target: { type: TargetRef["type"]; id: string };
    actorId: string;
    action: ResolveAction;
    note: string | null;
    now: number;
  },
) =>
  db
    .update(reports)
    .set({
      status: "resolved",
      resolutionAction: action,
      resolvedBy: actorId,
      resolutionNote: note,
      resolvedAt: new Date(now),
    })
    .where(
      and(eq(reports.targetType, target.type), eq(reports.targetId, target.id), eq(reports.status, "open")),
    );

interface Hideable {
  authorId: string | null;
  /** A comment's post, whose count a hide changes. */
  postId?: string;
}

/** The author of what a hide would touch (for the guard), or 404; users cannot be hidden (422). */
const hideable = async (db: Db, target: TargetRef, lookup: MessageLookup): Promise<Hideable> => {
  switch (target.type) {
    case "post": {
      const row = await db
        .select({ authorId: posts.authorId })
        .from(posts)
        .where(eq(posts.id, target.id))
        .get();
      if (!row) throw notFound("게시글");
      return { authorId: row.authorId };
    }
    case "comment": {
      const row = await db
        .select({ authorId: comments.authorId, postId: comments.postId })
        .from(comments)
        .where(and(eq(comments.id, target.id), isNull(comments.deletedAt)))
        .get();
      if (!row) throw notFound("댓글");
      return row;
    }
    case "message": {
      const found = await lookup({ roomId: target.roomId, messageId: target.id });
      if (!found) throw notFound("메시지");
      return { authorId: found.message.sender.id };
    }
    case "user":
      throw validationFailed("사용자는 숨길 수 없습니다. 이용 정지를 쓰세요.", [
        { path: "target.type", message: "only posts, comments and messages can be hidden" },
      ]);
  }
};

/** The D1 statements of a hide (or its undo) of a post or comment; a message lives in its room. */
const hideStatements = (
  db: Db,
  { target, found, hidden, now }: { target: TargetRef; found: Hideable; hidden: boolean; now: number },
): BatchItem<"sqlite">[] => {
  const hiddenAt = hidden ? now : null;
  if (target.type === "post") {
    return [
      db
        .update(posts)
        .set({ hiddenAt })
        .where(and(eq(posts.id, target.id), hidden ? isNull(posts.hiddenAt) : isNotNull(posts.hiddenAt))),
    ];
  }
  if (target.type === "comment" && found.postId !== undefined) {
    return [
      db
        .update(comments)
        .set({ hiddenAt })
        .where(
          and(eq(comments.id, target.id), hidden ? isNull(comments.hiddenAt) : isNotNull(comments.hiddenAt)),
        ),
      recountComments(db, found.postId),
    ];
  }
  return [];
};

/**
 * Hides (or restores) a post, comment or chat message: gone for everyone but its author (API.md
 * § Moderation), back as it was on undo. A hide also resolves the open reports on it. Logged.
 */
export const setHidden = async (
  db: Db,
  {
    actor,
    target,
    hidden,
    note,
    lookup,
  }: { actor: Moderator; target: TargetRef; hidden: boolean; note: string | null; lookup: MessageLookup },
  effects: Effects,
) => {
  const found = await hideable(db, target, lookup);
  assertMayActOn(actor, { userId: found.authorId, role: await roleOf(db, found.authorId) });
  const now = Date.now();
  await db.batch([
    logAction(db, { actorId: actor.id, action: hidden ? "hide" : "unhide", target, note }, now),
    ...hideStatements(db, { target, found, hidden, now }),
    ...(hidden ? [resolveReportsOn(db, { target, actorId: actor.id, action: "hide", note, now })] : []),
  ]);
  if (target.type === "message") {
    await effects.moderateMessage({ roomId: target.roomId, messageId: target.id, hidden });
  }
};

/**
 * Suspends a user for `days` (null: permanently). Their writes answer 403 `suspended`, their
 * sockets close (4401) and new ones are refused, and they get a mail. Logged.
 */
export const suspendUser = async (
  db: Db,
  {
    actor,
    userId,
    days,
    reason,
    resolving,
  }: {
    actor: Moderator;
    userId: string;
    days: number | null;
    reason: string;
    /** The report this suspension resolves (with every other open one on its target). */
    resolving?: { type: TargetRef["type"]; id: string };
  },
  effects: Effects,
): Promise<Profile> => {
  const target = await db
    .select({ role: users.role, email: users.email, language: users.language })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!target) throw notFound("사용자");
  assertMayActOn(actor, { userId, role: target.role });
  const now = Date.now();
  const until = days === null ? PERMANENT_SUSPENSION : now + days * DAY_MS;
  const [, , , [row]] = await db.batch([
    db.update(users).set({ suspendedUntil: until, suspensionReason: reason }).where(eq(users.id, userId)),
    logAction(
      db,
      { actorId: actor.id, action: "suspend", target: { type: "user", id: userId }, note: reason },
      now,
    ),
    resolving
      ? resolveReportsOn(db, { target: resolving, actorId: actor.id, action: "suspend", note: reason, now })
      : resolveReportsOn(db, {
          target: { type: "user", id: userId },
          actorId: actor.id,
          action: "suspend",
          note: reason,
          now,
        }),
    selectProfile(db, { viewerId: actor.id, userId }),
  ]);
  await effects.suspensionChanged({ userId, suspended: true });
  // Until when and why, in their language (the mail module's template; the dev outbox in tests).
  effects.sendMail({
    to: target.email,
    language: target.language,
    template: {
      kind: "suspended",
      until: days === null ? null : new Date(until).toISOString(),
      reason,
    },
  });
  if (!row) throw notFound("사용자");
  return toProfile(row);
};

/** Lifts a suspension: writes and sockets work again at once. Logged. */
export const liftSuspension = async (
  db: Db,
  { actor, userId }: { actor: Moderator; userId: string },
  effects: Effects,
): Promise<Profile> => {
  const target = await db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
  if (!target) throw notFound("사용자");
  assertMayActOn(actor, { userId, role: target.role });
  const [, , [row]] = await db.batch([
    db.update(users).set({ suspendedUntil: null, suspensionReason: null }).where(eq(users.id, userId)),
    logAction(db, {
      actorId: actor.id,
      action: "unsuspend",
      target: { type: "user", id: userId },
      note: null,
    }),
    selectProfile(db, { viewerId: actor.id, userId }),
  ]);
  await effects.suspensionChanged({ userId, suspended: false });
  if (!row) throw notFound("사용자");
  return toProfile(row);
};

/** An admin makes a member a moderator or takes the role back; admins are made on the command line. */
export const setRole = async (
  db: Db,
  { actor, userId, role }: { actor: Moderator; userId: string; role: "member" | "moderator" },
): Promise<Profile> => {
  const target = await db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
  if (!target) throw notFound("사용자");
  assertMayActOn(actor, { userId, role: target.role });
  const [, , [row]] = await db.batch([
    db.update(users).set({ role }).where(eq(users.id, userId)),
    logAction(db, {
      actorId: actor.id,
      action: role === "moderator" ? "grant_moderator" : "revoke_moderator",
      target: { type: "user", id: userId },
      note: null,
    }),
    selectProfile(db, { viewerId: actor.id, userId }),
  ]);
  if (!row) throw notFound("사용자");
  return toProfile(row);
};

/**
 * Resolves a report and every other open report on its target: `dismiss` (nothing else),
 * `hide` (the target), `suspend` (the target's author, or the reported user). Logged.
 */
export const resolveReport = async (
  db: Db,
  {
    actor,
    reportId,
    action,
    days,
    note,
    lookup,
  }: {
    actor: Moderator;
    reportId: string;
    action: ResolveAction;
    days: number | null | undefined;
    note: string | null;
    lookup: MessageLookup;
  },
  effects: Effects,
): Promise<Report> => {
  const report = await reportHead(db, reportId);
  if (report.status !== "open") throw conflict("이미 처리된 신고입니다.");
  const target: TargetRef =
    report.targetType === "message"
      ? { type: "message", id: report.targetId, roomId: report.roomId ?? "" }
      : { type: report.targetType, id: report.targetId };
  assertMayActOn(actor, { userId: report.targetUserId, role: report.targetRole });
  if (action === "dismiss") {
    const now = Date.now();
    await db.batch([
      resolveReportsOn(db, { target, actorId: actor.id, action, note, now }),
      logAction(db, { actorId: actor.id, action: "dismiss", target, note }, now),
    ]);
  } else if (action === "hide") {
    await setHidden(db, { actor, target, hidden: true, note, lookup }, effects);
  } else {
    if (report.targetUserId === null) throw notFound("사용자");
    await suspendUser(
      db,
      {
        actor,
        userId: report.targetUserId,
        days: days ?? null,
        reason: note ?? report.reason,
        resolving: target,
      },
      effects,
    );
  }
  return getReport(db, reportId);
};
