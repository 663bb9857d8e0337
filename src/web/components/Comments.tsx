import { useId, useState } from "preact/hooks";
import { COMMENT_BODY_MAX } from "../../shared/limits";
import { api, call } from "../api/client";
import { currentUser } from "../api/session";
import type { Comment } from "../api/types";
import { t } from "../i18n";
import { formatRelative } from "../lib/format";
import { loginUrl } from "../lib/nav";
import { useStore } from "../lib/store";
import { useAction, useCursorList } from "../lib/use-load";
import { Markdown } from "./markdown/Markdown";
import { useMentionSuggestions } from "./markdown/mentions";
import { ReportButton } from "./ReportButton";
import { Empty, ErrorBox, FieldError, ListFoot } from "./States";
import { UserLink } from "./UserLink";

const CommentForm = ({
  initial = "",
  label,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: string;
  label: string;
  submitLabel: string;
  onSubmit: (body: string) => Promise<unknown>;
  onCancel?: () => void;
}) => {
  const [body, setBody] = useState(initial);
  const action = useAction();
  const fieldId = useId();
  const mentions = useMentionSuggestions(body, setBody);
  return (
    <form
      class="comment-form"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(async () => {
          await onSubmit(body);
          setBody("");
        });
      }}
    >
      <label class="sr-only" for={fieldId}>
        {label}
      </label>
      <textarea
        id={fieldId}
        value={body}
        rows={2}
        maxLength={COMMENT_BODY_MAX}
        placeholder={label}
        required
        onInput={(event) => {
          setBody(event.currentTarget.value);
          mentions.track(event.currentTarget);
        }}
        onKeyDown={(event) => void mentions.onKeyDown(event)}
      />
      {mentions.list}
      <FieldError message={action.error} />
      <div class="row-end">
        {onCancel && (
          <button type="button" class="btn btn-small" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        )}
        <button type="submit" class="btn btn-primary btn-small" disabled={action.busy || !body.trim()}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
};

interface ItemProps {
  comment: Comment;
  postAuthorId: string;
  onReplace: (next: Comment) => void;
  onRemove: (comment: Comment) => void;
  onReply?: (body: string) => Promise<unknown>;
}

const CommentItem = ({ comment, postAuthorId, onReplace, onRemove, onReply }: ItemProps) => {
  const me = useStore(currentUser);
  const [editing, setEditing] = useState(false);
  const [replying, setReplying] = useState(false);
  const action = useAction();
  const mine = Boolean(me && comment.author?.id === me.id);
  const canDelete = mine || Boolean(me && me.id === postAuthorId);

  return (
    <article class="comment" id={`comment-${comment.id}`}>
      {comment.deleted ? (
        <p class="muted">{t("comments.deleted")}</p>
      ) : (
        <>
          <header class="comment-head">
            {comment.author && <UserLink user={comment.author} size={24} />}
            <time class="muted small" dateTime={comment.createdAt}>
              {formatRelative(comment.createdAt)}
              {comment.updatedAt !== comment.createdAt && ` (${t("common.edited")})`}
            </time>
          </header>
          {editing ? (
            <CommentForm
              initial={comment.body ?? ""}
              label={t("comments.edit")}
              submitLabel={t("common.save")}
              onCancel={() => setEditing(false)}
              onSubmit={async (body) => {
                const updated = await call(
                  api.comments[":id"].$patch({ param: { id: comment.id }, json: { body } }),
                );
                onReplace({ ...updated, replies: comment.replies });
                setEditing(false);
              }}
            />
          ) : (
            <>
              {comment.hidden && <span class="badge">{t("moderation.actionHide")}</span>}
              <Markdown source={comment.body ?? ""} breaks class="comment-body" />
            </>
          )}
          <div class="comment-actions">
            {onReply && me && (
              <button type="button" class="link-button" onClick={() => setReplying(!replying)}>
                {t("comments.reply")}
              </button>
            )}
            {mine && !editing && (
              <button type="button" class="link-button" onClick={() => setEditing(true)}>
                {t("common.edit")}
              </button>
            )}
            {comment.author && (
              <ReportButton target={{ type: "comment", id: comment.id }} authorId={comment.author.id} />
            )}
            {canDelete && (
              <button
                type="button"
                class="link-button danger"
                disabled={action.busy}
                onClick={() => {
                  if (!confirm(t("comments.confirmDelete"))) return;
                  void action.run(async () => {
                    await call(api.comments[":id"].$delete({ param: { id: comment.id } }));
                    onRemove(comment);
                  });
                }}
              >
                {t("common.delete")}
              </button>
            )}
          </div>
          <FieldError message={action.error} />
        </>
      )}
      {comment.replies && comment.replies.length > 0 && (
        <ul class="plain-list replies">
          {comment.replies.map((reply) => (
            <li key={reply.id}>
              <CommentItem
                comment={reply}
                postAuthorId={postAuthorId}
                onReplace={(next) =>
                  onReplace({
                    ...comment,
                    replies: comment.replies?.map((r) => (r.id === next.id ? next : r)),
                  })
                }
                onRemove={(removed) =>
                  onReplace({ ...comment, replies: comment.replies?.filter((r) => r.id !== removed.id) })
                }
              />
            </li>
          ))}
        </ul>
      )}
      {replying && onReply && (
        <CommentForm
          label={t("comments.writeReply")}
          submitLabel={t("comments.submitReply")}
          onCancel={() => setReplying(false)}
          onSubmit={async (body) => {
            await onReply(body);
            setReplying(false);
          }}
        />
      )}
    </article>
  );
};

/** A post's comments (oldest first) with one level of replies. */
export const Comments = ({
  postId,
  postAuthorId,
  onCountChange,
}: {
  postId: string;
  postAuthorId: string;
  onCountChange: (by: number) => void;
}) => {
  const me = useStore(currentUser);
  const list = useCursorList<Comment>(
    async (cursor) =>
      call(
        api.posts[":id"].comments.$get({
          param: { id: postId },
          query: cursor ? { cursor, limit: "50" } : { limit: "50" },
        }),
      ),
    postId,
  );

  const add = async (body: string, parentId?: string) => {
    const created = await call(
      api.posts[":id"].comments.$post({
        param: { id: postId },
        json: parentId ? { body, parentId } : { body },
      }),
    );
    onCountChange(1);
    list.setItems((items) =>
      parentId
        ? items.map((item) =>
            item.id === parentId ? { ...item, replies: [...(item.replies ?? []), created] } : item,
          )
        : [...items, { ...created, replies: [] }],
    );
  };

  return (
    <section class="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t("comments.heading")}</h2>
      {me ? (
        <CommentForm
          label={t("comments.write")}
          submitLabel={t("comments.submit")}
          onSubmit={(body) => add(body)}
        />
      ) : (
        <p class="muted">
          <a href={loginUrl()}>{t("comments.loginLink")}</a>
          {t("comments.loginAfter")}
        </p>
      )}
      {list.error && <ErrorBox message={list.error} />}
      {!list.loading && !list.error && list.items.length === 0 && <Empty>{t("comments.empty")}</Empty>}
      <ul class="plain-list">
        {list.items.map((comment) => (
          <li key={comment.id}>
            <CommentItem
              comment={comment}
              postAuthorId={postAuthorId}
              onReply={(body) => add(body, comment.id)}
              onReplace={(next) =>
                list.setItems((items) => items.map((item) => (item.id === next.id ? next : item)))
              }
              onRemove={(removed) => {
                onCountChange(-1);
                list.setItems((items) =>
                  removed.replies?.length
                    ? items.map((item) =>
                        item.id === removed.id ? { ...item, deleted: true, body: null, author: null } : item,
                      )
                    : items.filter((item) => item.id !== removed.id),
                );
              }}
            />
          </li>
        ))}
      </ul>
      <ListFoot list={list} label={t("comments.more")} />
    </section>
  );
};
