import type { Me } from "../api/types";
import { t } from "../i18n";
import { apiUrl } from "../lib/api-origin";

const names: Record<string, string> = { github: "GitHub", google: "Google" };

/**
 * For an account without a password, the worker accepts a provider sign-in of the last 10 minutes
 * in place of one: after a 403 `reauth_required` this offers that sign-in, which comes back to
 * Settings in a fresh session, where the action can be tried again.
 */
export const ProviderReauth = ({ me }: { me: Me }) => (
  <div class="stack" role="alert">
    {me.providers
      .filter((provider) => provider !== "password")
      .map((provider) => (
        <p key={provider}>
          {t("trust.reauthProvider", { provider: names[provider] ?? provider })}{" "}
          <a
            class={`btn btn-small btn-${provider}`}
            href={apiUrl(`/api/auth/oauth/${provider}?redirect=${encodeURIComponent("/settings")}`)}
            // A full page load: the worker answers with a redirect to the provider.
            target="_top"
          >
            {names[provider] ?? provider}
          </a>
        </p>
      ))}
  </div>
);
