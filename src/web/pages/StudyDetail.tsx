import { useState } from "preact/hooks";
import { api, call } from "../api/client";
import { loadRooms, rooms } from "../api/rooms";
import { currentUser } from "../api/session";
import type { StudyDetail } from "../api/types";
import { ErrorBox, FieldError, Loading } from "../components/States";
import { modeLabel, statusLabel } from "../components/StudyCard";
import { UserList } from "../components/UserList";
import { loginUrl, navigate } from "../lib/nav";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useAction, useLoad } from "../lib/use-load";

export const StudyDetailPage = ({ id }: { id: string }) => {
  const me = useStore(currentUser);
  const roomList = useStore(rooms);
  const study = useLoad(
    async () => (await call(api.studies[":id"].$get({ param: { id } }))) as StudyDetail,
    `${id}:${me?.id ?? ""}`,
  );
  useTitle(study.data?.title ?? "스터디");
  const action = useAction();
  const [tag, setTag] = useState("");

  if (study.loading && !study.data) return <Loading />;
  if (study.error) return <ErrorBox message={study.error} onRetry={study.reload} />;
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
    if (!confirm("스터디를 삭제할까요? 단체 대화방도 함께 삭제됩니다.")) return;
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
      study.setData((current) => ({ ...(current as StudyDetail), ...(updated as Partial<StudyDetail>) }));
      if (add) setTag("");
    });

  const room = roomList?.find((candidate) => candidate.studyId === id);

  return (
    <div class="narrow stack">
      <section class="card" aria-labelledby="study-title">
        <p class="study-badges">
          <span class={`badge status-${data.status}`}>{statusLabel[data.status]}</span>
          <span class="badge">{modeLabel[data.mode]}</span>
        </p>
        <h1 id="study-title">{data.title}</h1>
        <dl class="facts">
          <dt>스터디장</dt>
          <dd>
            <a href={`/users/${data.leader.id}`}>{data.leader.nickname}</a>
          </dd>
          <dt>기간</dt>
          <dd>
            {data.startDate} ~ {data.endDate}
          </dd>
          <dt>인원</dt>
          <dd data-testid="member-count">
            {data.memberCount} / {data.maxMembers}명
          </dd>
          {data.location && (
            <>
              <dt>장소</dt>
              <dd>{data.location}</dd>
            </>
          )}
        </dl>
        {data.description && <p class="post-body">{data.description}</p>}
        <ul class="tag-list" aria-label="태그">
          {data.tags.map((name) => (
            <li key={name}>
              <a class="tag" href={`/studies?tag=${encodeURIComponent(name)}`}>
                #{name}
              </a>
              {leader && (
                <button
                  type="button"
                  class="link-button"
                  aria-label={`태그 ${name} 삭제`}
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
              태그 추가
            </label>
            <input
              id="new-tag"
              value={tag}
              maxLength={30}
              placeholder="태그 추가"
              onInput={(event) => setTag(event.currentTarget.value)}
            />
            <button type="submit" class="btn btn-small">
              추가
            </button>
          </form>
        )}
        <div class="post-actions">
          {leader ? (
            <>
              <a class="btn" href={`/studies/${id}/edit`}>
                수정
              </a>
              <button type="button" class="btn btn-danger" onClick={remove} disabled={action.busy}>
                삭제
              </button>
            </>
          ) : data.isMember ? (
            <button type="button" class="btn" onClick={() => membership(false)} disabled={action.busy}>
              탈퇴하기
            </button>
          ) : (
            <button
              type="button"
              class="btn btn-primary"
              onClick={() => membership(true)}
              disabled={action.busy || data.status !== "recruiting"}
            >
              {data.status === "recruiting" ? "참여하기" : statusLabel[data.status]}
            </button>
          )}
          {data.isMember && room && (
            <a class="btn" href={`/messages/${room.id}`}>
              단체 대화방
            </a>
          )}
        </div>
        <FieldError message={action.error} />
      </section>
      <section class="card" aria-labelledby="members-heading">
        <h2 id="members-heading">멤버 {data.members.length}명</h2>
        <UserList users={data.members} />
      </section>
    </div>
  );
};
