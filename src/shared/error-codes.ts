/**
 * The generic error `code` for a status (API.md § Conventions), used when nothing more specific
 * applies. Plain data with no worker imports: the app reads it too, to name answers that carry no
 * JSON error (a proxy's page, say).
 */
export const genericErrorCodes: Readonly<Record<number, string>> = {
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
