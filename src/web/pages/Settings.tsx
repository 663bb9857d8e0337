import { useState } from "preact/hooks";
import { api, call } from "../api/client";
import { currentUser, endSession } from "../api/session";
import { FieldError } from "../components/States";
import { navigate } from "../lib/nav";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useAction } from "../lib/use-load";

const providerNames: Record<string, string> = {
  password: "이메일·비밀번호",
  github: "GitHub",
  google: "Google",
};

export const Settings = () => {
  useTitle("설정");
  const me = useStore(currentUser);
  const password = useAction();
  const removal = useAction();
  const [passwordDone, setPasswordDone] = useState(false);
  const [confirming, setConfirming] = useState(false);
  if (!me) return null;
  const hasPassword = me.providers.includes("password");

  return (
    <div class="narrow stack">
      <h1>설정</h1>
      <section class="card" aria-labelledby="account-heading">
        <h2 id="account-heading">계정</h2>
        <dl class="facts">
          <dt>이메일</dt>
          <dd>{me.email}</dd>
          <dt>연결된 로그인</dt>
          <dd>
            <ul class="tag-list">
              {me.providers.map((provider) => (
                <li key={provider} class="badge">
                  {providerNames[provider] ?? provider}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>

      <section class="card" aria-labelledby="password-heading">
        <h2 id="password-heading">{hasPassword ? "비밀번호 변경" : "비밀번호 설정"}</h2>
        <form
          class="stack"
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget as HTMLFormElement;
            const data = new FormData(form);
            const newPassword = String(data.get("newPassword") ?? "");
            if (newPassword !== String(data.get("confirmPassword") ?? "")) {
              password.setError("새 비밀번호가 서로 다릅니다.");
              return;
            }
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
            <label>
              현재 비밀번호
              <input name="currentPassword" type="password" autoComplete="current-password" required />
            </label>
          )}
          <label>
            새 비밀번호 <span class="muted small">(8자 이상)</span>
            <input name="newPassword" type="password" autoComplete="new-password" minLength={8} required />
          </label>
          <label>
            새 비밀번호 확인
            <input
              name="confirmPassword"
              type="password"
              autoComplete="new-password"
              minLength={8}
              required
            />
          </label>
          <FieldError message={password.error} />
          {passwordDone && (
            <p class="success" role="status">
              비밀번호를 바꿨습니다. 다른 기기의 로그인은 해제되었습니다.
            </p>
          )}
          <div class="row-end">
            <button type="submit" class="btn btn-primary" disabled={password.busy}>
              변경
            </button>
          </div>
        </form>
      </section>

      <section class="card danger-zone" aria-labelledby="delete-heading">
        <h2 id="delete-heading">계정 삭제</h2>
        <p>
          글, 댓글, 좋아요, 팔로우, 스터디 참여, 메시지, 알림과 올린 이미지가 모두 지워지며 되돌릴 수
          없습니다.
        </p>
        {!confirming ? (
          <button type="button" class="btn btn-danger" onClick={() => setConfirming(true)}>
            계정 삭제…
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
              <label>
                확인을 위해 비밀번호를 입력하세요
                <input name="password" type="password" autoComplete="current-password" required />
              </label>
            ) : (
              <label>
                확인을 위해 DELETE 를 입력하세요
                <input name="confirmText" required pattern="DELETE" autoComplete="off" />
              </label>
            )}
            <FieldError message={removal.error} />
            <div class="row-end">
              <button type="button" class="btn" onClick={() => setConfirming(false)}>
                취소
              </button>
              <button type="submit" class="btn btn-danger" disabled={removal.busy}>
                영구 삭제
              </button>
            </div>
          </form>
        )}
      </section>
    </div>
  );
};
