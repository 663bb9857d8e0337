import type { PostSummary } from "../api/types";
import { t } from "../i18n";
import { apiUrl } from "../lib/api-origin";
import { formatRelative } from "../lib/format";
import { Avatar } from "./Avatar";
import { Icon } from "./Icon";

export const PostCard = ({ post }: { post: PostSummary }) => {
  const cover = post.images[0];
  return (
    <article class="card post-card">
      <header class="post-card-head">
        <a class="user-link" href={`/users/${post.author.id}`}>
          <Avatar user={post.author} size={28} />
          <span>{post.author.nickname}</span>
        </a>
        <time class="muted" dateTime={post.createdAt}>
          {formatRelative(post.createdAt)}
        </time>
      </header>
      <h3 class="post-card-title">
        <a href={`/posts/${post.id}`}>{post.title}</a>
      </h3>
      <div class="post-card-body">
        <p class="excerpt">{post.excerpt}</p>
        {cover && (
          <img class="post-card-cover" src={apiUrl(cover.url)} alt={cover.alt ?? ""} loading="lazy" />
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

export const PostList = ({ posts }: { posts: PostSummary[] }) => (
  <ul class="plain-list">
    {posts.map((post) => (
      <li key={post.id}>
        <PostCard post={post} />
      </li>
    ))}
  </ul>
);
