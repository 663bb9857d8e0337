import type { ComponentChildren } from "preact";
import { t } from "../i18n";
import type { MessageKey } from "../i18n/messages";
import type { CursorList, Loaded } from "../lib/use-load";

export const Loading = ({ label = t("common.loading") }: { label?: string }) => (
  <p class="state state-loading" role="status">
    <span class="spinner" aria-hidden="true" />
    {label}
  </p>
);

export const Empty = ({ children }: { children: ComponentChildren }) => (
  <p class="state state-empty">{children}</p>
);

export const ErrorBox = ({ message, onRetry }: { message: string; onRetry?: () => void }) => (
  <div class="state state-error" role="alert">
    <p>{message}</p>
    {onRetry && (
      <button type="button" class="btn" onClick={onRetry}>
        {t("common.retry")}
      </button>
    )}
  </div>
);

export const FieldError = ({ message }: { message: string | null | undefined }) =>
  message ? (
    <p class="field-error" role="alert">
      {message}
    </p>
  ) : null;

/** A form's "done" line, announced politely (FieldError's counterpart). */
export const SuccessNote = ({ children }: { children: ComponentChildren }) => (
  <p class="success" role="status">
    {children}
  </p>
);

/** Something that is not there (a 404): says so, with a way on, and no retry that cannot help. */
export const Missing = ({ heading }: { heading: MessageKey }) => (
  <section class="narrow card">
    <h1>{t(heading)}</h1>
    <p>
      {t("notFound.gone")} <a href="/">{t("notFound.back")}</a>
    </p>
  </section>
);

/** A page's load failure: Missing for a 404, else the message, with a retry only where one may help. */
export const LoadError = ({
  loaded,
  missing,
}: {
  loaded: Pick<Loaded<unknown>, "error" | "errorStatus" | "reload">;
  missing: MessageKey;
}) => {
  if (loaded.errorStatus === 404) return <Missing heading={missing} />;
  const status = loaded.errorStatus ?? 0;
  const mayPass = status === 0 || status === 429 || status >= 500;
  return (
    <ErrorBox
      message={loaded.error ?? t("common.loadFailed")}
      onRetry={mayPass ? loaded.reload : undefined}
    />
  );
};

/** The foot of a cursor list: a spinner while a page loads, else a "more" button while there is more. */
export const ListFoot = ({
  list,
  label = t("common.more"),
}: {
  list: Pick<CursorList<unknown>, "loading" | "hasMore" | "loadMore">;
  label?: string;
}) =>
  list.loading ? (
    <Loading />
  ) : list.hasMore ? (
    <button type="button" class="btn btn-block" onClick={list.loadMore}>
      {label}
    </button>
  ) : null;
