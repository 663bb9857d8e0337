import type { ContentfulStatusCode } from "hono/utils/http-status";

export interface ErrorDetail {
  path: string;
  message: string;
}

/** The detail of a 403 `suspended`: until when (API.md § Moderation). */
export interface SuspensionDetail {
  until: string;
}

/**
 * The one error type domain code throws; the app's error handler turns it into
 * `{"error": {"code", "message", "details?"}}` with its status.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[] | SuspensionDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const badRequest = (message: string, code = "bad_request") => new ApiError(400, code, message);
export const unauthorized = (message = "로그인이 필요합니다.", code = "unauthorized") =>
  new ApiError(401, code, message);
export const forbidden = (message = "권한이 없습니다.", code = "forbidden") =>
  new ApiError(403, code, message);
/** 을 after a syllable that ends in a consonant (게시글을), 를 after a vowel (사용자를). */
const objectParticle = (word: string) => {
  const last = word.charCodeAt(word.length - 1) - 0xac00;
  return last >= 0 && last < 11172 && last % 28 === 0 ? "를" : "을";
};
export const notFound = (what = "리소스", code = "not_found") =>
  new ApiError(404, code, `${what}${objectParticle(what)} 찾을 수 없습니다.`);
export const conflict = (message: string, code = "conflict") => new ApiError(409, code, message);
export const validationFailed = (message: string, details: ErrorDetail[] = []) =>
  new ApiError(422, "validation_failed", message, details);
export const tooLarge = (message = "요청이 너무 큽니다.") => new ApiError(413, "too_large", message);
export const unsupportedMediaType = (message: string) => new ApiError(415, "unsupported_media_type", message);
export const rateLimited = (retryAfterSeconds: number) =>
  new ApiError(429, "rate_limited", "요청이 너무 많습니다. 잠시 후 다시 시도하세요.", undefined, {
    "Retry-After": String(retryAfterSeconds),
  });

/** A suspended user's write (API.md § Moderation). */
export const suspended = (until: string) =>
  new ApiError(403, "suspended", "계정이 이용 정지 상태라 글을 쓰거나 바꿀 수 없습니다.", [{ until }]);

/** A comment, reply or like across a block (API.md § "Realtime limits and blocks"). */
export const blockedInteraction = () =>
  new ApiError(403, "blocked", "차단 관계인 사용자의 글에는 댓글을 달거나 좋아요를 누를 수 없습니다.");
