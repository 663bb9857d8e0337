import { LOCALES, locale, setLocale, t } from "../i18n";
import { localeNames } from "../i18n/ko";
import { useStore } from "../lib/store";

/** Two buttons, each language named in itself (and marked with its `lang` for screen readers). */
export const LocaleSwitch = () => {
  const current = useStore(locale);
  return (
    <fieldset class="locale-switch" aria-label={t("locale.label")}>
      {LOCALES.map((code) => (
        <button
          key={code}
          type="button"
          class="btn btn-small"
          lang={code}
          aria-pressed={code === current}
          onClick={() => {
            // The switch on a page is remounted with the page (app.tsx): keep keyboard focus on it.
            void setLocale(code).then(() =>
              requestAnimationFrame(() => {
                if (document.activeElement === document.body)
                  document.querySelector<HTMLElement>(`#main .locale-switch [lang="${code}"]`)?.focus();
              }),
            );
          }}
        >
          {localeNames[code]}
        </button>
      ))}
    </fieldset>
  );
};
