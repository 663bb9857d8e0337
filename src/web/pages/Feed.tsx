import { useLocation } from "preact-iso";
import { currentUser } from "../api/session";
import type { PostSummary } from "../api/types";
import { PostList, PostListSkeleton } from "../components/PostCard";
import { Empty, ErrorBox, Loading } from "../components/States";
import { Tabs } from "../components/Tabs";
import { t } from "../i18n";
import { useFirstPaintSlice } from "../lib/first-paint";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { type Loaded, useCursorList, useLoad } from "../lib/use-load";
import { popularPosts, postsPage, takeEarlyPopular, takeEarlyPosts } from "./first-requests";

const Popular = ({ popular }: { popular: Loaded<PostSummary[]> }) => (
  <aside class="sidebar card" aria-labelledby="popular-heading">
    <h2 id="popular-heading">{t("feed.popular")}</h2>
    {popular.loading && <Loading />}
    {popular.error && <ErrorBox message={popular.error} onRetry={popular.reload} />}
    {popular.data?.length === 0 && <Empty>{t("feed.noPopular")}</Empty>}
    {popular.data && popular.data.length > 0 && (
      <ol class="popular-list">
        {popular.data.map((post) => (
          <li key={post.id}>
            <a href={`/posts/${post.id}`}>{post.title}</a>
            <span class="muted small"> ♥ {post.likeCount}</span>
          </li>
        ))}
      </ol>
    )}
  </aside>
);

export const Feed = () => {
  const { query } = useLocation();
  const me = useStore(currentUser);
  const feed = query.feed === "following" && me ? "following" : "latest";
  useTitle(feed === "following" ? t("feed.titleFollowing") : t("feed.titleLatest"));
  // Fetched alongside the posts, shown once they are in (see below).
  // The first answers may already be on their way (first-requests.ts, a signed-out first load).
  const popular = useLoad(() => takeEarlyPopular() ?? popularPosts(), "popular");
  const posts = useCursorList(
    (cursor) => (!cursor && feed === "latest" && !me && takeEarlyPosts()) || postsPage(feed, cursor),
    `${feed}:${me?.id ?? ""}`,
  );
  // A phone shows about four cards: they paint first, the rest of the page a frame later.
  const { shown, complete } = useFirstPaintSlice(posts.items, 4);

  return (
    <div class="layout-with-sidebar">
      <section class="content" aria-labelledby="feed-heading">
        <h1 id="feed-heading" class="sr-only">
          {t("feed.heading")}
        </h1>
        <Tabs
          label={t("feed.tabsLabel")}
          active={feed}
          items={[
            { id: "latest", label: t("feed.tabs.latest"), href: "/" },
            ...(me ? [{ id: "following", label: t("feed.tabs.following"), href: "/?feed=following" }] : []),
          ]}
        />
        {posts.error && <ErrorBox message={posts.error} onRetry={posts.reload} />}
        {!posts.loading && !posts.error && posts.items.length === 0 && (
          <Empty>{feed === "following" ? t("feed.emptyFollowing") : t("feed.emptyLatest")}</Empty>
        )}
        <PostList posts={shown} />
        {posts.loading && <PostListSkeleton count={posts.items.length > 0 ? 2 : 6} />}
        {posts.hasMore && !posts.loading && complete && (
          <button type="button" class="btn btn-block" onClick={posts.loadMore}>
            {t("common.more")}
          </button>
        )}
      </section>
      {/* After the first page: on a phone the box sits below the posts, and coming first it would be pushed down. */}
      {complete && (posts.items.length > 0 || !posts.loading) && <Popular popular={popular} />}
    </div>
  );
};
