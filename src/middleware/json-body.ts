import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/context";
import { ApiError } from "../lib/errors";
import { JSON_BODY_LIMIT } from "../shared/limits";

const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/i;

const limit = bodyLimit({
  maxSize: JSON_BODY_LIMIT,
  onError: () => {
    throw new ApiError(413, "too_large", "요청이 너무 큽니다.");
  },
});

/**
 * A body, if any, must be JSON (415) of at most 64 KiB (413). Multipart elsewhere would reach the
 * JSON validator as `{}` and come back as a misleading 422.
 */
export const jsonBody = createMiddleware<AppEnv>(async (c, next) => {
  const length = c.req.header("Content-Length");
  const hasBody = length !== undefined && length !== "0";
  if (hasBody && !JSON_TYPE.test(c.req.header("Content-Type") ?? "")) {
    throw new ApiError(415, "unsupported_media_type", "요청 본문은 application/json이어야 합니다.");
  }
  return limit(c, next);
});
