import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ConfigError } from "../lib/config";
import type { AppEnv } from "../lib/context";
import { ApiError } from "../lib/errors";
import { genericErrorCodes } from "../shared/error-codes";

const errorBody = (code: string, message: string, details?: unknown) => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  c.json(errorBody("not_found", "요청한 주소를 찾을 수 없습니다."), 404);

/** Every error becomes `{"error": {"code", "message", "details?"}}`; unknown ones are logged as 500. */
export const errorHandler: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
    return c.json(errorBody(error.code, error.message, error.details), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const malformedJson = status === 400 && /JSON/i.test(error.message);
    const code = malformedJson ? "invalid_json" : (genericErrorCodes[status] ?? "bad_request");
    const message = malformedJson ? "요청 본문이 올바른 JSON이 아닙니다." : error.message || code;
    return c.json(errorBody(code, message), status >= 500 ? 500 : (status as 400));
  }
  const requestIdValue = c.get("requestId");
  if (error instanceof ConfigError) {
    console.error(`[${requestIdValue}] ${error.message}`);
    // Which variable is wrong (and how) is for the operator's log, not for whoever sent the request.
    return c.json(errorBody("misconfigured", `서버 설정 오류입니다. (요청 ID ${requestIdValue})`), 500);
  }
  console.error(`[${requestIdValue}] unhandled error`, error);
  return c.json(errorBody("internal", `서버 오류가 발생했습니다. (요청 ID ${requestIdValue})`), 500);
};
