import { useLocation } from "preact-iso";
import { SEARCH_QUERY_MAX, TAG_NAME_MAX } from "../../shared/limits";
import { currentUser } from "../api/session";
import { Empty, ErrorBox } from "../components/States";
import { StudyCard, StudyGridSkeleton } from "../components/StudyCard";
import { t } from "../i18n";
import { navigate } from "../lib/nav";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useLoad } from "../lib/use-load";
import { STUDY_FILTERS, studiesPage, studiesQuery, takeEarlyStudies } from "./first-requests";

const pageNumbers = (page: number, total: number) => {
  const from = Math.max(1, Math.min(page - 2, total - 4));
  const to = Math.min(total, from + 4);
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
};

export const Studies = () => {
  useTitle(t("studies.title"));
  const me = useStore(currentUser);
  const { query, url } = useLocation();
  const { filters, page, query: request } = studiesQuery(query);

  const result = useLoad(
    // The first answer may already be on its way (first-requests.ts, a signed-out first load).
    () => (!me && takeEarlyStudies(request)) || studiesPage(request),
    `${url}:${me?.id ?? ""}`,
  );

  const hrefFor = (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams({ ...filters, page: String(page) });
    for (const [name, value] of Object.entries(changes)) {
      if (value) params.set(name, value);
      else params.delete(name);
    }
    if (params.get("page") === "1") params.delete("page");
    const text = params.toString();
    return text ? `/studies?${text}` : "/studies";
  };

  const onFilter = (event: Event) => {
    event.preventDefault();
    // Called by the form's submit and by each select's change.
    const element = (event.currentTarget as HTMLElement).closest("form");
    if (!element) return;
    const form = new FormData(element);
    const changes: Record<string, string | undefined> = { page: undefined };
    for (const name of STUDY_FILTERS) changes[name] = String(form.get(name) ?? "").trim() || undefined;
    navigate(hrefFor(changes));
  };

  const data = result.data;
  return (
    <div class="wide">
      <div class="page-head">
        <h1>{t("studies.title")}</h1>
        {me && (
          <a class="btn btn-primary" href="/studies/new">
            {t("studies.create")}
          </a>
        )}
      </div>
      <form class="card filters" onSubmit={onFilter} key={url}>
        <label>
          {t("studies.status")}
          <select name="status" defaultValue={filters.status ?? ""} onChange={onFilter}>
            <option value="">{t("studies.all")}</option>
            <option value="recruiting">{t("study.status.recruiting")}</option>
            <option value="full">{t("study.status.full")}</option>
            <option value="ended">{t("study.status.ended")}</option>
          </select>
        </label>
        <label>
          {t("studies.mode")}
          <select name="mode" defaultValue={filters.mode ?? ""} onChange={onFilter}>
            <option value="">{t("studies.all")}</option>
            <option value="online">{t("study.mode.online")}</option>
            <option value="offline">{t("study.mode.offline")}</option>
          </select>
        </label>
        <label>
          {t("studies.tag")}
          <input
            name="tag"
            defaultValue={filters.tag ?? ""}
            maxLength={TAG_NAME_MAX}
            placeholder={t("studies.tagPlaceholder")}
          />
        </label>
        <label>
          {t("studies.query")}
          <input
            name="q"
            type="search"
            defaultValue={filters.q ?? ""}
            maxLength={SEARCH_QUERY_MAX}
            placeholder={t("studies.queryPlaceholder")}
          />
        </label>
        <button type="submit" class="btn">
          {t("studies.apply")}
        </button>
      </form>
      {result.loading && <StudyGridSkeleton />}
      {result.error && <ErrorBox message={result.error} onRetry={result.reload} />}
      {data && !result.loading && (
        <>
          <p class="muted small" aria-live="polite">
            {t("studies.total", { count: data.total })}
          </p>
          {data.items.length === 0 ? (
            <Empty>{t("studies.empty")}</Empty>
          ) : (
            <ul class="plain-list study-grid">
              {data.items.map((study) => (
                <li key={study.id}>
                  <StudyCard study={study} />
                </li>
              ))}
            </ul>
          )}
          {data.totalPages > 1 && (
            <nav class="pager" aria-label={t("studies.pager")}>
              {page > 1 && (
                <a href={hrefFor({ page: String(page - 1) })} rel="prev">
                  {t("studies.previous")}
                </a>
              )}
              {pageNumbers(page, data.totalPages).map((number) => (
                <a
                  key={number}
                  href={hrefFor({ page: String(number) })}
                  aria-current={number === page ? "page" : undefined}
                >
                  {number}
                </a>
              ))}
              {page < data.totalPages && (
                <a href={hrefFor({ page: String(page + 1) })} rel="next">
                  {t("studies.next")}
                </a>
              )}
            </nav>
          )}
        </>
      )}
    </div>
  );
};
