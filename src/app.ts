import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { oauthRoutes } from "./auth/oauth/routes";
import { authRoutes, realtimeTicketRoutes } from "./auth/routes";
import { accountRoutes, avatarRoutes } from "./features/account/routes";
import { chatRoutes, chatSocketRoutes } from "./features/chat/routes";
import { commentRoutes } from "./features/comments/routes";
import { imageRoutes } from "./features/images/routes";
import { imageServingRoutes } from "./features/images/serve";
import { moderationRoutes, reportRoutes } from "./features/moderation/routes";
import { notificationRoutes, notificationSocketRoutes } from "./features/notifications/routes";
import { postRoutes } from "./features/posts/routes";
import { pushKeyRoutes, pushSubscriptionRoutes } from "./features/push/routes";
import { searchRoutes } from "./features/search/routes";
import { calendarFeedRoutes, myCalendarRoutes } from "./features/studies/calendar/routes";
import { studyRoutes } from "./features/studies/routes";
import { sessionRoutes, studySessionRoutes, userAttendanceRoutes } from "./features/studies/sessions/routes";
import { userRoutes } from "./features/users/routes";
import type { AppEnv } from "./lib/context";
import { devOutboxRoutes } from "./mail/routes";
import { appOriginCors } from "./middleware/app-origin-cors";
import { effects } from "./middleware/effects";
import { errorHandler, notFoundHandler } from "./middleware/error-handler";
import { jsonBody } from "./middleware/json-body";
import { requestContext } from "./middleware/request-context";

/**
 * The API in three groups, mounted in this order (Hono runs the handlers that match a request in
 * the order they were registered, and a route that answers ends the chain):
 * 1. sockets: the Durable Object's 101 response has immutable headers, so they are mounted before
 *    any header middleware;
 * 2. multipart uploads: their own body limit and media-type check, mounted before the JSON check;
 * 3. everything else, behind the JSON-only body check.
 */
const socketApi = new Hono<AppEnv>()
  .route("/chat", chatSocketRoutes)
  .route("/notifications", notificationSocketRoutes);

const uploadApi = new Hono<AppEnv>().route("/images", imageRoutes).route("/users/me/avatar", avatarRoutes);

const jsonApi = new Hono<AppEnv>()
  .route("/auth", authRoutes)
  .route("/auth", oauthRoutes)
  .route("/realtime", realtimeTicketRoutes)
  .route("/users/me/push-subscriptions", pushSubscriptionRoutes)
  .route("/users/me", myCalendarRoutes)
  .route("/users/me", accountRoutes)
  .route("/posts", postRoutes)
  .route("/comments", commentRoutes)
  .route("/users", userAttendanceRoutes)
  .route("/users", userRoutes)
  .route("/studies", studyRoutes)
  .route("/studies", studySessionRoutes)
  .route("/sessions", sessionRoutes)
  .route("/push", pushKeyRoutes)
  .route("/calendar", calendarFeedRoutes)
  .route("/search", searchRoutes)
  .route("/chat", chatRoutes)
  .route("/notifications", notificationRoutes)
  .route("/reports", reportRoutes)
  .route("/moderation", moderationRoutes)
  .route("/dev", devOutboxRoutes);

/** Only for the type: the typed client sees all three groups as one API. Never called. */
const wholeApi = () => new Hono<AppEnv>().route("/", socketApi).route("/", uploadApi).route("/", jsonApi);
export type AppType = ReturnType<typeof wholeApi>;

export const app = new Hono<AppEnv>()
  .use(requestId({ headerName: "X-Request-Id" }))
  .use(requestContext)
  .use(effects)
  .route("/api", socketApi)
  .use("/api/*", secureHeaders(), appOriginCors)
  .route("/api", uploadApi)
  .use("/api/*", jsonBody)
  .route("/api", jsonApi)
  .route("/images", imageServingRoutes)
  .notFound(notFoundHandler)
  .onError(errorHandler);
