import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, call } from "../api/client";
import type { PostSummary, Study, UserCard } from "../api/types";
import { Highlighted } from "../components/Highlighted";
import { PostList } from "../components/PostCard";
import { Empty, ErrorBox, ListFoot } from "../components/States";
import { StudyCard } from "../components/StudyCard";
import { Tabs } from "../components/Tabs";
import { UserList } from "../components/UserList";
import { t } from "../i18n";
import { isPostSummary, isStudy, isUserCard } from "../lib/item-kinds";
import { useTitle } from "../lib/title";
import { useCursorList, useLoad } from "../lib/use-load";

type Kind = "posts" | "users" | "studies";
const COUNT_LIMIT = 50;

export const SearchPage = () => {
  const { query } = useLocation();
  const q = (query.q ?? "").trim();
  const tab: Kind = query.type === "users" || query.type === "studies" ? query.type : "posts";
  useTitle(q ? t("search.titleFor", { q }) : t("search.title"));

  const counts = useLoad(async () => {
    if (!q) return null;
    return await call(api.search.$get({ query: { q, type: "all", limit: String(COUNT_LIMIT) } }));
  }, q);
  // The words the results matched (the answer's `terms`), marked in titles, excerpts and names.
  const [terms, setTerms] = useState<string[]>([]);
  const mark = (text: string) => <Highlighted text={text} terms={terms} />;
  const list = useCursorList(async (cursor) => {
    if (!q) return { items: [], nextCursor: null };
    const page = await call(api.search.$get({ query: cursor ? { q, type: tab, cursor } : { q, type: tab } }));
    setTerms(page.terms);
    const items: (PostSummary | UserCard | Study)[] = page[tab];
    return { items, nextCursor: page.nextCursor };
  }, `${q}:${tab}`);

  const count = (kind: Kind) => {
    const found = counts.data?.[kind].length;
    return found === COUNT_LIMIT ? `${found}+` : found;
  };
  const href = (kind: Kind) => `/search?q=${encodeURIComponent(q)}${kind === "posts" ? "" : `&type=${kind}`}`;

  return (
    <div class="narrow">
      <h1>{q ? t("search.headingFor", { q }) : t("search.title")}</h1>
      {!q ? (
        <Empty>{t("search.prompt")}</Empty>
      ) : (
        <>
          <Tabs
            label={t("search.tabsLabel")}
            active={tab}
            items={[
              { id: "posts", label: t("search.tabs.posts"), href: href("posts"), count: count("posts") },
              { id: "users", label: t("search.tabs.users"), href: href("users"), count: count("users") },
              {
                id: "studies",
                label: t("search.tabs.studies"),
                href: href("studies"),
                count: count("studies"),
              },
            ]}
          />
          {(list.error || counts.error) && <ErrorBox message={list.error ?? counts.error ?? ""} />}
          {!list.loading && !list.error && list.items.length === 0 && <Empty>{t("search.none")}</Empty>}
          {tab === "posts" && <PostList posts={list.items.filter(isPostSummary)} mark={mark} />}
          {tab === "users" && <UserList users={list.items.filter(isUserCard)} mark={mark} />}
          {tab === "studies" && (
            <ul class="plain-list study-grid">
              {list.items.filter(isStudy).map((study) => (
                <li key={study.id}>
                  <StudyCard study={study} />
                </li>
              ))}
            </ul>
          )}
          <ListFoot list={list} />
        </>
      )}
    </div>
  );
};
