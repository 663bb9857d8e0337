import { sql } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { studySessions } from "../db/schema";
import { createEffects, type EffectContext, type Effects } from "../effects";
import { createdNotifications } from "../features/notifications/record";
import {
  announce,
  goingTo,
  recordSessionNews,
  type SessionNews,
  sessionNotice,
} from "../features/studies/sessions/news";
import { HOUR } from "../features/studies/sessions/time";

/** wrangler.toml's cron for session reminders; the other cron is the hourly clean-up. */
export const REMINDER_CRON = "*/5 * * * *";

/** A session's reminder goes out within this long before it starts. */
export const REMINDER_LEAD = HOUR;

/**
 * Reminds the members going to each session that starts within the next hour, once. ONE
 * conditional UPDATE claims the due sessions (`reminder_sent_at` set where it was NULL), so two
 * overlapping runs never both remind; then one batch records the notifications (to the members
 * who said "going", from the leader). Returns what to publish after that commit. A run that dies
 * between the two statements loses those reminders rather than ever sending one twice. A session
 * moved to another time has its claim cleared (updateSession) and is reminded again.
 */
export const claimDueReminders = async (db: Db, now: number, effects: Effects): Promise<SessionNews[]> => {
  const due = await db
    .update(studySessions)
    .set({ reminderSentAt: now })
    .where(sql`${studySessions.reminderSentAt} IS NULL AND ${studySessions.cancelledAt} IS NULL
      AND ${studySessions.startsAt} > ${now} AND ${studySessions.startsAt} <= ${now + REMINDER_LEAD}`)
    .returning({
      id: studySessions.id,
      studyId: studySessions.studyId,
      title: studySessions.title,
      startsAt: studySessions.startsAt,
      leaderId: sql<string>`(SELECT leader_id FROM studies WHERE id = ${studySessions.studyId})`,
      studyTitle: sql<string>`(SELECT title FROM studies WHERE id = ${studySessions.studyId})`,
    });
  // Not `recordSessionNews`'s default guard (updated_at): the claim leaves updated_at alone.
  const statements = due.map((session) =>
    recordSessionNews(db, {
      session,
      event: "reminder",
      actorId: session.leaderId,
      recipients: goingTo(session.id),
      now,
      onlyIf: sql`EXISTS (SELECT 1 FROM study_sessions WHERE id = ${session.id} AND reminder_sent_at = ${now})`,
    }),
  );
  const [first, ...rest] = statements;
  if (!first) return [];
  const notified = await db.batch([first, ...rest]);
  const news = due.map((session, index) => ({
    notifications: createdNotifications([notified[index] ?? []]),
    ...sessionNotice("reminder", session, session.studyTitle),
  }));
  for (const item of news) announce(effects, item);
  return news;
};

/** The cron's reminder run: claim, record, then publish (inbox frames and Web Push) after the commit. */
export const sendDueReminders = async (context: EffectContext, now = Date.now()) =>
  claimDueReminders(createDb(context.env.DB), now, createEffects(context));
