import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import { chatRooms, comments, posts, reports, roomMembers, users } from "../../db/schema";
import { forbidden, notFound, validationFailed } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { afterCursor, decodeCursor, type Page, type PageRequest, toPage } from "../../lib/pagination";
import { consume } from "../../lib/rate-limit";
import type { Message } from "../../realtime/protocol";
import { isUniqueViolation } from "../../shared/constraint-errors";
import type { UserCard } from "../../shared/user-card";
import { cardColumns, cardOrNull } from "./access";
import type { TargetRef } from "./schema";

/** A message with a few around it, from its room (a port, so the domain never reads the request). */
export type MessageLookup = (ref: {
  roomId: string;
  messageId: string;
}) => Promise<{ message: Message; context: Message[] } | null>;

export const REPORTS_PER_HOUR = { limit: 20, windowSeconds: 3600 };
const PREVIEW_LENGTH = 300;

export type ReportReason = (typeof reports.$inferSelect)["reason"];
export type ResolveAction = "dismiss" | "hide" | "suspend";

/** What the report is about, as it stood when reported (the evidence outlives an edit). */
export interface ReportTarget {
  type: "post" | "comment" | "message" | "user";
  id: string;
  preview: string;
  author: UserCard | null;
  /** A comment's post. */
  postId?: string;
  postTitle?: string;
  /** A message's room and the messages around it (the reported one included), oldest first. */
  roomId?: string;
  context?: Message[];
}

export interface Report {
  id: string;
  target: ReportTarget;
  reason: ReportReason;
  note: string | null;
  reporter: UserCard | null;
  reportCount: number;
  status: "open" | "resolved";
  resolution: { action: ResolveAction; moderator: UserCard | null; note: string | null; at: string } | null;
  createdAt: string;
}

interface StoredContext {
  postId?: string;
  postTitle?: string;
  messages?: Message[];
}

const clip = (text: string) => {
  const characters = [...text.replace(/\s+/g, " ").trim()];
  return characters.length > PREVIEW_LENGTH
    ? `${characters.slice(0, PREVIEW_LENGTH).join("")}…`
    : characters.join("");
};

/** What a reporter may report, read as they may see it; 404 for what they cannot see. */
const describeTarget = async (
  db: Db,
  { reporterId, target, lookup }: { reporterId: string; target: TargetRef; lookup: MessageLookup },
): Promise<{ userId: string; preview: string; roomId: string | null; context: StoredContext | null }> => {
  switch (target.type) {
    case "post": {
      const post = await db
        .select({ authorId: posts.authorId, title: posts.title, body: posts.body, hiddenAt: posts.hiddenAt })
        .from(posts)
        .where(eq(posts.id, target.id))
        .get();
      if (!post || (post.hiddenAt !== null && post.authorId !== reporterId)) throw notFound("게시글");
      return {
        userId: post.authorId,
        preview: clip(`${post.title} — ${post.body}`),
        roomId: null,
        context: null,
      };
    }
    case "comment": {
      const comment = await db
        .select({
          authorId: comments.authorId,
          body: comments.body,
          hiddenAt: comments.hiddenAt,
          postId: comments.postId,
          postTitle: posts.title,
          postHiddenAt: posts.hiddenAt,
          postAuthorId: posts.authorId,
        })
        .from(comments)
        .innerJoin(posts, eq(posts.id, comments.postId))
        .where(and(eq(comments.id, target.id), isNull(comments.deletedAt)))
        .get();
      if (
        !comment?.authorId ||
        comment.body === null ||
        (comment.hiddenAt !== null && comment.authorId !== reporterId) ||
        (comment.postHiddenAt !== null && comment.postAuthorId !== reporterId)
      ) {
        throw notFound("댓글");
      }
      return {
        userId: comment.authorId,
        preview: clip(comment.body),
        roomId: null,
        context: { postId: comment.postId, postTitle: comment.postTitle },
      };
    }
    case "message": {
      // Only a member of the room may report what was said in it (API.md § Moderation).
      const room = await db
        .select({ memberId: roomMembers.userId })
        .from(chatRooms)
        .leftJoin(roomMembers, and(eq(roomMembers.roomId, chatRooms.id), eq(roomMembers.userId, reporterId)))
        .where(eq(chatRooms.id, target.roomId));
      if (!room[0]) throw notFound("채팅방");
      if (!room[0].memberId) throw forbidden("이 채팅방의 멤버만 메시지를 신고할 수 있습니다.");
      const found = await lookup({ roomId: target.roomId, messageId: target.id });
      if (!found || found.message.deleted) throw notFound("메시지");
      return {
        userId: found.message.sender.id,
        preview: clip(found.message.body),
        roomId: target.roomId,
        context: { messages: found.context },
      };
    }
    case "user": {
      const user = await db
        .select({ id: users.id, nickname: users.nickname, bio: users.bio })
        .from(users)
        .where(eq(users.id, target.id))
        .get();
      if (!user) throw notFound("사용자");
      return {
        userId: user.id,
        preview: clip(`${user.nickname} — ${user.bio}`),
        roomId: null,
        context: null,
      };
    }
  }
};

const reporter = alias(users, "reporter");
const author = alias(users, "target_author");
const moderator = alias(users, "resolver");

const reportCount = sql<number>`(SELECT count(*) FROM ${reports} AS same
  WHERE same.target_type = "reports"."target_type" AND same.target_id = "reports"."target_id"
    AND same.status = 'open')`.as("report_count");

const selectReports = (db: Db) =>
  db
    .select({
      id: reports.id,
      targetType: reports.targetType,
      targetId: reports.targetId,
      roomId: reports.roomId,
      preview: reports.preview,
      context: reports.context,
      reason: reports.reason,
      note: reports.note,
      status: reports.status,
      resolutionAction: reports.resolutionAction,
      resolutionNote: reports.resolutionNote,
      resolvedAt: reports.resolvedAt,
      createdAt: reports.createdAt,
      reportCount,
      reporter: cardColumns(reporter, "reporter"),
      author: cardColumns(author, "author"),
      moderator: cardColumns(moderator, "moderator"),
    })
    .from(reports)
    .leftJoin(reporter, eq(reporter.id, reports.reporterId))
    .leftJoin(author, eq(author.id, reports.targetUserId))
    .leftJoin(moderator, eq(moderator.id, reports.resolvedBy));

type ReportRow = Awaited<ReturnType<ReturnType<typeof selectReports>["all"]>>[number];

const isContext = (value: unknown): value is StoredContext => typeof value === "object" && value !== null;
const isResolveAction = (value: string | null): value is ResolveAction =>
  value === "dismiss" || value === "hide" || value === "suspend";

const toReport = (row: ReportRow): Report => {
  const context = isContext(row.context) ? row.context : {};
  const target: ReportTarget = {
    type: row.targetType,
    id: row.targetId,
    preview: row.preview,
    author: cardOrNull(row.author),
  };
  if (context.postId !== undefined) target.postId = context.postId;
  if (context.postTitle !== undefined) target.postTitle = context.postTitle;
  if (row.roomId !== null) target.roomId = row.roomId;
  if (context.messages !== undefined) target.context = context.messages;
  return {
    id: row.id,
    target,
    reason: row.reason,
    note: row.note,
    reporter: cardOrNull(row.reporter),
    reportCount: Number(row.reportCount),
    status: row.status,
    resolution:
      row.status === "resolved" && row.resolvedAt !== null && isResolveAction(row.resolutionAction)
        ? {
            action: row.resolutionAction,
            moderator: cardOrNull(row.moderator),
            note: row.resolutionNote,
            at: row.resolvedAt.toISOString(),
          }
        : null,
    createdAt: row.createdAt.toISOString(),
  };
};

export const getReport = async (db: Db, reportId: string): Promise<Report> => {
  const row = await selectReports(db).where(eq(reports.id, reportId)).get();
  if (!row) throw notFound("신고");
  return toReport(row);
};

/** The report's stored fields, for resolving it. */
export const reportHead = async (db: Db, reportId: string) => {
  const row = await db
    .select({
      id: reports.id,
      targetType: reports.targetType,
      targetId: reports.targetId,
      targetUserId: reports.targetUserId,
      roomId: reports.roomId,
      reason: reports.reason,
      status: reports.status,
      targetRole: users.role,
    })
    .from(reports)
    .leftJoin(users, eq(users.id, reports.targetUserId))
    .where(eq(reports.id, reportId))
    .get();
  if (!row) throw notFound("신고");
  return row;
};

/**
 * Files a report (201), or answers the reporter's open report on the same target (200). Reports
 * of one's own content or of oneself are refused (422); 20 an hour per reporter (429).
 */
export const createReport = async (
  db: Db,
  {
    reporterId,
    target,
    reason,
    note,
    lookup,
  }: {
    reporterId: string;
    target: TargetRef;
    reason: ReportReason;
    note: string | null;
    lookup: MessageLookup;
  },
): Promise<{ report: Report; created: boolean }> => {
  const existing = await db
    .select({ id: reports.id })
    .from(reports)
    .where(
      and(
        eq(reports.reporterId, reporterId),
        eq(reports.targetType, target.type),
        eq(reports.targetId, target.id),
        eq(reports.status, "open"),
      ),
    )
    .get();
  if (existing) return { report: await getReport(db, existing.id), created: false };
  const described = await describeTarget(db, { reporterId, target, lookup });
  if (described.userId === reporterId) {
    throw validationFailed("자신이나 자신의 글은 신고할 수 없습니다.", [
      { path: "target", message: "cannot report yourself" },
    ]);
  }
  await consume(db, `reports:${reporterId}`, REPORTS_PER_HOUR);
  const id = newId();
  try {
    await db.insert(reports).values({
      id,
      reporterId,
      targetType: target.type,
      targetId: target.id,
      targetUserId: described.userId,
      roomId: described.roomId,
      preview: described.preview,
      context: described.context,
      reason,
      note,
      createdAt: new Date(),
    });
  } catch (error) {
    // The same report filed twice at once: the first one stands.
    if (!isUniqueViolation(error)) throw error;
    return createReport(db, { reporterId, target, reason, note, lookup });
  }
  return { report: await getReport(db, id), created: true };
};

/**
 * Open reports, the most reported targets first and then the oldest (API.md), paged by offset
 * (the order moves as reports come in, so a keyset would not hold either); resolved ones, most
 * recently resolved first.
 */
export const listReports = async (
  db: Db,
  { status, page }: { status: "open" | "resolved"; page: PageRequest },
): Promise<Page<Report>> => {
  if (status === "open") {
    const offset = Math.max(0, Number.parseInt(page.cursor ?? "0", 10) || 0);
    const rows = await selectReports(db)
      .where(eq(reports.status, "open"))
      .orderBy(desc(sql`report_count`), asc(reports.createdAt), asc(reports.id))
      .limit(page.limit + 1)
      .offset(offset);
    return {
      items: rows.slice(0, page.limit).map(toReport),
      nextCursor: rows.length > page.limit ? String(offset + page.limit) : null,
    };
  }
  const rows = await selectReports(db)
    .where(
      and(
        eq(reports.status, "resolved"),
        afterCursor(reports.resolvedAt, reports.id, decodeCursor(page.cursor), true),
      ),
    )
    .orderBy(desc(reports.resolvedAt), desc(reports.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (row) => ({ time: row.resolvedAt?.getTime() ?? 0, id: row.id }), toReport);
};
