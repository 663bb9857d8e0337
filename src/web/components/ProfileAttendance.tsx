import { api, call } from "../api/client";
import { t } from "../i18n";
import { useLoad } from "../lib/use-load";

/** A member's attendance rate and streak in each of their studies, on their profile. */
export const ProfileAttendance = ({ userId }: { userId: string }) => {
  const rows = useLoad(
    async () => (await call(api.users[":id"].attendance.$get({ param: { id: userId } }))).items,
    `${userId}:attendance`,
  );
  const counted = (rows.data ?? []).filter((row) => row.rate !== null);
  if (counted.length === 0) return null;
  return (
    <section class="card" aria-labelledby="attendance-heading" data-testid="profile-attendance">
      <h2 id="attendance-heading">{t("sessions.attendance")}</h2>
      <ul class="plain-list">
        {counted.map((row) => (
          <li key={row.study.id} class="row-between">
            <a href={`/studies/${row.study.id}`}>{row.study.title}</a>
            <span class="small">
              {t("sessions.attendanceRate", { rate: row.rate ?? 0 })} ({row.attended}/{row.total})
              {row.currentStreak > 1 && ` · ${t("sessions.streak", { count: row.currentStreak })}`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
};
