import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { NICKNAME_MAX } from "../../shared/limits";
import { login, signup } from "../api/auth";
import { ApiError, api, call } from "../api/client";
import { currentUser } from "../api/session";
import { LocaleSwitch } from "../components/LocaleSwitch";
import { CurrentPasswordField, NewPasswordField } from "../components/PasswordFields";
import { FieldError } from "../components/States";
import { t } from "../i18n";
import { apiUrl } from "../lib/api-origin";
import { navigate, safeRedirect } from "../lib/nav";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useAction, useLoad } from "../lib/use-load";

const providerLabel = (provider: string) =>
  provider === "github"
    ? t("auth.continueWithGithub")
    : provider === "google"
      ? t("auth.continueWithGoogle")
      : provider;

const oauthError = (code: string) =>
  code === "access_denied" ? t("auth.oauthCancelled") : t("auth.oauthFailed");

/** Social buttons, only for the providers the worker has credentials for. */
const SocialButtons = ({ redirect }: { redirect: string }) => {
  const providers = useLoad(async () => (await call(api.auth.providers.$get())).providers, "providers");
  if (!providers.data?.length) return null;
  return (
    <div class="social">
      <p class="divider">
        <span>{t("auth.or")}</span>
      </p>
      {providers.data.map((provider) => (
        <a
          key={provider}
          class={`btn btn-block btn-${provider}`}
          href={apiUrl(`/api/auth/oauth/${provider}?redirect=${encodeURIComponent(redirect)}`)}
          // `_top` makes the router leave it alone: a full page load, answered with a redirect to the provider.
          target="_top"
        >
          {providerLabel(provider)}
        </a>
      ))}
    </div>
  );
};

const useRedirectWhenSignedIn = (redirect: string) => {
  const me = useStore(currentUser);
  useEffect(() => {
    if (me) navigate(redirect, true);
  }, [me, redirect]);
};

export const Login = () => {
  useTitle(t("auth.login"));
  const { query } = useLocation();
  const redirect = safeRedirect(query.redirect);
  useRedirectWhenSignedIn(redirect);
  const action = useAction();
  const failure = query.error ? oauthError(query.error) : null;

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    void action.run(() =>
      login({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") }),
    );
  };

  return (
    <section class="narrow card auth-card" aria-labelledby="login-heading">
      <LocaleSwitch />
      <h1 id="login-heading">{t("auth.login")}</h1>
      <FieldError message={failure} />
      <form onSubmit={onSubmit} class="stack">
        <label>
          {t("auth.email")}
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <CurrentPasswordField label={t("auth.password")} />
        <FieldError message={action.error} />
        <button type="submit" class="btn btn-primary btn-block" disabled={action.busy}>
          {action.busy ? t("auth.loggingIn") : t("auth.login")}
        </button>
      </form>
      <p class="center small">
        <a href="/forgot-password">{t("trust.forgotLink")}</a>
      </p>
      <SocialButtons redirect={redirect} />
      <p class="muted center">
        {t("auth.noAccount")}{" "}
        <a href={`/signup?redirect=${encodeURIComponent(redirect)}`}>{t("auth.signup")}</a>
      </p>
    </section>
  );
};

export const Signup = () => {
  useTitle(t("auth.signup"));
  const { query } = useLocation();
  const redirect = safeRedirect(query.redirect);
  useRedirectWhenSignedIn(redirect);
  const action = useAction();
  const [details, setDetails] = useState<Record<string, string>>({});

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const nickname = String(form.get("nickname") ?? "").trim();
    const handle = String(form.get("handle") ?? "").trim();
    setDetails({});
    void action.run(async () => {
      try {
        await signup({
          email: String(form.get("email") ?? ""),
          password: String(form.get("password") ?? ""),
          ...(nickname ? { nickname } : {}),
          ...(handle ? { handle } : {}),
        });
      } catch (error) {
        const found = error instanceof ApiError ? error.details : [];
        setDetails(Object.fromEntries(found.map((detail) => [detail.path, detail.message])));
        throw error;
      }
    });
  };

  return (
    <section class="narrow card auth-card" aria-labelledby="signup-heading">
      <LocaleSwitch />
      <h1 id="signup-heading">{t("auth.signup")}</h1>
      <form onSubmit={onSubmit} class="stack">
        <label>
          {t("auth.email")}
          <input
            name="email"
            type="email"
            autoComplete="email"
            required
            aria-invalid={Boolean(details.email)}
          />
        </label>
        <label>
          {t("auth.nickname")} <span class="muted small">{t("auth.nicknameHint")}</span>
          <input name="nickname" maxLength={NICKNAME_MAX} autoComplete="nickname" />
        </label>
        <label>
          {t("handle.label")} <span class="muted small">{t("handle.hint")}</span>
          <input
            name="handle"
            maxLength={21}
            autoComplete="username"
            autoCapitalize="none"
            spellcheck={false}
            aria-invalid={Boolean(details.handle)}
          />
        </label>
        <FieldError message={details.handle} />
        <NewPasswordField
          name="password"
          label={t("auth.password")}
          hint={t("auth.passwordHint")}
          invalid={Boolean(details.password)}
        />
        <FieldError message={action.error} />
        <button type="submit" class="btn btn-primary btn-block" disabled={action.busy}>
          {action.busy ? t("auth.signingUp") : t("auth.submitSignup")}
        </button>
      </form>
      <SocialButtons redirect={redirect} />
      <p class="muted center">
        {t("auth.haveAccount")}{" "}
        <a href={`/login?redirect=${encodeURIComponent(redirect)}`}>{t("auth.login")}</a>
      </p>
    </section>
  );
};
