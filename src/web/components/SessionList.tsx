import { useState } from "preact/hooks";
import { ApiError, api, call } from "../api/client";
import { endSession } from "../api/session";
import type { Me } from "../api/types";
import { t } from "../i18n";
import { formatRelative } from "../lib/format";
import { navigate } from "../lib/nav";
import { useAction, useLoad } from "../lib/use-load";
import { CurrentPasswordField } from "./PasswordFields";
import { ProviderReauth } from "./ProviderReauth";
import { ErrorBox, FieldError, Loading, SuccessNote } from "./States";

type SessionView = Awaited<ReturnType<typeof loadSessions>>[number];
const loadSessions = async () => (await call(api.users.me.sessions.$get())).items;

const deviceName = ({ device }: SessionView) =>
  [device.browser, device.os].filter(Boolean).join(" · ") || t("trust.unknownDevice");

/**
 * Settings → every signed-in session of the account: end one (no re-authentication: it only signs
 * out), or all but this one, which asks for the password first when the worker says
 * `reauth_required` (a provider sign-in for an account without one).
 */
export const SessionList = ({ me }: { me: Me }) => {
  const sessions = useLoad(loadSessions, "sessions");
  const action = useAction();
  const hasPassword = me.providers.includes("password");
  // A password account always needs its password here, so it is asked for up front.
  const [askPassword, setAskPassword] = useState(hasPassword);
  const [needsProvider, setNeedsProvider] = useState(false);
  const [othersEnded, setOthersEnded] = useState(false);

  const endOthers = (password?: string) =>
    action.run(async () => {
      setOthersEnded(false);
      try {
        await call(api.users.me.sessions.$delete({ json: password === undefined ? {} : { password } }));
      } catch (error) {
        if (error instanceof ApiError && error.code === "reauth_required") {
          if (hasPassword) setAskPassword(true);
          else setNeedsProvider(true);
          return;
        }
        throw error;
      }
      setNeedsProvider(false);
      setOthersEnded(true);
      sessions.reload();
    });

  const endOne = (session: SessionView) =>
    action.run(async () => {
      await call(api.users.me.sessions[":id"].$delete({ param: { id: session.id } }));
      if (session.current) {
        endSession();
        navigate("/login", true);
        return;
      }
      sessions.setData((items) => items?.filter((item) => item.id !== session.id));
    });

  return (
    <section class="card stack" aria-labelledby="sessions-heading" data-testid="sessions">
      <h2 id="sessions-heading">{t("trust.sessionsHeading")}</h2>
      {sessions.error ? (
        <ErrorBox message={sessions.error} onRetry={sessions.reload} />
      ) : !sessions.data ? (
        <Loading />
      ) : (
        <ul class="plain-list stack">
          {sessions.data.map((session) => (
            <li key={session.id} class="row-between" data-testid="session">
              <span>
                {deviceName(session)} {session.current && <span class="badge">{t("trust.thisDevice")}</span>}
                <br />
                <span class="muted small">
                  {session.ipPrefix ?? ""} ·{" "}
                  {t("trust.lastUsed", { time: formatRelative(session.lastUsedAt) })}
                </span>
              </span>
              <button
                type="button"
                class="btn btn-small"
                disabled={action.busy}
                onClick={() => void endOne(session)}
              >
                {t("trust.endOne")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {(sessions.data?.length ?? 0) < 2 ? null : askPassword ? (
        <form
          class="stack"
          onSubmit={(event) => {
            event.preventDefault();
            const data = new FormData(event.currentTarget as HTMLFormElement);
            void endOthers(String(data.get("password") ?? ""));
          }}
        >
          <CurrentPasswordField label={t("trust.reauthPassword")} />
          <div class="row-end">
            <button type="submit" class="btn btn-danger" disabled={action.busy}>
              {t("trust.endOthers")}
            </button>
          </div>
        </form>
      ) : (
        <div class="row-end">
          <button type="button" class="btn" disabled={action.busy} onClick={() => void endOthers()}>
            {t("trust.endOthers")}
          </button>
        </div>
      )}
      {needsProvider && <ProviderReauth me={me} />}
      <FieldError message={action.error} />
      {othersEnded && <SuccessNote>{t("trust.othersEnded")}</SuccessNote>}
    </section>
  );
};
