import { intlLocale, type Locale, locale, t } from "../i18n";

const SEOUL = "Asia/Seoul";

/** Builds a formatter on first use only: each costs ICU work, and most pages need one or two. */
const once = <T>(make: () => T) => {
  let made: T | undefined;
  return () => {
    made ??= make();
    return made;
  };
};

/** Formatters per UI language, each built when first used; every date and time is shown in Seoul's time zone. */
const build = (tag: string) => ({
  dateTime: once(
    () =>
      new Intl.DateTimeFormat(tag, {
        timeZone: SEOUL,
        year: "numeric",
        month: "long",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
      }),
  ),
  timeOnly: once(() => new Intl.DateTimeFormat(tag, { timeZone: SEOUL, hour: "2-digit", minute: "2-digit" })),
  dayLong: once(
    () =>
      new Intl.DateTimeFormat(tag, {
        timeZone: SEOUL,
        year: "numeric",
        month: "long",
        day: "numeric",
        weekday: "long",
      }),
  ),
});
const cache = new Map<Locale, ReturnType<typeof build>>();
const formats = () => {
  const current = locale.get();
  let found = cache.get(current);
  if (!found) {
    found = build(intlLocale());
    cache.set(current, found);
  }
  return found;
};

const dayKeyFormat = once(
  () =>
    new Intl.DateTimeFormat("en-CA", {
      timeZone: SEOUL,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }),
);

export const formatDateTime = (iso: string) => formats().dateTime().format(new Date(iso));
export const formatTime = (iso: string) => formats().timeOnly().format(new Date(iso));
export const formatDay = (iso: string) => formats().dayLong().format(new Date(iso));
/** `YYYY-MM-DD` in Seoul: groups chat messages by day. */
export const dayKey = (iso: string) => dayKeyFormat().format(new Date(iso));
export const todayInSeoul = () => dayKeyFormat().format(new Date());

/** "just now", "5 minutes ago", … for a week, then the date. */
export const formatRelative = (iso: string, now = Date.now()) => {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  // "5분 전" / "5 minutes ago" from the catalogue, as Intl.RelativeTimeFormat would say them: building
  // that formatter (ICU data) took ~35 ms of a phone's first render of the feed.
  if (seconds < 60) return t("time.justNow");
  if (seconds < 3600) return t("time.minutesAgo", { count: Math.floor(seconds / 60) });
  if (seconds < 86400) return t("time.hoursAgo", { count: Math.floor(seconds / 3600) });
  if (seconds < 7 * 86400) return t("time.daysAgo", { count: Math.floor(seconds / 86400) });
  return formats().dateTime().format(new Date(iso));
};

export const countLabel = (n: number) => (n > 99 ? "99+" : String(n));
