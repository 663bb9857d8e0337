import { useLocation } from "preact-iso";
import { api, call } from "../api/client";
import { ErrorBox, Loading } from "../components/States";
import { t } from "../i18n";
import { formatDateTime } from "../lib/format";
import { navigate } from "../lib/nav";
import { useTitle } from "../lib/title";
import { useLoad } from "../lib/use-load";

/**
 * `/dev/mail` (like Rails' letter_opener): the mails a development worker kept instead of sending,
 * newest first. Anywhere else the outbox answers 404 and the page says so.
 */
export const DevMail = () => {
  useTitle(t("trust.mailTitle"));
  const { query } = useLocation();
  const to = query.to ?? "";
  const mails = useLoad(
    async () => (await call(api.dev.outbox.$get({ query: to ? { to } : {} }))).items,
    `outbox:${to}`,
  );
  return (
    <div class="stack">
      <h1>{t("trust.mailTitle")}</h1>
      <p class="muted small">{t("trust.mailHelp")}</p>
      <form
        class="row-between"
        onSubmit={(event) => {
          event.preventDefault();
          const value = String(new FormData(event.currentTarget as HTMLFormElement).get("to") ?? "").trim();
          navigate(value ? `/dev/mail?to=${encodeURIComponent(value)}` : "/dev/mail");
        }}
      >
        <label>
          <span class="sr-only">{t("trust.mailFilter")}</span>
          <input name="to" type="search" defaultValue={to} placeholder={t("trust.mailFilter")} />
        </label>
        <button type="submit" class="btn">
          {t("trust.mailFilter")}
        </button>
      </form>
      {mails.error ? (
        <ErrorBox message={mails.error} onRetry={mails.reload} />
      ) : !mails.data ? (
        <Loading />
      ) : mails.data.length === 0 ? (
        <p class="muted">{t("trust.mailEmpty")}</p>
      ) : (
        mails.data.map((mail) => (
          <article key={mail.id} class="card stack" data-testid="dev-mail">
            <h2>{mail.subject}</h2>
            <p class="muted small">
              {t("trust.mailTo")}: {mail.to} · {formatDateTime(mail.createdAt)}
            </p>
            {/* md-breaks: the mail's own line breaks, wrapped at the card's edge. */}
            <div class="md-breaks">
              <p>{mail.text}</p>
            </div>
            <ul class="plain-list">
              {mail.links.map((link) => (
                <li key={link}>
                  <a href={link}>{link}</a>
                </li>
              ))}
            </ul>
          </article>
        ))
      )}
    </div>
  );
};
