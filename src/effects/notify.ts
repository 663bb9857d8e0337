import { type CreatedNotification, publishNotifications } from "../features/notifications/publish";
import type { NotificationPush } from "../features/notifications/service";
import { inboxStub } from "../realtime/internal";
import { type EffectContext, runLater } from "./run";

export interface NotifyEffects {
  /** Pushes notifications a committed batch created to their recipients' inboxes (reads them first). */
  notify: (created: CreatedNotification[]) => void;
  /**
   * Pushes notifications whose push the committed batch already read (`recordNotificationWithPush`):
   * straight to each recipient's inbox, side by side, with no D1 read before it.
   */
  deliver: (pushes: NotificationPush[]) => void;
  /** Tells every tab of the user its new unread count (after they marked notifications read). */
  pushUnread: (unread: { userId: string; unreadCount: number }) => void;
}

export const notifyEffects = (context: EffectContext): NotifyEffects => ({
  notify: (created) => {
    if (created.length > 0)
      runLater(context, "notification push", () => publishNotifications(context.env, created));
  },
  deliver: (pushes) => {
    for (const { userId, notification, unreadCount } of pushes)
      runLater(context, "notification push", () =>
        inboxStub(context.env, userId).deliver([notification], unreadCount),
      );
  },
  pushUnread: ({ userId, unreadCount }) =>
    runLater(context, "unread push", () => inboxStub(context.env, userId).pushUnread(unreadCount)),
});
