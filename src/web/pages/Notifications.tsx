import { api, call } from "../api/client";
import { liveNotifications, unreadNotifications } from "../api/inbox";
import type { Notification } from "../api/types";
import { Avatar } from "../components/Avatar";
import { Empty, ErrorBox, FieldError, ListFoot } from "../components/States";
import { t } from "../i18n";
import { formatRelative } from "../lib/format";
import { navigate } from "../lib/nav";
import { notificationHref, notificationText } from "../lib/notification-text";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useAction, useCursorList } from "../lib/use-load";

export const Notifications = () => {
  useTitle(t("notifications.title"));
  const live = useStore(liveNotifications);
  const unread = useStore(unreadNotifications);
  const list = useCursorList(
    async (cursor) => call(api.notifications.$get({ query: cursor ? { cursor } : {} })),
    "notifications",
  );
  const action = useAction();

  // Live arrivals first, then the fetched pages; each notification once, read state from the latest copy.
  const readIds = new Set(list.items.filter((item) => item.read).map((item) => item.id));
  const seen = new Set<string>();
  const items = [...live, ...list.items]
    .filter((item) => !seen.has(item.id) && seen.add(item.id))
    .map((item) => (readIds.has(item.id) ? { ...item, read: true } : item));

  const markRead = (body: { ids: string[] } | { all: true }) =>
    action.run(async () => {
      const result = await call(api.notifications.read.$post({ json: body }));
      unreadNotifications.set(result.unreadCount);
      const ids = "ids" in body ? new Set(body.ids) : null;
      const mark = (item: Notification) => (!ids || ids.has(item.id) ? { ...item, read: true } : item);
      list.setItems((current) => current.map(mark));
      liveNotifications.update((current) => current.map(mark));
    });

  const open = (notification: Notification) => {
    if (!notification.read) void markRead({ ids: [notification.id] });
    navigate(notificationHref(notification));
  };

  return (
    <div class="narrow">
      <div class="page-head">
        <h1>{t("notifications.title")}</h1>
        <button
          type="button"
          class="btn"
          disabled={unread === 0 || action.busy}
          onClick={() => void markRead({ all: true })}
        >
          {t("notifications.markAllRead")}
        </button>
      </div>
      <FieldError message={action.error} />
      {list.error && <ErrorBox message={list.error} onRetry={list.reload} />}
      {!list.loading && !list.error && items.length === 0 && <Empty>{t("notifications.empty")}</Empty>}
      <ul class="plain-list notification-list" aria-live="polite">
        {items.map((notification) => (
          <li key={notification.id}>
            <a
              class={`card notification${notification.read ? "" : " unread"}`}
              href={notificationHref(notification)}
              onClick={(event) => {
                event.preventDefault();
                open(notification);
              }}
            >
              <Avatar user={notification.actor} size={36} />
              <span class="notification-text">
                {notificationText(notification)}
                <time class="muted small" dateTime={notification.createdAt}>
                  {formatRelative(notification.createdAt)}
                </time>
              </span>
              {!notification.read && (
                <span class="dot">
                  <span class="sr-only">{t("notifications.unread")}</span>
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
      <ListFoot list={list} />
    </div>
  );
};
