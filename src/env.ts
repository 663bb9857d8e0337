import type { ChatRoomObject } from "./realtime/chat-room";
import type { InboxObject } from "./realtime/inbox";

/**
 * Bindings and variables from wrangler.toml, `.dev.vars` and secrets, typed as they may arrive: even
 * the required ones (`JWT_SECRET`, `APP_ORIGIN`) can be missing from a deployment. `readConfig`
 * (src/lib/config.ts) checks them, and the code reads the checked `AppConfig` (`appOrigin: string`).
 */
export interface Env {
  DB: D1Database;
  IMAGES: R2Bucket;
  CHAT_ROOM: DurableObjectNamespace<ChatRoomObject>;
  INBOX: DurableObjectNamespace<InboxObject>;
  ASSETS?: Fetcher;
  /** Cloudflare Email Service (`[[send_email]] name = "EMAIL"`); see the README. */
  EMAIL?: SendEmail;

  /** HS256 key for access tokens and WebSocket tickets; at least 32 characters. */
  JWT_SECRET?: string;
  /** The SPA's origin for CORS and WebSocket Origin checks, e.g. https://orgo.pages.dev. */
  APP_ORIGIN?: string;
  GITHUB_CLIENT_ID?: string;
  GITHUB_CLIENT_SECRET?: string;
  GOOGLE_CLIENT_ID?: string;
  GOOGLE_CLIENT_SECRET?: string;
  /** Web Push application server keys (base64url) and contact; see docs/api/study-sessions.md. */
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  VAPID_SUBJECT?: string;
  /** The sender address of every mail (a domain onboarded to Email Service), and its display name. */
  MAIL_FROM?: string;
  MAIL_FROM_NAME?: string;
  /** "dev": mails are kept in D1 (GET /api/dev/outbox) instead of sent. Never in production. */
  MAIL_OUTBOX?: string;

  /** Rate-limit overrides ("count/seconds"), see src/lib/rate-limit.ts. */
  RATE_LIMIT_SIGNUP_IP?: string;
  RATE_LIMIT_LOGIN_EMAIL?: string;
  RATE_LIMIT_LOGIN_IP?: string;
  RATE_LIMIT_WRITES_USER?: string;
  RATE_LIMIT_UPLOADS_USER?: string;
  /** Sockets one user may hold per chat room and per inbox (default 5). */
  REALTIME_SOCKETS_PER_USER?: string;
}
