import { useEffect, useRef } from "preact/hooks";
import { useLocation } from "preact-iso";
import { SEARCH_QUERY_MAX } from "../../shared/limits";
import { logout } from "../api/auth";
import { unreadNotifications } from "../api/inbox";
import { rooms, totalUnread } from "../api/rooms";
import { currentUser, sessionReady } from "../api/session";
import { t } from "../i18n";
import { inSection, navigate } from "../lib/nav";
import { profileHref } from "../lib/profile-href";
import { useStore } from "../lib/store";
import { Avatar } from "./Avatar";
import { CountBadge } from "./CountBadge";
import { Icon } from "./Icon";
import { LocaleSwitch } from "./LocaleSwitch";

export const Header = () => {
  const me = useStore(currentUser);
  const ready = useStore(sessionReady);
  const unread = useStore(unreadNotifications);
  const roomList = useStore(rooms);
  const { path, query } = useLocation();
  const menu = useRef<HTMLDetailsElement>(null);
  const closeMenu = () => menu.current?.removeAttribute("open");

  // The avatar menu closes on Escape (focus back on its button) and on a click anywhere else.
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (menu.current?.open && !menu.current.contains(event.target as Node)) closeMenu();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !menu.current?.open) return;
      closeMenu();
      menu.current.querySelector("summary")?.focus();
    };
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("click", onClick);
      document.removeEventListener("keydown", onKey);
    };
  }, []);
  const messagesUnread = totalUnread(roomList);

  const onSearch = (event: SubmitEvent) => {
    event.preventDefault();
    const q = new FormData(event.currentTarget as HTMLFormElement).get("q")?.toString().trim() ?? "";
    if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
  };

  const current = (prefix: string) => (inSection(path, prefix) ? "page" : undefined);

  return (
    <header class="site-header">
      <div class="header-inner">
        <a class="brand" href="/">
          OrGo
        </a>
        <nav class="main-nav" aria-label={t("header.mainNav")}>
          <a href="/" aria-current={current("/")}>
            {t("header.feed")}
          </a>
          <a href="/studies" aria-current={current("/studies")}>
            {t("header.studies")}
          </a>
        </nav>
        <form class="search-box" aria-label={t("header.search")} onSubmit={onSearch}>
          <label class="sr-only" for="header-search">
            {t("header.search")}
          </label>
          <input
            id="header-search"
            name="q"
            type="search"
            placeholder={t("header.searchPlaceholder")}
            defaultValue={path === "/search" ? (query.q ?? "") : ""}
            key={path === "/search" ? query.q : "search"}
            maxLength={SEARCH_QUERY_MAX}
          />
        </form>
        <div class="header-actions">
          {me ? (
            <>
              <a href="/posts/new" class="btn btn-primary btn-write">
                {t("header.write")}
              </a>
              <a
                href="/messages"
                class="icon-link"
                aria-label={t("header.messages")}
                aria-current={current("/messages")}
                data-testid="messages-link"
              >
                <Icon name="mail" size={22} />
                <CountBadge
                  count={messagesUnread}
                  label={t("header.unreadMessages", { count: messagesUnread })}
                />
              </a>
              <a
                href="/notifications"
                class="icon-link"
                aria-label={t("header.notifications")}
                aria-current={current("/notifications")}
                data-testid="bell"
              >
                <Icon name="bell" size={22} />
                <CountBadge count={unread} label={t("header.unreadNotifications", { count: unread })} />
              </a>
              <details class="menu" ref={menu}>
                <summary aria-label={t("header.myMenu")}>
                  <Avatar user={me} size={32} />
                </summary>
                <div class="menu-panel">
                  <p class="menu-name">{me.nickname}</p>
                  <a href={profileHref(me)} onClick={closeMenu}>
                    {t("header.myProfile")}
                  </a>
                  <a href="/calendar" onClick={closeMenu}>
                    {t("header.myCalendar")}
                  </a>
                  <a href="/settings" onClick={closeMenu}>
                    {t("header.settings")}
                  </a>
                  {(me.role === "moderator" || me.role === "admin") && (
                    <a href="/moderation" onClick={closeMenu}>
                      {t("moderation.link")}
                    </a>
                  )}
                  <button
                    type="button"
                    onClick={() => {
                      closeMenu();
                      void logout().finally(() => navigate("/"));
                    }}
                  >
                    {t("header.logout")}
                  </button>
                  <LocaleSwitch />
                </div>
              </details>
            </>
          ) : ready ? (
            <>
              <a href="/login" class="btn">
                {t("header.login")}
              </a>
              <a href="/signup" class="btn btn-primary">
                {t("header.signup")}
              </a>
            </>
          ) : null}
        </div>
      </div>
    </header>
  );
};
