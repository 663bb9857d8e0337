import { useEffect, useState } from "preact/hooks";
import {
  SESSION_AGENDA_MAX,
  SESSION_PLACE_MAX,
  SESSION_REPEAT_WEEKS_MAX,
  SESSION_TITLE_MAX,
  SESSION_URL_MAX,
} from "../../shared/limits";
import { api, call } from "../api/client";
import { liveNotifications } from "../api/inbox";
import type { Session, StudyDetail, UserCard } from "../api/types";
import { t } from "../i18n";
import { formatDay, formatTime } from "../lib/format";
import { useStore } from "../lib/store";
import { useAction, useLoad } from "../lib/use-load";
import { Markdown } from "./markdown/Markdown";
import { ErrorBox, FieldError, Loading } from "./States";

type RsvpStatus = NonNullable<Session["myRsvp"]>;
const RSVP_CHOICES: { status: RsvpStatus; label: () => string }[] = [
  { status: "going", label: () => t("sessions.going") },
  { status: "maybe", label: () => t("sessions.maybe") },
  { status: "not_going", label: () => t("sessions.notGoing") },
];

const sessionList = async (studyId: string, when: "upcoming" | "past") =>
  (await call(api.studies[":id"].sessions.$get({ param: { id: studyId }, query: { when, limit: "50" } })))
    .items;

/** The form for a new meeting, or an edit of one (then `session` is given and `repeatWeeks` hidden). */
const SessionForm = ({
  studyId,
  session,
  onDone,
}: {
  studyId: string;
  session?: Session;
  onDone: () => void;
}) => {
  const action = useAction();
  return (
    <form
      class="stack session-form"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget as HTMLFormElement);
        const text = (name: string) => String(data.get(name) ?? "");
        const fields = {
          title: text("title"),
          date: text("date"),
          startTime: text("startTime"),
          endTime: text("endTime"),
          place: text("place") || null,
          onlineUrl: text("onlineUrl") || null,
          agenda: text("agenda"),
        };
        void action.run(async () => {
          if (session) {
            await call(
              api.sessions[":id"].$patch({
                param: { id: session.id },
                json: { ...fields, scope: data.get("following") ? "following" : "one" },
              }),
            );
          } else {
            await call(
              api.studies[":id"].sessions.$post({
                param: { id: studyId },
                json: { ...fields, repeatWeeks: Number(text("repeatWeeks") || "1") },
              }),
            );
          }
          onDone();
        });
      }}
    >
      <label>
        {t("sessions.title")}
        <input name="title" required maxLength={SESSION_TITLE_MAX} defaultValue={session?.title} />
      </label>
      <div class="form-row">
        <label>
          {t("sessions.date")}
          <input name="date" type="date" required defaultValue={session?.date} />
        </label>
        <label>
          {t("sessions.startTime")}
          <input name="startTime" type="time" required defaultValue={session?.startTime ?? "19:00"} />
        </label>
        <label>
          {t("sessions.endTime")}
          <input name="endTime" type="time" required defaultValue={session?.endTime ?? "21:00"} />
        </label>
      </div>
      <p class="muted small">{t("sessions.timezoneHint")}</p>
      <label>
        {t("sessions.place")} <span class="muted small">{t("common.optional")}</span>
        <input name="place" maxLength={SESSION_PLACE_MAX} defaultValue={session?.place ?? ""} />
      </label>
      <label>
        {t("sessions.onlineUrl")} <span class="muted small">{t("common.optional")}</span>
        <input
          name="onlineUrl"
          type="url"
          maxLength={SESSION_URL_MAX}
          defaultValue={session?.onlineUrl ?? ""}
        />
      </label>
      <label>
        {t("sessions.agenda")} <span class="muted small">{t("sessions.agendaHint")}</span>
        <textarea name="agenda" rows={4} maxLength={SESSION_AGENDA_MAX} defaultValue={session?.agenda} />
      </label>
      {session ? (
        session.seriesId && (
          <label class="checkbox">
            <input type="checkbox" name="following" /> {t("sessions.applyFollowing")}
          </label>
        )
      ) : (
        <label>
          {t("sessions.repeatWeeks")} <span class="muted small">{t("sessions.repeatHint")}</span>
          <input name="repeatWeeks" type="number" min={1} max={SESSION_REPEAT_WEEKS_MAX} defaultValue="1" />
        </label>
      )}
      <FieldError message={action.error} />
      <div class="row-end">
        <button type="submit" class="btn btn-primary" disabled={action.busy}>
          {t("common.save")}
        </button>
      </div>
    </form>
  );
};

/** Who answered, who was there; the leader marks members present from here. */
const SessionPeople = ({
  session,
  members,
  leader,
  onChange,
}: {
  session: Session;
  members: UserCard[];
  leader: boolean;
  onChange: () => void;
}) => {
  const detail = useLoad(
    async () => await call(api.sessions[":id"].$get({ param: { id: session.id } })),
    `${session.id}:${session.updatedAt}:${session.attendeeCount}`,
  );
  const action = useAction();
  if (detail.loading && !detail.data) return <Loading />;
  if (detail.error) return <ErrorBox message={detail.error} onRetry={detail.reload} />;
  const data = detail.data;
  if (!data) return null;
  const going = data.rsvps.filter((rsvp) => rsvp.status === "going");
  const present = new Set(data.attendance.map((row) => row.user.id));
  const mark = (userId: string, on: boolean) =>
    action.run(async () => {
      const param = { id: session.id, userId };
      if (on) await call(api.sessions[":id"].attendance[":userId"].$put({ param }));
      else await call(api.sessions[":id"].attendance[":userId"].$delete({ param }));
      detail.reload();
      onChange();
    });
  return (
    <div class="stack session-people">
      <h4>{t("sessions.whoIsComing")}</h4>
      {going.length === 0 ? (
        <p class="muted small">{t("sessions.nobodyYet")}</p>
      ) : (
        <ul class="tag-list" data-testid="going-list">
          {going.map((rsvp) => (
            <li key={rsvp.user.id} class="badge">
              {rsvp.user.nickname}
            </li>
          ))}
        </ul>
      )}
      <h4>{t("sessions.attendance")}</h4>
      <ul class="plain-list attendance-list">
        {(leader ? members : data.attendance.map((row) => row.user)).map((member) => (
          <li key={member.id} class="row-between">
            <span>
              {member.nickname}
              {present.has(member.id) && <span class="badge badge-member">{t("sessions.checkedIn")}</span>}
            </span>
            {leader && (
              <button
                type="button"
                class="btn btn-small"
                disabled={action.busy || session.status === "cancelled"}
                onClick={() => void mark(member.id, !present.has(member.id))}
              >
                {present.has(member.id) ? t("sessions.unmark") : t("sessions.markPresent")}
              </button>
            )}
          </li>
        ))}
      </ul>
      <FieldError message={action.error} />
    </div>
  );
};

const SessionCard = ({
  session,
  study,
  leader,
  onChange,
}: {
  session: Session;
  study: StudyDetail;
  leader: boolean;
  onChange: () => void;
}) => {
  const action = useAction();
  const [editing, setEditing] = useState(false);
  const [showPeople, setShowPeople] = useState(false);
  const member = study.isMember;
  const live = session.status === "upcoming" || session.status === "ongoing";
  const run = (request: () => Promise<unknown>) =>
    action.run(async () => {
      await request();
      onChange();
    });
  const param = { id: session.id };
  const cancel = () => {
    if (!confirm(t("sessions.confirmCancel"))) return;
    const scope = session.seriesId && confirm(t("sessions.confirmCancelSeries")) ? "following" : "one";
    void run(() => call(api.sessions[":id"].$delete({ param, query: { scope } })));
  };

  return (
    <li id={`session-${session.id}`} class="card session-card" data-testid="session">
      <div class="row-between">
        <h3 class="session-title">{session.title}</h3>
        <span class="study-badges">
          {session.seriesId && <span class="badge">{t("sessions.weekly")}</span>}
          {session.status === "cancelled" && <span class="badge badge-warn">{t("sessions.cancelled")}</span>}
          {session.status === "ongoing" && (
            <span class="badge status-recruiting">{t("sessions.ongoing")}</span>
          )}
        </span>
      </div>
      <p class="session-when">
        <time dateTime={session.startsAt}>{formatDay(session.startsAt)}</time> {session.startTime}–
        {session.endTime}
      </p>
      {session.place && <p class="muted">{session.place}</p>}
      {session.onlineUrl && (
        <p>
          <a href={session.onlineUrl} target="_blank" rel="noopener noreferrer nofollow">
            {t("sessions.joinLink")}
          </a>
        </p>
      )}
      {/* Plain text until the shared Markdown renderer (#14) is on main. */}
      {session.agenda && <Markdown source={session.agenda} breaks class="session-agenda" />}
      <p class="muted small" data-testid="rsvp-counts">
        {t("sessions.counts", {
          going: session.rsvpCounts.going,
          maybe: session.rsvpCounts.maybe,
          notGoing: session.rsvpCounts.notGoing,
        })}
        {session.attendeeCount > 0 && ` · ${t("sessions.attendees", { count: session.attendeeCount })}`}
      </p>
      {member && live && (
        <fieldset class="rsvp">
          <legend class="sr-only">{t("sessions.myAnswer")}</legend>
          {RSVP_CHOICES.map((choice) => (
            <button
              key={choice.status}
              type="button"
              class="btn btn-small"
              aria-pressed={session.myRsvp === choice.status}
              disabled={action.busy}
              onClick={() =>
                void run(() =>
                  call(api.sessions[":id"].rsvp.$put({ param, json: { status: choice.status } })),
                )
              }
            >
              {choice.label()}
            </button>
          ))}
        </fieldset>
      )}
      {member && session.checkIn?.open && (
        <p class="check-in" role="status">
          {t("sessions.checkInOpenUntil", { time: formatTime(session.checkIn.closesAt) })}{" "}
          {session.checkedIn ? (
            <span class="badge badge-member">{t("sessions.checkedIn")}</span>
          ) : (
            <button
              type="button"
              class="btn btn-primary btn-small"
              disabled={action.busy}
              onClick={() => void run(() => call(api.sessions[":id"]["check-in"].$post({ param })))}
            >
              {t("sessions.checkIn")}
            </button>
          )}
        </p>
      )}
      {!session.checkIn?.open && session.checkedIn && (
        <p class="badge badge-member">{t("sessions.checkedIn")}</p>
      )}
      <div class="post-actions">
        {leader && live && !session.checkIn?.open && (
          <button
            type="button"
            class="btn btn-small"
            disabled={action.busy}
            onClick={() =>
              void run(() =>
                call(api.sessions[":id"]["check-in"].open.$post({ param, json: { minutes: 30 } })),
              )
            }
          >
            {t("sessions.openCheckIn")}
          </button>
        )}
        {leader && session.checkIn?.open && (
          <button
            type="button"
            class="btn btn-small"
            disabled={action.busy}
            onClick={() => void run(() => call(api.sessions[":id"]["check-in"].close.$post({ param })))}
          >
            {t("sessions.closeCheckIn")}
          </button>
        )}
        {member && (
          <button
            type="button"
            class="btn btn-small"
            aria-expanded={showPeople}
            onClick={() => setShowPeople((open) => !open)}
          >
            {t("sessions.whoIsComing")}
          </button>
        )}
        {leader && session.status !== "cancelled" && (
          <>
            <button type="button" class="btn btn-small" onClick={() => setEditing((open) => !open)}>
              {t("sessions.editSession")}
            </button>
            <button type="button" class="btn btn-small btn-danger" disabled={action.busy} onClick={cancel}>
              {t("sessions.cancelSession")}
            </button>
          </>
        )}
      </div>
      <FieldError message={action.error} />
      {editing && (
        <SessionForm
          studyId={study.id}
          session={session}
          onDone={() => {
            setEditing(false);
            onChange();
          }}
        />
      )}
      {showPeople && member && (
        <SessionPeople session={session} members={study.members} leader={leader} onChange={onChange} />
      )}
    </li>
  );
};

/**
 * The study page's meetings: upcoming ones with RSVP and check-in, past ones on request, and the
 * leader's form for a new (weekly) meeting. A `study_session` notification for this study that
 * arrives live reloads the lists.
 */
export const StudySessions = ({
  study,
  leader,
  onAttendanceChange,
}: {
  study: StudyDetail;
  leader: boolean;
  onAttendanceChange: () => void;
}) => {
  const [showPast, setShowPast] = useState(false);
  const [creating, setCreating] = useState(false);
  const [round, setRound] = useState(0);
  const upcoming = useLoad(() => sessionList(study.id, "upcoming"), `${study.id}:${study.isMember}:${round}`);
  const past = useLoad(
    () => (showPast ? sessionList(study.id, "past") : Promise.resolve([])),
    `${study.id}:${showPast}:${round}`,
  );
  const live = useStore(liveNotifications);
  const latest = live.find(
    (notification) =>
      notification.kind === "study_session" &&
      notification.target.type === "session" &&
      notification.target.studyId === study.id,
  );
  useEffect(() => {
    if (latest) setRound((n) => n + 1);
  }, [latest?.id]);
  const changed = () => {
    setRound((n) => n + 1);
    onAttendanceChange();
  };

  const list = (sessions: Session[] | undefined, empty: string) =>
    sessions && sessions.length > 0 ? (
      <ul class="plain-list stack">
        {sessions.map((session) => (
          <SessionCard key={session.id} session={session} study={study} leader={leader} onChange={changed} />
        ))}
      </ul>
    ) : (
      <p class="muted">{empty}</p>
    );

  return (
    <section class="card stack" aria-labelledby="sessions-heading" data-testid="sessions">
      <div class="row-between">
        <h2 id="sessions-heading">{t("sessions.heading")}</h2>
        {leader && (
          <button
            type="button"
            class="btn btn-primary btn-small"
            onClick={() => setCreating((open) => !open)}
          >
            {t("sessions.create")}
          </button>
        )}
      </div>
      {creating && (
        <SessionForm
          studyId={study.id}
          onDone={() => {
            setCreating(false);
            changed();
          }}
        />
      )}
      <h3>{t("sessions.upcoming")}</h3>
      {upcoming.error ? (
        <ErrorBox message={upcoming.error} onRetry={upcoming.reload} />
      ) : upcoming.loading && !upcoming.data ? (
        <Loading />
      ) : (
        list(upcoming.data, t("sessions.noUpcoming"))
      )}
      <button
        type="button"
        class="link-button"
        aria-expanded={showPast}
        onClick={() => setShowPast((open) => !open)}
      >
        {t("sessions.showPast")}
      </button>
      {showPast && (
        <>
          <h3>{t("sessions.past")}</h3>
          {past.error ? (
            <ErrorBox message={past.error} onRetry={past.reload} />
          ) : past.loading && !past.data ? (
            <Loading />
          ) : (
            list(past.data, t("sessions.noPast"))
          )}
        </>
      )}
    </section>
  );
};
