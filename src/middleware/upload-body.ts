import { bodyLimit } from "hono/body-limit";
import { ApiError } from "../lib/errors";
import { UPLOAD_BODY_LIMIT } from "../shared/limits";

/**
 * The body limit of a multipart upload route (a 5 MiB image plus the form around it). The route
 * checks its media type itself, after authentication (`requireMultipart`).
 */
export const uploadBody = bodyLimit({
  maxSize: UPLOAD_BODY_LIMIT,
  onError: () => {
    throw new ApiError(413, "too_large", "요청이 너무 큽니다.");
  },
});
