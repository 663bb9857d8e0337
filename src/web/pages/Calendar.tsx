import { useState } from "preact/hooks";
import { api, call } from "../api/client";
import type { CalendarItem } from "../api/types";
import { ErrorBox, FieldError, Loading } from "../components/States";
import { t } from "../i18n";
import { dayKey, formatDay } from "../lib/format";
import { useTitle } from "../lib/title";
import { useAction, useLoad } from "../lib/use-load";

/** The caller's upcoming meetings across studies, by day, and their `.ics` subscription address. */
export const Calendar = () => {
  useTitle(t("calendar.title"));
  const sessions = useLoad(
    async () => (await call(api.users.me.calendar.$get({ query: {} }))).items,
    "calendar",
  );
  const feed = useLoad(async () => await call(api.users.me["calendar-feed"].$get()), "calendar-feed");
  const action = useAction();
  const [freshUrl, setFreshUrl] = useState<string | null>(null);

  const days = new Map<string, CalendarItem[]>();
  for (const item of sessions.data ?? []) {
    const key = dayKey(item.startsAt);
    days.set(key, [...(days.get(key) ?? []), item]);
  }

  return (
    <div class="narrow stack">
      <h1>{t("calendar.title")}</h1>
      {sessions.error ? (
        <ErrorBox message={sessions.error} onRetry={sessions.reload} />
      ) : sessions.loading && !sessions.data ? (
        <Loading />
      ) : days.size === 0 ? (
        <p class="muted">{t("calendar.empty")}</p>
      ) : (
        <ol class="plain-list stack" data-testid="calendar">
          {[...days].map(([day, items]) => (
            <li key={day} class="card">
              <h2 class="calendar-day">{formatDay(items[0]?.startsAt ?? day)}</h2>
              <ul class="plain-list">
                {items.map((item) => (
                  <li key={item.id}>
                    <a href={`/studies/${item.studyId}#session-${item.id}`}>
                      {item.startTime}–{item.endTime} · {item.studyTitle} · {item.title}
                    </a>
                    {item.myRsvp === "going" && <span class="badge badge-member">{t("sessions.going")}</span>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}

      <section class="card stack" aria-labelledby="feed-heading">
        <h2 id="feed-heading">{t("calendar.feedHeading")}</h2>
        <p class="muted small">{t("calendar.feedHelp")}</p>
        {freshUrl ? (
          <>
            <input readOnly value={freshUrl} aria-label={t("calendar.feedHeading")} data-testid="feed-url" />
            <p class="small">{t("calendar.feedCopyNow")}</p>
          </>
        ) : (
          <p>{feed.data?.active ? t("calendar.feedActive") : t("calendar.feedNone")}</p>
        )}
        <div class="row-end">
          {feed.data?.active && (
            <button
              type="button"
              class="btn"
              disabled={action.busy}
              onClick={() =>
                void action.run(async () => {
                  await call(api.users.me["calendar-feed"].$delete());
                  setFreshUrl(null);
                  feed.reload();
                })
              }
            >
              {t("calendar.feedDelete")}
            </button>
          )}
          <button
            type="button"
            class="btn btn-primary"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                const { url } = await call(api.users.me["calendar-feed"].$post());
                setFreshUrl(url);
                feed.reload();
              })
            }
          >
            {feed.data?.active ? t("calendar.feedRegenerate") : t("calendar.feedCreate")}
          </button>
        </div>
        <FieldError message={action.error} />
      </section>
    </div>
  );
};
