import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { oauthRoutes } from "./auth/oauth/routes";
import { authRoutes, realtimeTicketRoutes } from "./auth/routes";
import { createDb } from "./db/client";
import { accountRoutes } from "./features/account/routes";
import { chatRoutes } from "./features/chat/routes";
import { commentRoutes } from "./features/comments/routes";
import { imageRoutes } from "./features/images/routes";
import { imageServingRoutes } from "./features/images/serve";
import { MAX_IMAGE_BYTES } from "./features/images/storage";
import { notificationRoutes } from "./features/notifications/routes";
import { postRoutes } from "./features/posts/routes";
import { searchRoutes } from "./features/search/routes";
import { studyRoutes } from "./features/studies/routes";
import { userRoutes } from "./features/users/routes";
import { ConfigError, readConfig } from "./lib/config";
import type { AppEnv } from "./lib/context";
import { genericErrorCodes } from "./lib/error-codes";
import { ApiError } from "./lib/errors";

const errorBody = (code: string, message: string, details?: unknown) => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Sockets return the Durable Object's 101 response, whose headers cannot be changed. */
const isWebSocketRoute = (path: string) => path.endsWith("/ws");

/** JSON bodies are small; multipart uploads may carry a 5 MiB file plus the form around it. */
const JSON_BODY_LIMIT = 64 * 1024;
const UPLOAD_BODY_LIMIT = MAX_IMAGE_BYTES + 256 * 1024;
/** The only routes that take multipart; every other body is JSON. */
const UPLOAD_PATHS = new Set(["/api/images", "/api/users/me/avatar"]);

const api = new Hono<AppEnv>()
  .route("/auth", authRoutes)
  .route("/auth", oauthRoutes)
  .route("/realtime", realtimeTicketRoutes)
  .route("/users/me", accountRoutes)
  .route("/images", imageRoutes)
  .route("/posts", postRoutes)
  .route("/comments", commentRoutes)
  .route("/users", userRoutes)
  .route("/studies", studyRoutes)
  .route("/search", searchRoutes)
  .route("/chat", chatRoutes)
  .route("/notifications", notificationRoutes);

export type AppType = typeof api;

export const app = new Hono<AppEnv>();

app.use(requestId({ headerName: "X-Request-Id" }));

app.use("*", async (c, next) => {
  c.set("config", readConfig(c.env));
  c.set("db", createDb(c.env.DB));
  c.set("userId", null);
  c.set("sessionId", null);
  await next();
});

app.use("/api/*", async (c, next) => {
  if (isWebSocketRoute(c.req.path)) return next();
  return secureHeaders()(c, next);
});

app.use("/api/*", async (c, next) => {
  if (isWebSocketRoute(c.req.path)) return next();
  const origin = c.var.config.appOrigin;
  return cors({
    origin: (requestOrigin) => (requestOrigin === origin ? origin : null),
    credentials: true,
    maxAge: 600,
  })(c, next);
});

app.use("/api/*", async (c, next) => {
  const type = c.req.header("Content-Type") ?? "";
  // Multipart elsewhere would reach the JSON validator as `{}` and come back as a misleading 422.
  // Upload routes check their own media type after authentication (`requireMultipart`).
  const isUpload = UPLOAD_PATHS.has(c.req.path);
  const hasBody = c.req.header("Content-Length") !== undefined && c.req.header("Content-Length") !== "0";
  if (hasBody && !isUpload && !/^application\/([\w.-]+\+)?json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "요청 본문은 application/json이어야 합니다.");
  }
  return bodyLimit({
    maxSize: isUpload ? UPLOAD_BODY_LIMIT : JSON_BODY_LIMIT,
    onError: () => {
      throw new ApiError(413, "too_large", "요청이 너무 큽니다.");
    },
  })(c, next);
});

app.route("/api", api);
app.route("/images", imageServingRoutes);

app.notFound((c) => c.json(errorBody("not_found", "요청한 주소를 찾을 수 없습니다."), 404));

app.onError((error, c) => {
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
    return c.json(errorBody("misconfigured", error.message), 500);
  }
  console.error(`[${requestIdValue}] unhandled error`, error);
  return c.json(errorBody("internal", `서버 오류가 발생했습니다. (요청 ID ${requestIdValue})`), 500);
});
