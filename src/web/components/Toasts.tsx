import { dismissToast, toasts } from "../api/toasts";
import { t } from "../i18n";
import { useStore } from "../lib/store";

/** Live region for arriving notifications (announced politely by screen readers). */
export const Toasts = () => {
  const list = useStore(toasts);
  return (
    <div class="toasts" aria-live="polite" aria-relevant="additions">
      {list.map((toast) => (
        <div key={toast.id} class="toast">
          {toast.href ? (
            <a class="toast-link" href={toast.href} onClick={() => dismissToast(toast.id)}>
              {toast.text}
            </a>
          ) : (
            <span>{toast.text}</span>
          )}
          <button
            type="button"
            class="toast-close"
            aria-label={t("toasts.close")}
            onClick={() => dismissToast(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
};
