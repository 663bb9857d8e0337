import type { Study } from "../api/types";

export const statusLabel: Record<Study["status"], string> = {
  recruiting: "모집 중",
  full: "정원 마감",
  ended: "종료",
};
export const modeLabel: Record<Study["mode"], string> = { online: "온라인", offline: "오프라인" };

export const StudyCard = ({ study }: { study: Study }) => (
  <article class="card study-card">
    <p class="study-badges">
      <span class={`badge status-${study.status}`}>{statusLabel[study.status]}</span>
      <span class="badge">{modeLabel[study.mode]}</span>
      {study.isMember && <span class="badge badge-member">참여 중</span>}
    </p>
    <h3>
      <a href={`/studies/${study.id}`}>{study.title}</a>
    </h3>
    <p class="muted">
      {study.startDate} ~ {study.endDate} · {study.memberCount}/{study.maxMembers}명
      {study.location ? ` · ${study.location}` : ""}
    </p>
    {study.tags.length > 0 && (
      <ul class="tag-list" aria-label="태그">
        {study.tags.map((tag) => (
          <li key={tag}>
            <a class="tag" href={`/studies?tag=${encodeURIComponent(tag)}`}>
              #{tag}
            </a>
          </li>
        ))}
      </ul>
    )}
  </article>
);
