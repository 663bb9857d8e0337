import { useState } from "preact/hooks";
import { TAG_NAME_MAX } from "../../shared/limits";
import { api, call } from "../api/client";
import { loadRooms, rooms } from "../api/rooms";
import { currentUser } from "../api/session";
import type { MemberAttendance } from "../api/types";
import { FieldError, LoadError, Loading } from "../components/States";
import { modeLabel, statusLabel } from "../components/StudyCard";
import { StudySessions } from "../components/StudySessions";
import { UserList } from "../components/UserList";
import { t } from "../i18n";
import { loginUrl, navigate } from "../lib/nav";
import { profileHref } from "../lib/profile-href";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useAction, useLoad } from "../lib/use-load";

/** "출석률 80% · 연속 3회" under a member, once a session has counted for them. */
export const attendanceNote = (rows: MemberAttendance[] | undefined, userId: string) => {
  const row = rows?.find((candidate) => candidate.user.id === userId);
  if (!row) return null;
  if (row.rate === null) return t("sessions.attendanceNone");
  const rate = t("sessions.attendanceRate", { rate: row.rate });
  return row.currentStreak > 1 ? `${rate} · ${t("sessions.streak", { count: row.currentStreak })}` : rate;
};

export const StudyDetailPage = ({ id }: { id: string }) => {
  const me = useStore(currentUser);
  const roomList = useStore(rooms);
  const study = useLoad(
    async () => await call(api.studies[":id"].$get({ param: { id } })),
    `${id}:${me?.id ?? ""}`,
  );
  const attendance = useLoad(
    async () => (await call(api.studies[":id"].attendance.$get({ param: { id } }))).items,
    `${id}:attendance`,
  );
  useTitle(study.data?.title ?? t("study.fallbackTitle"));
  const action = useAction();
  const [tag, setTag] = useState("");

  if (study.loading && !study.data) return <Loading />;
  if (study.error) return <LoadError loaded={study} missing="notFound.study" />;
  const data = study.data;
  if (!data) return null;
  const leader = me?.id === data.leader.id;

  const membership = (join: boolean) => {
    if (!me) {
      navigate(loginUrl());
      return;
    }
    void action.run(async () => {
      if (join) await call(api.studies[":id"].membership.$put({ param: { id } }));
      else await call(api.studies[":id"].membership.$delete({ param: { id } }));
      study.reload();
      void loadRooms().catch(() => undefined);
    });
  };

  const remove = () => {
    if (!confirm(t("study.confirmDelete"))) return;
    void action.run(async () => {
      await call(api.studies[":id"].$delete({ param: { id } }));
      navigate("/studies", true);
    });
  };

  const changeTag = (name: string, add: boolean) =>
    action.run(async () => {
      const param = { id, name };
      const updated = add
        ? await call(api.studies[":id"].tags[":name"].$put({ param }))
        : await call(api.studies[":id"].tags[":name"].$delete({ param }));
      study.setData((current) => current && { ...current, ...updated });
      if (add) setTag("");
    });

  const room = roomList?.find((candidate) => candidate.studyId === id);

  return (
    <div class="narrow stack">
      <section class="card" aria-labelledby="study-title">
        <p class="study-badges">
          <span class={`badge status-${data.status}`}>{statusLabel(data.status)}</span>
          <span class="badge">{modeLabel(data.mode)}</span>
        </p>
        <h1 id="study-title">{data.title}</h1>
        <dl class="facts">
          <dt>{t("study.leader")}</dt>
          <dd>
            <a href={profileHref(data.leader)}>{data.leader.nickname}</a>
          </dd>
          <dt>{t("study.period")}</dt>
          <dd>
            {data.startDate} ~ {data.endDate}
          </dd>
          <dt>{t("study.headcount")}</dt>
          <dd data-testid="member-count">
            {t("study.headcountValue", { count: data.memberCount, max: data.maxMembers })}
          </dd>
          {data.location && (
            <>
              <dt>{t("study.location")}</dt>
              <dd>{data.location}</dd>
            </>
          )}
        </dl>
        {data.description && <p class="post-body">{data.description}</p>}
        <ul class="tag-list" aria-label={t("common.tags")}>
          {data.tags.map((name) => (
            <li key={name}>
              <a class="tag" href={`/studies?tag=${encodeURIComponent(name)}`}>
                #{name}
              </a>
              {leader && (
                <button
                  type="button"
                  class="link-button"
                  aria-label={t("study.removeTag", { name })}
                  onClick={() => void changeTag(name, false)}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
        {leader && data.tags.length < 10 && (
          <form
            class="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              const name = tag.replace(/^#/, "").trim();
              if (name) void changeTag(name, true);
            }}
          >
            <label class="sr-only" for="new-tag">
              {t("study.addTag")}
            </label>
            <input
              id="new-tag"
              value={tag}
              maxLength={TAG_NAME_MAX}
              placeholder={t("study.addTag")}
              onInput={(event) => setTag(event.currentTarget.value)}
            />
            <button type="submit" class="btn btn-small">
              {t("study.add")}
            </button>
          </form>
        )}
        <div class="post-actions">
          {leader ? (
            <>
              <a class="btn" href={`/studies/${id}/edit`}>
                {t("common.edit")}
              </a>
              <button type="button" class="btn btn-danger" onClick={remove} disabled={action.busy}>
                {t("common.delete")}
              </button>
            </>
          ) : data.isMember ? (
            <button type="button" class="btn" onClick={() => membership(false)} disabled={action.busy}>
              {t("study.leave")}
            </button>
          ) : (
            <button
              type="button"
              class="btn btn-primary"
              onClick={() => membership(true)}
              disabled={action.busy || data.status !== "recruiting"}
            >
              {data.status === "recruiting" ? t("study.join") : statusLabel(data.status)}
            </button>
          )}
          {data.isMember && room && (
            <a class="btn" href={`/messages/${room.id}`}>
              {t("study.groupChat")}
            </a>
          )}
        </div>
        <FieldError message={action.error} />
      </section>
      <StudySessions study={data} leader={leader} onAttendanceChange={attendance.reload} />
      <section class="card" aria-labelledby="members-heading">
        <h2 id="members-heading">{t("study.members", { count: data.members.length })}</h2>
        <UserList users={data.members} note={(user) => attendanceNote(attendance.data, user.id)} />
      </section>
    </div>
  );
};
