import { useState } from "preact/hooks";
import { type NotificationKind, notificationKinds } from "../../shared/notification-kinds";
import { type DmFrom, dmFromValues } from "../../shared/settings";
import { setMe } from "../api/auth";
import { api, call } from "../api/client";
import { currentUser } from "../api/session";
import { t } from "../i18n";
import { useStore } from "../lib/store";
import { useAction } from "../lib/use-load";
import { FieldError } from "./States";

const dmLabel = {
  followers: "privacy.dmFollowers",
  mutuals: "privacy.dmMutuals",
  nobody: "privacy.dmNobody",
} as const satisfies Record<DmFrom, string>;

/**
 * Settings § privacy and notifications (issue 13): who may open a direct room with me, and one
 * switch per notification kind. Each change is saved at once (PATCH /api/users/me `settings`).
 */
export const PrivacySettings = () => {
  const me = useStore(currentUser);
  const action = useAction();
  const [saved, setSaved] = useState(false);
  if (!me) return null;
  const save = (settings: { dmFrom?: DmFrom; notify?: Partial<Record<NotificationKind, boolean>> }) => {
    setSaved(false);
    void action.run(async () => {
      setMe(await call(api.users.me.$patch({ json: { settings } })));
      setSaved(true);
    });
  };
  return (
    <section class="card" aria-labelledby="privacy-heading" data-testid="privacy-settings">
      <h2 id="privacy-heading">{t("privacy.heading")}</h2>
      <fieldset class="stack">
        <legend>{t("privacy.dmFrom")}</legend>
        {dmFromValues.map((value) => (
          <label key={value} class="check">
            <input
              type="radio"
              name="dmFrom"
              value={value}
              checked={me.settings.dmFrom === value}
              disabled={action.busy}
              onChange={() => save({ dmFrom: value })}
            />
            {t(dmLabel[value])}
          </label>
        ))}
      </fieldset>
      <fieldset class="stack">
        <legend>{t("privacy.notify")}</legend>
        {notificationKinds.map((kind) => (
          <label key={kind} class="check">
            <input
              type="checkbox"
              name={`notify-${kind}`}
              checked={me.settings.notify[kind]}
              disabled={action.busy}
              onChange={(event) => save({ notify: { [kind]: event.currentTarget.checked } })}
            />
            {t(`privacy.kinds.${kind}`)}
          </label>
        ))}
      </fieldset>
      <FieldError message={action.error} />
      {saved && (
        <p class="success small" role="status">
          {t("privacy.saved")}
        </p>
      )}
    </section>
  );
};
