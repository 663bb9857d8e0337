import { useState } from "preact/hooks";
import { HANDLE_MAX, isHandle, normalizeHandle } from "../../shared/handle";
import { setMe } from "../api/auth";
import { api, call } from "../api/client";
import type { Me } from "../api/types";
import { t } from "../i18n";
import { useAction } from "../lib/use-load";
import { FieldError } from "./States";

/** Settings § handle (issue 14): the `@handle` of mentions and of the profile address `/@handle`. */
export const HandleSettings = ({ me }: { me: Me }) => {
  const [value, setValue] = useState(me.handle);
  const [saved, setSaved] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const action = useAction();
  return (
    <section class="card" aria-labelledby="handle-heading">
      <h2 id="handle-heading">{t("handle.label")}</h2>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          const handle = normalizeHandle(value);
          setInvalid(!isHandle(handle));
          if (!isHandle(handle)) return;
          void action.run(async () => {
            setMe(await call(api.users.me.$patch({ json: { handle } })));
            setValue(handle);
            setSaved(true);
          });
        }}
      >
        <label>
          {t("handle.label")} <span class="muted small">{t("handle.hint")}</span>
          <input
            name="handle"
            value={value}
            maxLength={HANDLE_MAX + 1}
            autoComplete="username"
            autoCapitalize="none"
            spellcheck={false}
            aria-invalid={invalid}
            onInput={(event) => setValue(event.currentTarget.value)}
          />
        </label>
        <FieldError message={invalid ? t("handle.invalid") : action.error} />
        {saved && (
          <p class="muted small" role="status">
            {t("handle.saved")} <a href={`/@${me.handle}`}>/@{me.handle}</a>
          </p>
        )}
        <div>
          <button type="submit" class="btn btn-primary" disabled={action.busy}>
            {t("handle.save")}
          </button>
        </div>
      </form>
    </section>
  );
};
