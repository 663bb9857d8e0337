import { useEffect, useRef } from "preact/hooks";
import { useLocation } from "preact-iso";
import { logout } from "../api/auth";
import { unreadNotifications } from "../api/inbox";
import { rooms, totalUnread } from "../api/rooms";
import { currentUser, sessionReady } from "../api/session";
import { countLabel } from "../lib/format";
import { navigate } from "../lib/nav";
import { useStore } from "../lib/store";
import { Avatar } from "./Avatar";
import { Icon } from "./Icon";

const Badge = ({ count, label }: { count: number; label: string }) =>
  count > 0 ? (
    <span class="count-badge">
      <span aria-hidden="true">{countLabel(count)}</span>
      <span class="sr-only">
        {label} {count}개
      </span>
    </span>
  ) : null;

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

  const current = (prefix: string) =>
    (prefix === "/" ? path === "/" : path.startsWith(prefix)) ? "page" : undefined;

  return (
    <header class="site-header">
      <div class="header-inner">
        <a class="brand" href="/">
          OrGo
        </a>
        <nav class="main-nav" aria-label="주 메뉴">
          <a href="/" aria-current={current("/")}>
            피드
          </a>
          <a href="/studies" aria-current={current("/studies")}>
            스터디
          </a>
        </nav>
        <form class="search-box" aria-label="검색" onSubmit={onSearch}>
          <label class="sr-only" for="header-search">
            검색
          </label>
          <input
            id="header-search"
            name="q"
            type="search"
            placeholder="글, 사람, 스터디 검색"
            defaultValue={path === "/search" ? (query.q ?? "") : ""}
            key={path === "/search" ? query.q : "search"}
            maxLength={100}
          />
        </form>
        <div class="header-actions">
          {me ? (
            <>
              <a href="/posts/new" class="btn btn-primary btn-write">
                글쓰기
              </a>
              <a
                href="/messages"
                class="icon-link"
                aria-label="메시지"
                aria-current={current("/messages")}
                data-testid="messages-link"
              >
                <Icon name="mail" size={22} />
                <Badge count={messagesUnread} label="읽지 않은 메시지" />
              </a>
              <a
                href="/notifications"
                class="icon-link"
                aria-label="알림"
                aria-current={current("/notifications")}
                data-testid="bell"
              >
                <Icon name="bell" size={22} />
                <Badge count={unread} label="읽지 않은 알림" />
              </a>
              <details class="menu" ref={menu}>
                <summary aria-label="내 메뉴">
                  <Avatar user={me} size={32} />
                </summary>
                <div class="menu-panel">
                  <p class="menu-name">{me.nickname}</p>
                  <a href={`/users/${me.id}`} onClick={closeMenu}>
                    내 프로필
                  </a>
                  <a href="/settings" onClick={closeMenu}>
                    설정
                  </a>
                  <button
                    type="button"
                    onClick={() => {
                      closeMenu();
                      void logout().finally(() => navigate("/"));
                    }}
                  >
                    로그아웃
                  </button>
                </div>
              </details>
            </>
          ) : ready ? (
            <>
              <a href="/login" class="btn">
                로그인
              </a>
              <a href="/signup" class="btn btn-primary">
                회원가입
              </a>
            </>
          ) : null}
        </div>
      </div>
    </header>
  );
};
