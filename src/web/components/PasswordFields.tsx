import { PASSWORD_MIN } from "../../shared/limits";
import { t } from "../i18n";

/**
 * The password fields of every form that asks for one, so each kind reads and autocompletes the same
 * way everywhere. A form with `NewPasswordFields` reads them with `confirmedNewPassword`.
 */

/** The account's present password, typed to prove it is the owner (sign-in, confirmations). */
export const CurrentPasswordField = ({ label, name = "password" }: { label: string; name?: string }) => (
  <label>
    {label}
    <input name={name} type="password" autoComplete="current-password" required />
  </label>
);

/** A password being chosen (sign-up, change, reset); the browser checks the worker's minimum first. */
export const NewPasswordField = ({
  name,
  label,
  hint,
  invalid,
}: {
  name: string;
  label: string;
  hint?: string;
  invalid?: boolean;
}) => (
  <label>
    {label}
    {hint && (
      <>
        {" "}
        <span class="muted small">{hint}</span>
      </>
    )}
    <input
      name={name}
      type="password"
      autoComplete="new-password"
      minLength={PASSWORD_MIN}
      required
      aria-invalid={invalid}
    />
  </label>
);

/** A new password and its repetition. */
export const NewPasswordFields = () => (
  <>
    <NewPasswordField
      name="newPassword"
      label={t("settings.newPassword")}
      hint={t("settings.newPasswordHint")}
    />
    <NewPasswordField name="confirmPassword" label={t("settings.confirmPassword")} />
  </>
);

/** The new password when both fields agree; otherwise null, and the form's action shows the mismatch. */
export const confirmedNewPassword = (
  data: FormData,
  action: { setError: (message: string) => void },
): string | null => {
  const newPassword = String(data.get("newPassword") ?? "");
  if (newPassword === String(data.get("confirmPassword") ?? "")) return newPassword;
  action.setError(t("settings.mismatch"));
  return null;
};
