import { useLocation } from "preact-iso";
import { unreadNotifications } from "../api/inbox";
import { rooms, totalUnread } from "../api/rooms";
import { t } from "../i18n";
import { inSection } from "../lib/nav";
import { useStore } from "../lib/store";
import { CountBadge } from "./CountBadge";
import { Icon, type IconName } from "./Icon";

const Tab = ({
  href,
  icon,
  label,
  count = 0,
  countText = "",
}: {
  href: string;
  icon: IconName;
  label: string;
  count?: number;
  countText?: string;
}) => {
  const { path } = useLocation();
  return (
    <a href={href} class="tab-bar-item" aria-current={inSection(path, href) ? "page" : undefined}>
      <span class="tab-bar-icon">
        <Icon name={icon} size={22} />
        <CountBadge count={count} label={countText} />
      </span>
      <span class="tab-bar-label">{label}</span>
    </a>
  );
};

/**
 * Phones only (CSS hides it from 760px): every primary action within a thumb's reach. Signed-out
 * visitors see the same five; the private ones take them to /login and back.
 */
export const TabBar = () => {
  const unread = useStore(unreadNotifications);
  const messagesUnread = totalUnread(useStore(rooms));
  return (
    <nav class="tab-bar" aria-label={t("header.tabBar")}>
      <Tab href="/" icon="home" label={t("header.feed")} />
      <Tab href="/studies" icon="users" label={t("header.studies")} />
      <Tab href="/posts/new" icon="pen" label={t("header.write")} />
      <Tab
        href="/messages"
        icon="mail"
        label={t("header.messages")}
        count={messagesUnread}
        countText={t("header.unreadMessages", { count: messagesUnread })}
      />
      <Tab
        href="/notifications"
        icon="bell"
        label={t("header.notifications")}
        count={unread}
        countText={t("header.unreadNotifications", { count: unread })}
      />
    </nav>
  );
};
