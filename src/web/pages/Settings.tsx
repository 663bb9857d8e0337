import { useState } from "preact/hooks";
import { api, call } from "../api/client";
import { currentUser, endSession } from "../api/session";
import { EmailChange } from "../components/EmailChange";
import { HandleSettings } from "../components/HandleSettings";
import { CurrentPasswordField, confirmedNewPassword, NewPasswordFields } from "../components/PasswordFields";
import { PrivacySettings } from "../components/PrivacySettings";
import { PushDevices } from "../components/PushDevices";
import { SessionList } from "../components/SessionList";
import { FieldError, SuccessNote } from "../components/States";
import { t } from "../i18n";
import { navigate } from "../lib/nav";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useAction } from "../lib/use-load";

const providerName = (provider: string) =>
  provider === "password"
    ? t("settings.providerPassword")
    : provider === "github"
      ? "GitHub"
      : provider === "google"
        ? "Google"
        : provider;

export const Settings = () => {
  useTitle(t("settings.title"));
  const me = useStore(currentUser);
  const password = useAction();
  const removal = useAction();
  const [passwordDone, setPasswordDone] = useState(false);
  const [confirming, setConfirming] = useState(false);
  if (!me) return null;
  const hasPassword = me.providers.includes("password");

  return (
    <div class="narrow stack">
      <h1>{t("settings.title")}</h1>
      <section class="card" aria-labelledby="account-heading">
        <h2 id="account-heading">{t("settings.account")}</h2>
        <dl class="facts">
          <dt>{t("settings.email")}</dt>
          <dd>{me.email}</dd>
          <dt>{t("settings.providers")}</dt>
          <dd>
            <ul class="tag-list">
              {me.providers.map((provider) => (
                <li key={provider} class="badge">
                  {providerName(provider)}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>

      <HandleSettings me={me} />

      <section class="card" aria-labelledby="password-heading">
        <h2 id="password-heading">
          {hasPassword ? t("settings.changePassword") : t("settings.setPassword")}
        </h2>
        <form
          class="stack"
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget as HTMLFormElement;
            const data = new FormData(form);
            const newPassword = confirmedNewPassword(data, password);
            if (newPassword === null) return;
            setPasswordDone(false);
            void password.run(async () => {
              await call(
                api.users.me.password.$post({
                  json: hasPassword
                    ? { currentPassword: String(data.get("currentPassword") ?? ""), newPassword }
                    : { newPassword },
                }),
              );
              form.reset();
              setPasswordDone(true);
            });
          }}
        >
          {hasPassword && (
            <CurrentPasswordField label={t("settings.currentPassword")} name="currentPassword" />
          )}
          <NewPasswordFields />
          <FieldError message={password.error} />
          {passwordDone && <SuccessNote>{t("settings.passwordChanged")}</SuccessNote>}
          <div class="row-end">
            <button type="submit" class="btn btn-primary" disabled={password.busy}>
              {t("settings.change")}
            </button>
          </div>
        </form>
      </section>

      <PushDevices />

      <PrivacySettings />

      <EmailChange me={me} />
      <SessionList me={me} />

      <section class="card danger-zone" aria-labelledby="delete-heading">
        <h2 id="delete-heading">{t("settings.deleteHeading")}</h2>
        <p>{t("settings.deleteWarning")}</p>
        {!confirming ? (
          <button type="button" class="btn btn-danger" onClick={() => setConfirming(true)}>
            {t("settings.deleteStart")}
          </button>
        ) : (
          <form
            class="stack"
            onSubmit={(event) => {
              event.preventDefault();
              const data = new FormData(event.currentTarget as HTMLFormElement);
              void removal.run(async () => {
                await call(
                  api.users.me.$delete({
                    json: hasPassword
                      ? { password: String(data.get("password") ?? "") }
                      : { confirm: "DELETE" as const },
                  }),
                );
                endSession();
                navigate("/", true);
              });
            }}
          >
            {hasPassword ? (
              <CurrentPasswordField label={t("settings.deleteConfirmPassword")} />
            ) : (
              <label>
                {t("settings.deleteConfirmText")}
                <input name="confirmText" required pattern="DELETE" autoComplete="off" />
              </label>
            )}
            <FieldError message={removal.error} />
            <div class="row-end">
              <button type="button" class="btn" onClick={() => setConfirming(false)}>
                {t("common.cancel")}
              </button>
              <button type="submit" class="btn btn-danger" disabled={removal.busy}>
                {t("settings.deleteForever")}
              </button>
            </div>
          </form>
        )}
      </section>
    </div>
  );
};
