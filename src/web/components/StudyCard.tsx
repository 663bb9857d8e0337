import type { Study } from "../api/types";
import { t } from "../i18n";

export const statusLabel = (status: Study["status"]) => t(`study.status.${status}`);
export const modeLabel = (mode: Study["mode"]) => t(`study.mode.${mode}`);

export const StudyCard = ({ study }: { study: Study }) => (
  <article class="card study-card">
    <p class="study-badges">
      <span class={`badge status-${study.status}`}>{statusLabel(study.status)}</span>
      <span class="badge">{modeLabel(study.mode)}</span>
      {study.isMember && <span class="badge badge-member">{t("study.member")}</span>}
    </p>
    <h2 class="study-card-title">
      <a href={`/studies/${study.id}`}>{study.title}</a>
    </h2>
    <p class="muted">
      {study.startDate} ~ {study.endDate} ·{" "}
      {t("study.capacity", { count: study.memberCount, max: study.maxMembers })}
      {study.location ? ` · ${study.location}` : ""}
    </p>
    {study.tags.length > 0 && (
      <ul class="tag-list" aria-label={t("common.tags")}>
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

/** Placeholder study cards while a page of studies loads (the grid keeps its shape). */
export const StudyGridSkeleton = ({ count = 6 }: { count?: number }) => (
  <div class="study-grid" role="status" aria-label={t("common.loading")}>
    {Array.from({ length: count }, (_, index) => (
      <article key={index} class="card study-card skeleton" aria-hidden="true">
        <span class="skeleton-line skeleton-short" />
        <span class="skeleton-line skeleton-title" />
        <span class="skeleton-line" />
      </article>
    ))}
  </div>
);
