import { api, call } from "../api/client";
import { currentUser } from "../api/session";
import { Comments } from "../components/Comments";
import { Icon } from "../components/Icon";
import { Markdown } from "../components/markdown/Markdown";
import { ReportButton } from "../components/ReportButton";
import { FieldError, LoadError, Loading } from "../components/States";
import { UserLink } from "../components/UserLink";
import { t } from "../i18n";
import { apiUrl } from "../lib/api-origin";
import { formatDateTime } from "../lib/format";
import { loginUrl, navigate } from "../lib/nav";
import { srcSet } from "../lib/srcset";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useAction, useLoad } from "../lib/use-load";
import { postById, takeEarlyPost } from "./first-requests";

export const PostDetail = ({ id }: { id: string }) => {
  const me = useStore(currentUser);
  const post = useLoad(
    // The first answer may already be on its way (first-requests.ts, a signed-out first load).
    () => (!me && takeEarlyPost(id)) || postById(id),
    `${id}:${me?.id ?? ""}`,
  );
  useTitle(post.data?.title ?? t("post.fallbackTitle"));
  const action = useAction();

  if (post.loading && !post.data) return <Loading />;
  if (post.error) return <LoadError loaded={post} missing="notFound.post" />;
  const data = post.data;
  if (!data) return null;
  const mine = me?.id === data.author.id;

  const toggleLike = () => {
    if (!me) {
      navigate(loginUrl());
      return;
    }
    void action.run(async () => {
      const result = data.likedByMe
        ? await call(api.posts[":id"].like.$delete({ param: { id } }))
        : await call(api.posts[":id"].like.$put({ param: { id } }));
      post.setData((current) => current && { ...current, ...result });
    });
  };

  const remove = () => {
    if (!confirm(t("post.confirmDelete"))) return;
    void action.run(async () => {
      await call(api.posts[":id"].$delete({ param: { id } }));
      navigate("/", true);
    });
  };

  return (
    <article class="narrow post-detail">
      <header class="card post-head">
        {data.hidden && (
          <p class="hidden-notice" role="note" data-testid="hidden-notice">
            {t("hidden.badge")}
          </p>
        )}
        <h1>{data.title}</h1>
        <div class="post-byline">
          <UserLink user={data.author} size={32} />
          <span class="muted small">
            <time dateTime={data.createdAt}>{formatDateTime(data.createdAt)}</time>
            {data.updatedAt !== data.createdAt && ` · ${t("common.edited")}`} ·{" "}
            {t("post.viewCount", { count: data.viewCount })}
          </span>
        </div>
      </header>
      <div class="card post-content">
        <Markdown source={data.body} class="post-body" />
        {data.images.length > 0 && (
          <div class="post-images">
            {data.images.map((image, index) => (
              <img
                key={image.id}
                class={image.width && image.height ? undefined : "unsized"}
                src={apiUrl(image.url)}
                srcset={srcSet(image)}
                // Two columns from 760 px (styles.css, .post-images) unless it is the only picture.
                sizes={
                  data.images.length === 1
                    ? "(min-width: 760px) 680px, 100vw"
                    : "(min-width: 760px) 340px, 100vw"
                }
                alt={image.alt ?? ""}
                width={image.width}
                height={image.height}
                loading={index === 0 ? "eager" : "lazy"}
                // The first picture is usually the page's largest paint: fetch it before the rest.
                fetchpriority={index === 0 ? "high" : undefined}
                decoding="async"
              />
            ))}
          </div>
        )}
        <div class="post-actions">
          <button
            type="button"
            class={`btn like-button${data.likedByMe ? " liked" : ""}`}
            aria-pressed={data.likedByMe}
            onClick={toggleLike}
            disabled={action.busy}
          >
            <Icon name="heart" size={16} filled={data.likedByMe} />
            {data.likedByMe ? t("post.unlike") : t("post.like")}{" "}
            <span data-testid="like-count">{data.likeCount}</span>
          </button>
          <ReportButton target={{ type: "post", id }} authorId={data.author.id} />
          {mine && (
            <>
              <a class="btn" href={`/posts/${id}/edit`}>
                {t("common.edit")}
              </a>
              <button type="button" class="btn btn-danger" onClick={remove} disabled={action.busy}>
                {t("common.delete")}
              </button>
            </>
          )}
        </div>
        <FieldError message={action.error} />
      </div>
      <div class="card">
        <Comments
          postId={id}
          postAuthorId={data.author.id}
          onCountChange={(by) =>
            post.setData((current) => current && { ...current, commentCount: current.commentCount + by })
          }
        />
      </div>
    </article>
  );
};
