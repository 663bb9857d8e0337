const SEOUL = "Asia/Seoul";

const dateTime = new Intl.DateTimeFormat("ko-KR", {
  timeZone: SEOUL,
  year: "numeric",
  month: "long",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const timeOnly = new Intl.DateTimeFormat("ko-KR", { timeZone: SEOUL, hour: "2-digit", minute: "2-digit" });
const dayLong = new Intl.DateTimeFormat("ko-KR", {
  timeZone: SEOUL,
  year: "numeric",
  month: "long",
  day: "numeric",
  weekday: "long",
});
const dayKeyFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: SEOUL,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
export const formatTime = (iso: string) => timeOnly.format(new Date(iso));
export const formatDay = (iso: string) => dayLong.format(new Date(iso));
/** `YYYY-MM-DD` in Seoul: groups chat messages by day. */
export const dayKey = (iso: string) => dayKeyFormat.format(new Date(iso));
export const todayInSeoul = () => dayKeyFormat.format(new Date());

/** "방금 전", "5분 전", … then the date. */
export const formatRelative = (iso: string, now = Date.now()) => {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return "방금 전";
  if (seconds < 3600) return `${Math.floor(seconds / 60)}분 전`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}시간 전`;
  if (seconds < 7 * 86400) return `${Math.floor(seconds / 86400)}일 전`;
  return dateTime.format(new Date(iso));
};

export const countLabel = (n: number) => (n > 99 ? "99+" : String(n));
