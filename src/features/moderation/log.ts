import { desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import { moderationLog, users } from "../../db/schema";
import { newId } from "../../lib/ids";
import { afterCursor, decodeCursor, type Page, type PageRequest, toPage } from "../../lib/pagination";
import type { UserCard } from "../../shared/user-card";
import { cardColumns, cardOrNull } from "./access";

/** Every moderation action, as the log names it. */
export type LogAction =
  | "dismiss"
  | "hide"
  | "unhide"
  | "suspend"
  | "unsuspend"
  | "grant_moderator"
  | "revoke_moderator";

export interface LogEntry {
  id: string;
  actor: UserCard | null;
  action: LogAction;
  target: { type: "post" | "comment" | "message" | "user" | "report"; id: string };
  note: string | null;
  createdAt: string;
}

/** The log row of an action, for the action's own batch (it commits with the change or not at all). */
export const logAction = (
  db: Db,
  entry: { actorId: string; action: LogAction; target: LogEntry["target"]; note: string | null },
  now = Date.now(),
) =>
  db.insert(moderationLog).values({
    id: newId(),
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id,
    note: entry.note,
    createdAt: new Date(now),
  });

const actor = alias(users, "log_actor");

const isAction = (value: string): value is LogAction =>
  ["dismiss", "hide", "unhide", "suspend", "unsuspend", "grant_moderator", "revoke_moderator"].includes(
    value,
  );
const isTargetType = (value: string): value is LogEntry["target"]["type"] =>
  ["post", "comment", "message", "user", "report"].includes(value);

/** The log, newest first. */
export const listLog = async (db: Db, page: PageRequest): Promise<Page<LogEntry>> => {
  const rows = await db
    .select({
      id: moderationLog.id,
      action: moderationLog.action,
      targetType: moderationLog.targetType,
      targetId: moderationLog.targetId,
      note: moderationLog.note,
      createdAt: moderationLog.createdAt,
      actor: cardColumns(actor, "actor"),
    })
    .from(moderationLog)
    .leftJoin(actor, eq(actor.id, moderationLog.actorId))
    .where(afterCursor(moderationLog.createdAt, moderationLog.id, decodeCursor(page.cursor), true))
    .orderBy(desc(moderationLog.createdAt), desc(moderationLog.id))
    .limit(page.limit + 1);
  return toPage(
    rows,
    page.limit,
    (row) => ({ time: row.createdAt.getTime(), id: row.id }),
    (row) => ({
      id: row.id,
      actor: cardOrNull(row.actor),
      action: isAction(row.action) ? row.action : "dismiss",
      target: { type: isTargetType(row.targetType) ? row.targetType : "user", id: row.targetId },
      note: row.note,
      createdAt: row.createdAt.toISOString(),
    }),
  );
};
