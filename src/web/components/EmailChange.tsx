import { useState } from "preact/hooks";
import { ApiError, api, call } from "../api/client";
import type { Me } from "../api/types";
import { t } from "../i18n";
import { useAction } from "../lib/use-load";
import { CurrentPasswordField } from "./PasswordFields";
import { ProviderReauth } from "./ProviderReauth";
import { FieldError, SuccessNote } from "./States";

/**
 * Settings → a new email address: the worker answers 202 and mails a link to the new address; the
 * address changes only when that link is opened. A password account confirms with its password; an
 * account without one may be asked (403 `reauth_required`) to sign in with its provider again.
 */
export const EmailChange = ({ me }: { me: Me }) => {
  const hasPassword = me.providers.includes("password");
  const action = useAction();
  const [sent, setSent] = useState(false);
  const [needsProvider, setNeedsProvider] = useState(false);
  return (
    <section class="card" aria-labelledby="email-change-heading">
      <h2 id="email-change-heading">{t("trust.emailHeading")}</h2>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget as HTMLFormElement;
          const data = new FormData(form);
          const newEmail = String(data.get("newEmail") ?? "");
          setSent(false);
          void action.run(async () => {
            try {
              await call(
                api.users.me.email.$post({
                  json: hasPassword
                    ? { newEmail, password: String(data.get("password") ?? "") }
                    : { newEmail },
                }),
              );
            } catch (error) {
              if (!hasPassword && error instanceof ApiError && error.code === "reauth_required") {
                setNeedsProvider(true);
                return;
              }
              throw error;
            }
            form.reset();
            setNeedsProvider(false);
            setSent(true);
          });
        }}
      >
        <label>
          {t("trust.newEmail")}
          <input name="newEmail" type="email" autoComplete="email" required />
        </label>
        {hasPassword && <CurrentPasswordField label={t("trust.passwordConfirm")} />}
        <FieldError message={action.error} />
        {needsProvider && <ProviderReauth me={me} />}
        {sent && <SuccessNote>{t("trust.emailSent")}</SuccessNote>}
        <div class="row-end">
          <button type="submit" class="btn btn-primary" disabled={action.busy}>
            {t("trust.emailSubmit")}
          </button>
        </div>
      </form>
    </section>
  );
};
