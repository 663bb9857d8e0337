import { genericErrorCodes } from "../../shared/error-codes";
import { hasText, locale, t } from "./index";

/** The worker's code for a bare status, for answers that carry no JSON error; 0 is no answer at all. */
const codeForStatus: Readonly<Record<number, string>> = { 0: "network", ...genericErrorCodes };

const known = (code: string | undefined) => {
  const key = code ? `errors.${code}` : "";
  return key && hasText(key) ? t(key) : undefined;
};

/**
 * What to show for a failed request. The worker writes Korean messages: in Korean they are shown as
 * sent; in English a known `code` gets its English text, and an unknown one keeps the server's words.
 */
export const errorMessage = (
  code: string | undefined,
  serverMessage: string | undefined,
  status?: number,
) => {
  const english = locale.get() === "en" ? known(code) : undefined;
  return (
    english ??
    serverMessage ??
    known(code) ??
    (status === undefined ? undefined : known(codeForStatus[status])) ??
    t("errors.server", { status: status ?? "?" })
  );
};

/** A validation detail for one field (`details[].path`), in English when there is an English one. */
export const fieldMessage = (path: string, serverMessage: string) => {
  const key = `errors.fields.${path}`;
  return locale.get() === "en" && hasText(key) ? t(key) : serverMessage;
};
