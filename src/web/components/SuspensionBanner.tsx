import { useEffect } from "preact/hooks";
import { isPermanent } from "../../shared/moderation";
import { fetchMe, setMe } from "../api/auth";
import { currentUser, suspensionNoticed } from "../api/session";
import { t } from "../i18n";
import { formatDateTime } from "../lib/format";
import { useStore } from "../lib/store";

/**
 * The suspended account's banner (issue 13): until when and why, on every page. Shown from Me; an
 * answer 403 `suspended` (a suspension that began while the page was open) re-reads Me first.
 */
export const SuspensionBanner = () => {
  const me = useStore(currentUser);
  const noticed = useStore(suspensionNoticed);
  useEffect(() => {
    if (noticed === 0) return;
    void fetchMe().then(setMe, () => undefined);
  }, [noticed]);
  const until = me?.suspendedUntil;
  if (!me || !until) return null;
  return (
    <div class="suspension-banner" role="alert" data-testid="suspension-banner">
      <p>
        {isPermanent(until)
          ? t("suspension.bannerPermanent")
          : t("suspension.banner", { until: formatDateTime(until) })}
      </p>
      {me.suspensionReason && <p class="small">{t("suspension.reason", { reason: me.suspensionReason })}</p>}
    </div>
  );
};
