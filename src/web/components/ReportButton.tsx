import { useId, useState } from "preact/hooks";
import { REPORT_NOTE_MAX, reportReasons } from "../../shared/moderation";
import { api, call } from "../api/client";
import { currentUser } from "../api/session";
import { t } from "../i18n";
import { useStore } from "../lib/store";
import { useAction } from "../lib/use-load";
import { FieldError } from "./States";

type ReportTarget =
  | { type: "post" | "comment" | "user"; id: string }
  | { type: "message"; id: string; roomId: string };

/**
 * "Report" and its small form (reason, optional note), for a post, comment, chat message or user
 * (issue 13). Hidden for signed-out visitors and for one's own content (`authorId`).
 */
export const ReportButton = ({ target, authorId }: { target: ReportTarget; authorId: string }) => {
  const me = useStore(currentUser);
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState(false);
  const action = useAction();
  const id = useId();
  if (!me || me.id === authorId) return null;
  if (sent) {
    return (
      <p class="success small" role="status">
        {t("report.sent")}
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" class="btn btn-quiet" onClick={() => setOpen(true)} data-testid="report-button">
        {t("report.button")}
      </button>
    );
  }
  return (
    <form
      class="report-form stack"
      aria-label={t("report.title")}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget as HTMLFormElement);
        const reason = reportReasons.find((known) => known === data.get("reason")) ?? "other";
        const note = String(data.get("note") ?? "").trim();
        void action.run(async () => {
          await call(api.reports.$post({ json: note ? { target, reason, note } : { target, reason } }));
          setSent(true);
        });
      }}
    >
      <label for={`${id}-reason`}>{t("report.reason")}</label>
      <select id={`${id}-reason`} name="reason" required>
        {reportReasons.map((reason) => (
          <option key={reason} value={reason}>
            {t(`moderation.reasons.${reason}`)}
          </option>
        ))}
      </select>
      <label for={`${id}-note`}>{t("report.note")}</label>
      <textarea id={`${id}-note`} name="note" rows={2} maxLength={REPORT_NOTE_MAX} />
      <FieldError message={action.error} />
      <div class="row-end">
        <button type="button" class="btn" onClick={() => setOpen(false)}>
          {t("common.cancel")}
        </button>
        <button type="submit" class="btn btn-danger" disabled={action.busy}>
          {t("report.submit")}
        </button>
      </div>
    </form>
  );
};
