import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { login, signup } from "../api/auth";
import { api, call } from "../api/client";
import { currentUser } from "../api/session";
import { FieldError } from "../components/States";
import { apiUrl } from "../lib/api-origin";
import { navigate, safeRedirect } from "../lib/nav";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useAction, useLoad } from "../lib/use-load";

const providerLabels: Record<string, string> = { github: "GitHub로 계속하기", google: "Google로 계속하기" };

const oauthErrors: Record<string, string> = {
  access_denied: "소셜 로그인이 취소되었습니다.",
};

/** Social buttons, only for the providers the worker has credentials for. */
const SocialButtons = ({ redirect }: { redirect: string }) => {
  const providers = useLoad(
    async () => (await call(api.auth.providers.$get())).providers as string[],
    "providers",
  );
  if (!providers.data?.length) return null;
  return (
    <div class="social">
      <p class="divider">
        <span>또는</span>
      </p>
      {providers.data.map((provider) => (
        <a
          key={provider}
          class={`btn btn-block btn-${provider}`}
          href={apiUrl(`/api/auth/oauth/${provider}?redirect=${encodeURIComponent(redirect)}`)}
          // `_top` makes the router leave it alone: a full page load, answered with a redirect to the provider.
          target="_top"
        >
          {providerLabels[provider] ?? provider}
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
  useTitle("로그인");
  const { query } = useLocation();
  const redirect = safeRedirect(query.redirect);
  useRedirectWhenSignedIn(redirect);
  const action = useAction();
  const oauthError = query.error ? (oauthErrors[query.error] ?? "소셜 로그인에 실패했습니다.") : null;

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    void action.run(() =>
      login({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") }),
    );
  };

  return (
    <section class="narrow card auth-card" aria-labelledby="login-heading">
      <h1 id="login-heading">로그인</h1>
      <FieldError message={oauthError} />
      <form onSubmit={onSubmit} class="stack">
        <label>
          이메일
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          비밀번호
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <FieldError message={action.error} />
        <button type="submit" class="btn btn-primary btn-block" disabled={action.busy}>
          {action.busy ? "로그인 중…" : "로그인"}
        </button>
      </form>
      <SocialButtons redirect={redirect} />
      <p class="muted center">
        계정이 없나요? <a href={`/signup?redirect=${encodeURIComponent(redirect)}`}>회원가입</a>
      </p>
    </section>
  );
};

export const Signup = () => {
  useTitle("회원가입");
  const { query } = useLocation();
  const redirect = safeRedirect(query.redirect);
  useRedirectWhenSignedIn(redirect);
  const action = useAction();
  const [details, setDetails] = useState<Record<string, string>>({});

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const nickname = String(form.get("nickname") ?? "").trim();
    setDetails({});
    void action.run(async () => {
      try {
        await signup({
          email: String(form.get("email") ?? ""),
          password: String(form.get("password") ?? ""),
          ...(nickname ? { nickname } : {}),
        });
      } catch (error) {
        const found = (error as { details?: { path: string; message: string }[] }).details ?? [];
        setDetails(Object.fromEntries(found.map((detail) => [detail.path, detail.message])));
        throw error;
      }
    });
  };

  return (
    <section class="narrow card auth-card" aria-labelledby="signup-heading">
      <h1 id="signup-heading">회원가입</h1>
      <form onSubmit={onSubmit} class="stack">
        <label>
          이메일
          <input
            name="email"
            type="email"
            autoComplete="email"
            required
            aria-invalid={Boolean(details.email)}
          />
        </label>
        <label>
          닉네임 <span class="muted small">(선택, 30자 이하)</span>
          <input name="nickname" maxLength={30} autoComplete="nickname" />
        </label>
        <label>
          비밀번호 <span class="muted small">(8자 이상)</span>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={8}
            required
            aria-invalid={Boolean(details.password)}
          />
        </label>
        <FieldError message={action.error} />
        <button type="submit" class="btn btn-primary btn-block" disabled={action.busy}>
          {action.busy ? "가입 중…" : "가입하기"}
        </button>
      </form>
      <SocialButtons redirect={redirect} />
      <p class="muted center">
        이미 계정이 있나요? <a href={`/login?redirect=${encodeURIComponent(redirect)}`}>로그인</a>
      </p>
    </section>
  );
};
