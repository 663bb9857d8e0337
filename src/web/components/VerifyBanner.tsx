import { useState } from "preact/hooks";
import { api, call } from "../api/client";
import { t } from "../i18n";
import { useAction } from "../lib/use-load";
import { FieldError } from "./States";

/** Shown while the signed-in account's email is unverified (app.tsx loads it only then). */
export const VerifyBanner = () => {
  const action = useAction();
  const [sent, setSent] = useState(false);
  return (
    <section class="card verify-banner" aria-label={t("trust.verifyTitle")} data-testid="verify-banner">
      <p>{t("trust.bannerText")}</p>
      <div class="row-between">
        <button
          type="button"
          class="btn btn-small"
          disabled={action.busy}
          onClick={() =>
            void action.run(async () => {
              setSent(false);
              await call(api.auth.email.resend.$post());
              setSent(true);
            })
          }
        >
          {t("trust.resend")}
        </button>
        {sent && (
          <span class="success small" role="status">
            {t("trust.resent")}
          </span>
        )}
      </div>
      <FieldError message={action.error} />
    </section>
  );
};
