import type { ComponentChildren } from "preact";

export const Loading = ({ label = "불러오는 중…" }: { label?: string }) => (
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
        다시 시도
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
