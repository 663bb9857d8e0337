import { type CreatedNotification, publishNotifications } from "../features/notifications/publish";
import { inboxStub } from "../realtime/internal";
import { type EffectContext, runLater } from "./run";

export interface NotifyEffects {
  /** Pushes notifications a committed batch created to their recipients' inboxes. */
  notify: (created: CreatedNotification[]) => void;
  /** Tells every tab of the user its new unread count (after they marked notifications read). */
  pushUnread: (unread: { userId: string; unreadCount: number }) => void;
}

export const notifyEffects = (context: EffectContext): NotifyEffects => ({
  notify: (created) => {
    if (created.length > 0)
      runLater(context, "notification push", () => publishNotifications(context.env, created));
  },
  pushUnread: ({ userId, unreadCount }) =>
    runLater(context, "unread push", () => inboxStub(context.env, userId).pushUnread(unreadCount)),
});
