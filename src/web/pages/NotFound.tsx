import { t } from "../i18n";
import { useTitle } from "../lib/title";

export const NotFound = () => {
  useTitle(t("notFound.title"));
  return (
    <section class="narrow card">
      <h1>{t("notFound.heading")}</h1>
      <p>
        {t("notFound.body")} <a href="/">{t("notFound.back")}</a>
      </p>
    </section>
  );
};
