import { useId, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { LogEntry } from "../../features/moderation/log";
import type { Report } from "../../features/moderation/reports";
import { isModerator, MODERATION_NOTE_MAX, SUSPENSION_DAYS_MAX } from "../../shared/moderation";
import { api, call } from "../api/client";
import { currentUser } from "../api/session";
import { Empty, ErrorBox, FieldError, ListFoot, Loading } from "../components/States";
import { Tabs } from "../components/Tabs";
import { UserLink } from "../components/UserLink";
import { t } from "../i18n";
import { formatDateTime } from "../lib/format";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useAction, useCursorList } from "../lib/use-load";

type Tab = "open" | "resolved" | "log";
type Target = Report["target"];

const typeLabel = (type: Target["type"]) =>
  type === "post"
    ? t("moderation.typePost")
    : type === "comment"
      ? t("moderation.typeComment")
      : type === "message"
        ? t("moderation.typeMessage")
        : t("moderation.typeUser");

/** Where the reported thing can be opened (a message is shown in its context here instead). */
const hrefOf = (target: Target): string | null =>
  target.type === "post"
    ? `/posts/${target.id}`
    : target.type === "comment" && target.postId
      ? `/posts/${target.postId}`
      : target.type === "user"
        ? `/users/${target.id}`
        : null;

/** What a hide or unhide names: a message also names its room. */
const refOf = (target: Target) =>
  target.type === "message"
    ? { type: "message" as const, id: target.id, roomId: target.roomId ?? "" }
    : { type: target.type, id: target.id };

/** The open reports of one page, one group per target, in the queue's order. */
const groupByTarget = (reports: Report[]) => {
  const groups = new Map<string, Report[]>();
  for (const report of reports) {
    const key = `${report.target.type}:${report.target.id}`;
    groups.set(key, [...(groups.get(key) ?? []), report]);
  }
  return [...groups.values()];
};

const SUSPEND_CHOICES = [1, 3, 7, 30, SUSPENSION_DAYS_MAX];

const TargetView = ({ target }: { target: Target }) => {
  const href = hrefOf(target);
  return (
    <div class="stack">
      <p>
        <span class="badge">{typeLabel(target.type)}</span>{" "}
        {target.postTitle && <span class="muted small">{target.postTitle}</span>}
      </p>
      <blockquote class="report-preview" data-testid="report-preview">
        {target.preview}
      </blockquote>
      {target.context && target.context.length > 0 && (
        <details>
          <summary>{t("moderation.context")}</summary>
          <ol class="report-context">
            {target.context.map((message) => (
              <li key={message.id} class={message.id === target.id ? "reported" : undefined}>
                <strong>{message.sender.nickname}</strong>: {message.deleted ? "—" : message.body}
              </li>
            ))}
          </ol>
        </details>
      )}
      <p class="small">
        {target.author && (
          <>
            {t("moderation.author")}: <UserLink user={target.author} size={24} />{" "}
          </>
        )}
        {href && <a href={href}>{t("moderation.openTarget")}</a>}
      </p>
    </div>
  );
};

/** One target with its open reports and the one-click actions (each resolves them all). */
const OpenGroup = ({ reports, onDone }: { reports: Report[]; onDone: () => void }) => {
  const first = reports[0];
  const action = useAction();
  const [days, setDays] = useState<string>("7");
  const [note, setNote] = useState("");
  const id = useId();
  if (!first) return null;
  const resolve = (choice: "dismiss" | "hide" | "suspend") =>
    void action.run(async () => {
      const trimmed = note.trim();
      const base = { action: choice, ...(trimmed ? { note: trimmed } : {}) };
      await call(
        api.moderation.reports[":id"].resolve.$post({
          param: { id: first.id },
          json: choice === "suspend" ? { ...base, days: days === "permanent" ? null : Number(days) } : base,
        }),
      );
      onDone();
    });
  return (
    <li class="card stack report-group" data-testid="report-group">
      <p class="row-between">
        <strong>{t("moderation.reportCount", { count: first.reportCount })}</strong>
        <time class="muted small" dateTime={first.createdAt}>
          {formatDateTime(first.createdAt)}
        </time>
      </p>
      <TargetView target={first.target} />
      <ul class="report-reasons small">
        {reports.map((report) => (
          <li key={report.id}>
            <span class="badge">{t(`moderation.reasons.${report.reason}`)}</span>{" "}
            {report.reporter && t("moderation.reportedBy", { name: report.reporter.nickname })}
            {report.note && <span> — {report.note}</span>}
          </li>
        ))}
      </ul>
      <form class="stack" onSubmit={(event) => event.preventDefault()}>
        <label for={`${id}-note`}>{t("moderation.note")}</label>
        <textarea
          id={`${id}-note`}
          name="note"
          rows={2}
          maxLength={MODERATION_NOTE_MAX}
          value={note}
          onInput={(event) => setNote(event.currentTarget.value)}
        />
        <div class="row-end wrap">
          <button type="button" onClick={() => resolve("dismiss")} class="btn" disabled={action.busy}>
            {t("moderation.dismiss")}
          </button>
          {first.target.type !== "user" && (
            <button type="button" onClick={() => resolve("hide")} class="btn" disabled={action.busy}>
              {t("moderation.hide")}
            </button>
          )}
          <label class="inline-select">
            <span class="sr-only">{t("moderation.days")}</span>
            <select value={days} onChange={(event) => setDays(event.currentTarget.value)}>
              {SUSPEND_CHOICES.map((count) => (
                <option key={count} value={String(count)}>
                  {t("moderation.daysOption", { count })}
                </option>
              ))}
              <option value="permanent">{t("moderation.permanent")}</option>
            </select>
          </label>
          <button
            type="button"
            onClick={() => resolve("suspend")}
            class="btn btn-danger"
            disabled={action.busy}
          >
            {t("moderation.suspend")}
          </button>
        </div>
        <FieldError message={action.error} />
      </form>
    </li>
  );
};

const actionName = (action: string) =>
  action === "hide"
    ? t("moderation.actionHide")
    : action === "suspend"
      ? t("moderation.actionSuspend")
      : t("moderation.actionDismiss");

const ResolvedItem = ({ report }: { report: Report }) => {
  const action = useAction();
  const [undone, setUndone] = useState(false);
  const resolution = report.resolution;
  return (
    <li class="card stack" data-testid="resolved-report">
      <TargetView target={report.target} />
      {resolution && (
        <p class="small">
          {t("moderation.resolvedAs", {
            action: actionName(resolution.action),
            name: resolution.moderator?.nickname ?? "—",
          })}{" "}
          · <time dateTime={resolution.at}>{formatDateTime(resolution.at)}</time>
          {resolution.note && <span> — {resolution.note}</span>}
        </p>
      )}
      {resolution?.action === "hide" && !undone && (
        <div class="row-end">
          <button
            type="button"
            class="btn"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                await call(api.moderation.unhide.$post({ json: { target: refOf(report.target) } }));
                setUndone(true);
              })
            }
          >
            {t("moderation.undoHide")}
          </button>
        </div>
      )}
      <FieldError message={action.error} />
    </li>
  );
};

const LogItem = ({ entry }: { entry: LogEntry }) => (
  <li class="log-entry small">
    <time class="muted" dateTime={entry.createdAt}>
      {formatDateTime(entry.createdAt)}
    </time>{" "}
    <strong>{entry.actor?.nickname ?? "—"}</strong> {t(`moderation.log.${entry.action}`)} ·{" "}
    {typeLabel(entry.target.type === "report" ? "post" : entry.target.type)} <code>{entry.target.id}</code>
    {entry.note && <span> — {entry.note}</span>}
  </li>
);

const ReportQueue = ({ status }: { status: "open" | "resolved" }) => {
  const list = useCursorList<Report>(
    (cursor) =>
      call(
        api.moderation.reports.$get({
          query: cursor ? { status, cursor, limit: "50" } : { status, limit: "50" },
        }),
      ),
    status,
  );
  if (list.error) return <ErrorBox message={list.error} onRetry={list.reload} />;
  if (list.loading && list.items.length === 0) return <Loading />;
  if (list.items.length === 0)
    return <Empty>{status === "open" ? t("moderation.empty") : t("moderation.emptyResolved")}</Empty>;
  return (
    <>
      <ul class="stack plain-list">
        {status === "open"
          ? groupByTarget(list.items).map((reports) => (
              <OpenGroup key={reports[0]?.id} reports={reports} onDone={list.reload} />
            ))
          : list.items.map((report) => <ResolvedItem key={report.id} report={report} />)}
      </ul>
      <ListFoot list={list} />
    </>
  );
};

const ModerationLog = () => {
  const list = useCursorList<LogEntry>(
    (cursor) => call(api.moderation.log.$get({ query: cursor ? { cursor, limit: "50" } : { limit: "50" } })),
    "log",
  );
  if (list.error) return <ErrorBox message={list.error} onRetry={list.reload} />;
  if (list.loading && list.items.length === 0) return <Loading />;
  if (list.items.length === 0) return <Empty>{t("moderation.emptyLog")}</Empty>;
  return (
    <>
      <ul class="stack plain-list">
        {list.items.map((entry) => (
          <LogItem key={entry.id} entry={entry} />
        ))}
      </ul>
      <ListFoot list={list} />
    </>
  );
};

/** `/moderation`: the review queue, resolved reports and the audit log (moderators and admins). */
export const Moderation = () => {
  useTitle(t("moderation.title"));
  const me = useStore(currentUser);
  const { query } = useLocation();
  const tab: Tab = query.tab === "resolved" || query.tab === "log" ? query.tab : "open";
  if (!me) return null;
  if (!isModerator(me.role)) return <ErrorBox message={t("errors.forbidden")} />;
  return (
    <div class="narrow stack">
      <h1>{t("moderation.title")}</h1>
      <Tabs
        label={t("moderation.title")}
        active={tab}
        items={[
          { id: "open", label: t("moderation.tabOpen"), href: "/moderation" },
          { id: "resolved", label: t("moderation.tabResolved"), href: "/moderation?tab=resolved" },
          { id: "log", label: t("moderation.tabLog"), href: "/moderation?tab=log" },
        ]}
      />
      {tab === "log" ? <ModerationLog /> : <ReportQueue key={tab} status={tab} />}
    </div>
  );
};
