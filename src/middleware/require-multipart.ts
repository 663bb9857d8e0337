import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/context";
import { unsupportedMediaType } from "../lib/errors";

/**
 * 415 for an upload route's body that is not multipart: the form validator would otherwise see
 * `{}` and answer a misleading 422 "file is required".
 */
export const requireMultipart = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header("Content-Type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    throw unsupportedMediaType("이미지는 multipart/form-data로 올려야 합니다.");
  }
  await next();
});
