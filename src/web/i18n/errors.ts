import { hasText, locale, t } from "./index";

/** The worker's code for a bare status (mirrors src/app.ts), for answers that carry no JSON error. */
const codeForStatus: Record<number, string> = {
  0: "network",
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "too_large",
  415: "unsupported_media_type",
  422: "validation_failed",
  429: "rate_limited",
};

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
