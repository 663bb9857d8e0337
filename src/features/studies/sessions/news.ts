import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { studySessions } from "../../../db/schema";
import type { Effects } from "../../../effects";
import type { PushNotice, PushOptions } from "../../../effects/push";
import { type SessionEvent, sessionTarget } from "../../../shared/session-target";
import { type createdNotifications, recordNotificationFanOut } from "../../notifications/record";
import { HOUR, seoulParts } from "./time";

/** What members are told about a session: a notification for each, then a Web Push to their devices. */
export interface SessionNews {
  notifications: ReturnType<typeof createdNotifications>;
  notice: PushNotice;
  options: PushOptions;
}

const headline: Record<SessionEvent, string> = {
  created: "새 모임",
  changed: "모임 변경",
  cancelled: "모임 취소",
  check_in_opened: "출석 체크가 열렸습니다",
  reminder: "1시간 뒤 시작",
};

export const sessionNotice = (
  event: SessionEvent,
  session: { id: string; studyId: string; title: string; startsAt: number },
  studyTitle: string,
): { notice: PushNotice; options: PushOptions } => {
  const { date, time } = seoulParts(session.startsAt);
  // A reminder or check-in is useless once the session has begun; news of a change keeps a day.
  const urgent = event === "reminder" || event === "check_in_opened";
  return {
    notice: {
      title: studyTitle,
      body: `${headline[event]}: ${session.title} · ${date} ${time}`,
      url: `/studies/${session.studyId}#session-${session.id}`,
      tag: `session:${session.id}`,
    },
    options: { ttl: (urgent ? HOUR : 24 * HOUR) / 1000, urgency: urgent ? "high" : "normal" },
  };
};

/** The members of a session's study, as `recordNotificationFanOut` wants its recipients. */
export const studyMembersOf = (studyId: string) =>
  sql`SELECT user_id FROM study_members WHERE study_id = ${studyId}`;
/** The members who said they are going. */
export const goingTo = (sessionId: string) =>
  sql`SELECT r.user_id FROM session_rsvps r JOIN study_sessions s ON s.id = r.session_id
      JOIN study_members m ON m.study_id = s.study_id AND m.user_id = r.user_id
      WHERE r.session_id = ${sessionId} AND r.status = 'going'`;

/**
 * The batchable statement that notifies `recipients` of `event`, recorded only if the session row
 * was just written by this batch (`updated_at` = now), so a write that changed nothing notifies nobody.
 */
export const recordSessionNews = (
  db: Db,
  {
    session,
    event,
    actorId,
    recipients,
    now,
    onlyIf,
  }: {
    session: { id: string; studyId: string };
    event: SessionEvent;
    actorId: string;
    recipients: SQL;
    now: number;
    /** Replaces the default guard (the session row written by this batch). */
    onlyIf?: SQL;
  },
) =>
  recordNotificationFanOut(
    db,
    {
      recipients,
      actorId,
      kind: "study_session",
      targetId: sessionTarget(session.id, event),
      studyId: session.studyId,
      onlyIf:
        onlyIf ??
        sql`EXISTS (SELECT 1 FROM ${studySessions} WHERE id = ${session.id} AND updated_at = ${now})`,
    },
    now,
  );

/**
 * After the commit: the notifications to the recipients' open tabs (inbox frames), and the same
 * news by Web Push to their devices, so it reaches a closed tab. Only those who got a notification
 * get a push, so the notification rules (blocks, the 24-hour repeat, settings) hold for both.
 */
export const announce = (effects: Effects, news: SessionNews) => {
  effects.notify(news.notifications);
  effects.webPush({
    userIds: news.notifications.map((row) => row.userId),
    notice: news.notice,
    options: news.options,
  });
};
