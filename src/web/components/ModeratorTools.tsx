import { useId, useState } from "preact/hooks";
import { isModerator, MODERATION_NOTE_MAX, SUSPENSION_DAYS_MAX } from "../../shared/moderation";
import { api, call } from "../api/client";
import { currentUser } from "../api/session";
import { t } from "../i18n";
import { useStore } from "../lib/store";
import { useAction } from "../lib/use-load";
import { FieldError } from "./States";

const DAY_CHOICES = [1, 3, 7, 30, SUSPENSION_DAYS_MAX];

/**
 * On a profile, for moderators and admins (issue 13): suspend (1–365 days or permanently, with a
 * reason) or lift; admins also grant and take the moderator role. The worker refuses acting on an
 * admin or oneself; its answer is shown as it comes.
 */
export const ModeratorTools = ({ userId }: { userId: string }) => {
  const me = useStore(currentUser);
  const action = useAction();
  const [done, setDone] = useState(false);
  const id = useId();
  if (!me || me.id === userId || !isModerator(me.role)) return null;
  const run = (work: () => Promise<unknown>) => {
    setDone(false);
    void action.run(async () => {
      await work();
      setDone(true);
    });
  };
  return (
    <section class="card stack" aria-labelledby={`${id}-heading`} data-testid="moderator-tools">
      <h2 id={`${id}-heading`}>{t("moderatorTools.heading")}</h2>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget as HTMLFormElement);
          const days = String(data.get("days") ?? "7");
          const reason = String(data.get("reason") ?? "").trim();
          run(() =>
            call(
              api.moderation.users[":id"].suspension.$put({
                param: { id: userId },
                json: { days: days === "permanent" ? null : Number(days), reason },
              }),
            ),
          );
        }}
      >
        <label for={`${id}-days`}>{t("moderatorTools.suspendDays")}</label>
        <select id={`${id}-days`} name="days" defaultValue="7">
          {DAY_CHOICES.map((count) => (
            <option key={count} value={String(count)}>
              {t("moderation.daysOption", { count })}
            </option>
          ))}
          <option value="permanent">{t("moderation.permanent")}</option>
        </select>
        <label for={`${id}-reason`}>{t("moderatorTools.suspendReason")}</label>
        <input id={`${id}-reason`} name="reason" required maxLength={MODERATION_NOTE_MAX} />
        <div class="row-end wrap">
          <button
            type="button"
            class="btn"
            disabled={action.busy}
            onClick={() =>
              run(() => call(api.moderation.users[":id"].suspension.$delete({ param: { id: userId } })))
            }
          >
            {t("moderatorTools.lift")}
          </button>
          <button type="submit" class="btn btn-danger" disabled={action.busy}>
            {t("moderatorTools.suspend")}
          </button>
        </div>
      </form>
      {me.role === "admin" && (
        <div class="row-end wrap">
          {(["moderator", "member"] as const).map((role) => (
            <button
              key={role}
              type="button"
              class="btn"
              disabled={action.busy}
              onClick={() =>
                run(() =>
                  call(api.moderation.users[":id"].role.$put({ param: { id: userId }, json: { role } })),
                )
              }
            >
              {role === "moderator" ? t("moderatorTools.grant") : t("moderatorTools.revoke")}
            </button>
          ))}
        </div>
      )}
      <FieldError message={action.error} />
      {done && (
        <p class="success small" role="status">
          {t("moderatorTools.done")}
        </p>
      )}
    </section>
  );
};
