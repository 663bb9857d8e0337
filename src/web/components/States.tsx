import type { ComponentChildren } from "preact";
import { t } from "../i18n";

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
