import type { ComponentChildren } from "preact";
import type { PostSummary } from "../api/types";
import { t } from "../i18n";
import { apiUrl } from "../lib/api-origin";
import { formatRelative } from "../lib/format";
import { srcSet } from "../lib/srcset";
import { Icon } from "./Icon";
import { UserLink } from "./UserLink";

/** Shows a text of the card; the search page passes one that marks the matched terms. */
type Mark = (text: string) => ComponentChildren;
const plain: Mark = (text) => text;

export const PostCard = ({ post, mark = plain }: { post: PostSummary; mark?: Mark }) => {
  const cover = post.images[0];
  return (
    <article class="card post-card">
      <header class="post-card-head">
        <UserLink user={post.author} size={28} />
        <time class="muted" dateTime={post.createdAt}>
          {formatRelative(post.createdAt)}
        </time>
      </header>
      <h2 class="post-card-title">
        <a href={`/posts/${post.id}`}>{mark(post.title)}</a>
      </h2>
      <div class="post-card-body">
        <p class="excerpt">{mark(post.excerpt)}</p>
        {cover && (
          <img
            class="post-card-cover"
            src={apiUrl(cover.url)}
            srcset={srcSet(cover)}
            sizes="(min-width: 760px) 120px, 88px"
            alt={cover.alt ?? ""}
            width={120}
            height={90}
            loading="lazy"
            decoding="async"
          />
        )}
      </div>
      <footer class="post-card-meta muted">
        <span>
          <Icon name="heart" size={15} /> <span class="sr-only">{t("post.likes")}</span> {post.likeCount}
        </span>
        <span>
          <Icon name="comment" size={15} /> <span class="sr-only">{t("post.comments")}</span>{" "}
          {post.commentCount}
        </span>
        <span>
          <Icon name="eye" size={15} /> <span class="sr-only">{t("post.views")}</span> {post.viewCount}
        </span>
      </footer>
    </article>
  );
};

export const PostList = ({ posts, mark }: { posts: PostSummary[]; mark?: Mark }) => (
  <ul class="plain-list">
    {posts.map((post) => (
      <li key={post.id}>
        <PostCard post={post} mark={mark} />
      </li>
    ))}
  </ul>
);

/** A post card's shape while the page loads: the same box, so nothing moves when the posts arrive. */
export const PostCardSkeleton = () => (
  <article class="card post-card skeleton" aria-hidden="true">
    <div class="post-card-head">
      <span class="skeleton-block avatar avatar-28" />
      <span class="skeleton-line skeleton-short" />
    </div>
    <span class="skeleton-line skeleton-title" />
    <span class="skeleton-line" />
    <span class="skeleton-line" />
    <span class="skeleton-line skeleton-short" />
  </article>
);

/** Placeholder cards for a list that is loading (announced once, as a status). */
export const PostListSkeleton = ({ count = 5 }: { count?: number }) => (
  <div role="status" aria-label={t("common.loading")}>
    {Array.from({ length: count }, (_, index) => (
      <PostCardSkeleton key={index} />
    ))}
  </div>
);
