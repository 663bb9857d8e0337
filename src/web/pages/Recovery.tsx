import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { login, setMe } from "../api/auth";
import { api, call } from "../api/client";
import { currentUser, endSession } from "../api/session";
import { confirmedNewPassword, NewPasswordFields } from "../components/PasswordFields";
import { FieldError, Loading, SuccessNote } from "../components/States";
import { t } from "../i18n";
import { navigate } from "../lib/nav";
import { useTitle } from "../lib/title";
import { useAction } from "../lib/use-load";

/**
 * `/verify-email?token=`: the link from a verification or email-change mail. It needs no session
 * (the link may be opened in another browser); if this tab is signed in as that account, its Me is
 * replaced so the banner goes away at once.
 */
export const VerifyEmail = () => {
  useTitle(t("trust.verifyTitle"));
  const { query } = useLocation();
  const token = query.token ?? "";
  const action = useAction();
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!token) return;
    void action.run(async () => {
      const me = await call(api.auth.email.verify.$post({ json: { token } }));
      if (currentUser.get()?.id === me.id) setMe(me);
      setDone(true);
    });
  }, [token, action.run]);

  return (
    <section class="narrow card auth-card stack" aria-labelledby="verify-heading">
      <h1 id="verify-heading">{t("trust.verifyTitle")}</h1>
      {!token ? (
        <FieldError message={t("trust.noToken")} />
      ) : done ? (
        <SuccessNote>{t("trust.verified")}</SuccessNote>
      ) : action.error ? (
        <FieldError message={action.error} />
      ) : (
        <Loading label={t("trust.verifying")} />
      )}
      <p class="center">
        <a href="/">{t("trust.toFeed")}</a>
      </p>
    </section>
  );
};

/** `/forgot-password`: the same answer whatever the address (the worker never says whether it exists). */
export const ForgotPassword = () => {
  useTitle(t("trust.forgotTitle"));
  const action = useAction();
  const [sent, setSent] = useState(false);
  return (
    <section class="narrow card auth-card" aria-labelledby="forgot-heading">
      <h1 id="forgot-heading">{t("trust.forgotTitle")}</h1>
      <p class="muted">{t("trust.forgotHelp")}</p>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          const email = String(new FormData(event.currentTarget as HTMLFormElement).get("email") ?? "");
          setSent(false);
          void action.run(async () => {
            await call(api.auth.password.forgot.$post({ json: { email } }));
            setSent(true);
          });
        }}
      >
        <label>
          {t("auth.email")}
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <FieldError message={action.error} />
        {sent && <SuccessNote>{t("trust.forgotSent")}</SuccessNote>}
        <button type="submit" class="btn btn-primary btn-block" disabled={action.busy}>
          {t("trust.forgotSend")}
        </button>
      </form>
      <p class="muted center">
        <a href="/login">{t("auth.login")}</a>
      </p>
    </section>
  );
};

/**
 * `/reset-password?token=`: the worker answers 204 and ends every session of the account (this
 * tab's too), so the page then logs in with the new password. The token does not say the address,
 * so the form asks for it (a password manager fills it and saves the new password under it).
 */
export const ResetPassword = () => {
  useTitle(t("trust.resetTitle"));
  const { query } = useLocation();
  const token = query.token ?? "";
  const action = useAction();
  const [resetOnly, setResetOnly] = useState(false);
  return (
    <section class="narrow card auth-card" aria-labelledby="reset-heading">
      <h1 id="reset-heading">{t("trust.resetTitle")}</h1>
      {!token && <FieldError message={t("trust.noToken")} />}
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget as HTMLFormElement);
          const email = String(data.get("email") ?? "");
          const newPassword = confirmedNewPassword(data, action);
          if (newPassword === null) return;
          void action.run(async () => {
            await call(api.auth.password.reset.$post({ json: { token, newPassword } }));
            // The worker ended this tab's session too (if it had one).
            if (currentUser.get()) endSession();
            try {
              await login({ email, password: newPassword });
            } catch {
              // The password is changed; only the address typed here was not the account's.
              setResetOnly(true);
              return;
            }
            navigate("/", true);
          });
        }}
      >
        <label>
          {t("auth.email")}
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <NewPasswordFields />
        <FieldError message={action.error} />
        {resetOnly && (
          <SuccessNote>
            {t("trust.resetDone")} <a href="/login">{t("auth.login")}</a>
          </SuccessNote>
        )}
        <button type="submit" class="btn btn-primary btn-block" disabled={action.busy || !token}>
          {t("trust.resetSubmit")}
        </button>
      </form>
    </section>
  );
};
