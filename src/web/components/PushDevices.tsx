import { useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { t } from "../i18n";
import { formatDateTime } from "../lib/format";
import { enablePush, listDevices, pushSupported, removeDevice } from "../lib/push";
import { useAction, useLoad } from "../lib/use-load";
import { ErrorBox, FieldError, Loading } from "./States";

/** Settings → this device's Web Push, and every device of the account that receives it. */
export const PushDevices = () => {
  const devices = useLoad(listDevices, "push-devices");
  const action = useAction();
  const [outcome, setOutcome] = useState<string | null>(null);
  const supported = pushSupported();

  const enable = () =>
    action.run(async () => {
      try {
        const result = await enablePush();
        setOutcome(
          result === "enabled"
            ? t("push.enabled")
            : result === "denied"
              ? t("push.denied")
              : t("push.unsupported"),
        );
      } catch (error) {
        if (error instanceof ApiError && error.code === "push_not_configured") {
          setOutcome(t("push.notConfigured"));
          return;
        }
        throw error;
      }
      devices.reload();
    });

  return (
    <section class="card stack" aria-labelledby="push-heading" data-testid="push-devices">
      <h2 id="push-heading">{t("push.heading")}</h2>
      <p class="muted small">{t("push.help")}</p>
      {supported ? (
        <div class="row-end">
          <button type="button" class="btn btn-primary" disabled={action.busy} onClick={() => void enable()}>
            {t("push.enable")}
          </button>
        </div>
      ) : (
        <p>{t("push.unsupported")}</p>
      )}
      {outcome && (
        <p role="status" class="small">
          {outcome}
        </p>
      )}
      <FieldError message={action.error} />
      <h3>{t("push.devices")}</h3>
      {devices.error ? (
        <ErrorBox message={devices.error} onRetry={devices.reload} />
      ) : devices.loading && !devices.data ? (
        <Loading />
      ) : devices.data && devices.data.length > 0 ? (
        <ul class="plain-list">
          {devices.data.map((device) => (
            <li key={device.id} class="row-between" data-testid="push-device">
              <span>
                {device.label || device.service}{" "}
                <span class="muted small">{formatDateTime(device.createdAt)}</span>
              </span>
              <button
                type="button"
                class="btn btn-small"
                disabled={action.busy}
                onClick={() =>
                  void action.run(async () => {
                    await removeDevice(device.id);
                    devices.reload();
                  })
                }
              >
                {t("push.remove")}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t("push.noDevices")}</p>
      )}
    </section>
  );
};
