import { useState } from "preact/hooks";
import { STUDY_DESCRIPTION_MAX, STUDY_LOCATION_MAX, STUDY_TITLE_MAX } from "../../shared/limits";
import { ApiError, api, call } from "../api/client";
import { currentUser } from "../api/session";
import { ErrorBox, FieldError, LoadError, Loading } from "../components/States";
import { t } from "../i18n";
import { todayInSeoul } from "../lib/format";
import { navigate } from "../lib/nav";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useAction, useLoad } from "../lib/use-load";

const splitTags = (text: string) =>
  text
    .split(/[,\s]+/)
    .map((tag) => tag.replace(/^#/, "").trim())
    .filter(Boolean);

/** `/studies/new` and `/studies/:id/edit`. */
export const StudyForm = ({ id }: { id?: string }) => {
  useTitle(id ? t("studyForm.titleEdit") : t("studyForm.titleNew"));
  const me = useStore(currentUser);
  const existing = useLoad(
    async () => (id ? await call(api.studies[":id"].$get({ param: { id } })) : null),
    id ?? "new",
  );
  const action = useAction();
  const [details, setDetails] = useState<Record<string, string>>({});

  if (existing.loading) return <Loading />;
  if (existing.error) return <LoadError loaded={existing} missing="notFound.study" />;
  const study = existing.data;
  if (study && me && study.leader.id !== me.id) return <ErrorBox message={t("studyForm.leaderOnly")} />;

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "");
    const body = {
      title: text("title"),
      description: text("description"),
      mode: text("mode") === "offline" ? ("offline" as const) : ("online" as const),
      location: text("location").trim() || null,
      startDate: text("startDate"),
      endDate: text("endDate"),
      maxMembers: Number(text("maxMembers")),
      tags: splitTags(text("tags")),
    };
    setDetails({});
    void action.run(async () => {
      try {
        const saved = id
          ? await call(api.studies[":id"].$patch({ param: { id }, json: body }))
          : await call(api.studies.$post({ json: body }));
        navigate(`/studies/${saved.id}`, Boolean(id));
      } catch (error) {
        const found = error instanceof ApiError ? error.details : [];
        setDetails(Object.fromEntries(found.map((detail) => [detail.path, detail.message])));
        throw error;
      }
    });
  };

  const today = todayInSeoul();
  return (
    <section class="narrow card" aria-labelledby="study-form-heading">
      <h1 id="study-form-heading">{id ? t("studyForm.titleEdit") : t("studyForm.titleNew")}</h1>
      <form class="stack" onSubmit={onSubmit}>
        <label>
          {t("studyForm.title")}
          <input name="title" defaultValue={study?.title} maxLength={STUDY_TITLE_MAX} required />
        </label>
        <FieldError message={details.title} />
        <label>
          {t("studyForm.description")}
          <textarea
            name="description"
            defaultValue={study?.description}
            maxLength={STUDY_DESCRIPTION_MAX}
            rows={6}
          />
        </label>
        <div class="grid-2">
          <label>
            {t("studyForm.mode")}
            <select name="mode" defaultValue={study?.mode ?? "online"}>
              <option value="online">{t("study.mode.online")}</option>
              <option value="offline">{t("study.mode.offline")}</option>
            </select>
          </label>
          <label>
            {t("studyForm.location")} <span class="muted small">{t("common.optional")}</span>
            <input name="location" defaultValue={study?.location ?? ""} maxLength={STUDY_LOCATION_MAX} />
          </label>
          <label>
            {t("studyForm.startDate")}
            <input name="startDate" type="date" defaultValue={study?.startDate ?? today} required />
          </label>
          <label>
            {t("studyForm.endDate")}
            <input name="endDate" type="date" defaultValue={study?.endDate ?? today} required />
          </label>
          <label>
            {t("studyForm.capacity")}
            <input
              name="maxMembers"
              type="number"
              min={2}
              max={100}
              defaultValue={String(study?.maxMembers ?? 4)}
              required
            />
          </label>
          <label>
            {t("studyForm.tags")} <span class="muted small">{t("studyForm.tagsHint")}</span>
            <input name="tags" defaultValue={study?.tags.join(", ")} />
          </label>
        </div>
        <FieldError message={details.endDate ?? details.maxMembers ?? details.tags} />
        <FieldError message={action.error} />
        <div class="row-end">
          <button type="button" class="btn" onClick={() => history.back()}>
            {t("common.cancel")}
          </button>
          <button type="submit" class="btn btn-primary" disabled={action.busy}>
            {id ? t("common.save") : t("studyForm.create")}
          </button>
        </div>
      </form>
    </section>
  );
};
