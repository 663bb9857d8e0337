import { sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { reportReasons, reportTargetTypes } from "../shared/moderation";
import { notificationKinds } from "../shared/notification-kinds";

// Times are stored as Unix milliseconds (integer) and rendered as ISO-8601 at the API edge.
const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);
const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

// ── Accounts ────────────────────────────────────────────────────────────────────────────────

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    // Stored as typed; uniqueness and look-ups go through lower(email).
    email: text("email").notNull(),
    nickname: text("nickname").notNull(),
    // The public `@handle`: stored lower-case, so the unique index compares case-insensitively.
    handle: text("handle").notNull(),
    bio: text("bio").notNull().default(""),
    avatarKey: text("avatar_key"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Issue 12: when the address was proven (a mailed link, a reset, a provider); null until then.
    emailVerifiedAt: integer("email_verified_at", { mode: "timestamp_ms" }),
    // Issue 12: the language of the mails we send this user.
    language: text("language", { enum: ["ko", "en"] })
      .notNull()
      .default("ko"),
    // Moderation and settings (issue 13). A permanent suspension is `PERMANENT_SUSPENSION`
    // (src/shared/moderation.ts), so "suspended" is always `suspended_until > now`.
    role: text("role", { enum: ["member", "moderator", "admin"] })
      .notNull()
      .default("member"),
    suspendedUntil: integer("suspended_until"),
    suspensionReason: text("suspension_reason"),
    // Only what the user changed from the defaults (src/shared/settings.ts), merged by json_patch.
    settings: text("settings").notNull().default("{}"),
  },
  (t) => [
    uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`),
    uniqueIndex("users_handle_unique").on(t.handle),
  ],
);

/** A password login; absent for social-only accounts. */
export const passwordCredentials = sqliteTable("password_credentials", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  hash: text("hash").notNull(),
  updatedAt: updatedAt(),
});

export const oauthAccounts = sqliteTable(
  "oauth_accounts",
  {
    provider: text("provider", { enum: ["github", "google"] }).notNull(),
    providerUserId: text("provider_user_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.providerUserId] }),
    index("oauth_accounts_user_idx").on(t.userId),
  ],
);

/**
 * One row per signed-in device. The refresh token is `<id>.<secret>`; only SHA-256(secret) is kept,
 * and it changes on every refresh, so presenting an older secret reveals reuse.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    // Issue 12: what the sessions list shows; the address only as its /24 or /48 prefix.
    userAgent: text("user_agent").notNull().default(""),
    ipPrefix: text("ip_prefix").notNull().default(""),
    // Issue 12: when this session last proved who it is by a provider sign-in (re-authentication).
    providerAuthAt: integer("provider_auth_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * Issue 12: single-use links mailed to a user (verify an address, reset a password, confirm a new
 * address). Only SHA-256 of the token is kept; using a token deletes its row.
 */
export const accountTokens = sqliteTable(
  "account_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["verify_email", "reset_password"] }).notNull(),
    // The address this token proves: the account's own, or the new one of an email change.
    email: text("email").notNull(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("account_tokens_user_idx").on(t.userId, t.purpose),
    index("account_tokens_expiry_idx").on(t.expiresAt),
  ],
);

/** Issue 12: with `MAIL_OUTBOX = "dev"`, mails are kept here instead of sent (GET /api/dev/outbox). */
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    // JSON array of the links in the mail.
    links: text("links").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("mail_outbox_to_time_idx").on(sql`lower(${t.to})`, t.createdAt)],
);

/** Fixed-window counters for rate limits: one row per (limit key, window). */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull().default(0),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index("rate_limits_expiry_idx").on(t.expiresAt)],
);

// ── Social graph ────────────────────────────────────────────────────────────────────────────

export const follows = sqliteTable(
  "follows",
  {
    followerId: text("follower_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    followeeId: text("followee_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    index("follows_follower_time_idx").on(t.followerId, t.createdAt),
    index("follows_followee_time_idx").on(t.followeeId, t.createdAt),
  ],
);

export const blocks = sqliteTable(
  "blocks",
  {
    blockerId: text("blocker_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    blockedId: text("blocked_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.blockerId, t.blockedId] }),
    index("blocks_blocker_time_idx").on(t.blockerId, t.createdAt),
    index("blocks_blocked_idx").on(t.blockedId),
  ],
);

// ── Posts ───────────────────────────────────────────────────────────────────────────────────

export const posts = sqliteTable(
  "posts",
  {
    id: text("id").primaryKey(),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    // Counters kept in the row and changed only by single conditional statements.
    likeCount: integer("like_count").notNull().default(0),
    commentCount: integer("comment_count").notNull().default(0),
    viewCount: integer("view_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Set while a moderator hides the post (issue 13): only its author still sees it.
    hiddenAt: integer("hidden_at"),
  },
  (t) => [
    index("posts_time_idx").on(t.createdAt, t.id),
    index("posts_author_time_idx").on(t.authorId, t.createdAt, t.id),
  ],
);

/** One row per (post, viewer, hour): a view counts only when its row is new. */
export const postViews = sqliteTable(
  "post_views",
  {
    postId: text("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    viewerKey: text("viewer_key").notNull(),
    hour: integer("hour").notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.viewerKey, t.hour] })],
);

export const images = sqliteTable(
  "images",
  {
    id: text("id").primaryKey(),
    key: text("key").notNull().unique(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // Null until a post takes the upload; the cron removes uploads left unattached for 24 h.
    postId: text("post_id").references(() => posts.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    width: integer("width"),
    height: integer("height"),
    alt: text("alt"),
    // Widths of the resized copies stored next to it ("480,960"); null for none (issue 15).
    variantWidths: text("variant_widths"),
    createdAt: createdAt(),
  },
  (t) => [
    index("images_post_position_idx").on(t.postId, t.position),
    index("images_owner_idx").on(t.ownerId),
    index("images_unattached_time_idx").on(t.createdAt).where(sql`${t.postId} IS NULL`),
  ],
);

export const comments = sqliteTable(
  "comments",
  {
    id: text("id").primaryKey(),
    postId: text("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    parentId: text("parent_id").references((): AnySQLiteColumn => comments.id, { onDelete: "cascade" }),
    // Null once the comment is a placeholder (deleted, or its author deleted their account).
    authorId: text("author_id").references(() => users.id, { onDelete: "cascade" }),
    body: text("body"),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Set while a moderator hides the comment (issue 13): only its author still sees it.
    hiddenAt: integer("hidden_at"),
  },
  (t) => [
    index("comments_post_parent_time_idx").on(t.postId, t.parentId, t.createdAt, t.id),
    index("comments_parent_time_idx").on(t.parentId, t.createdAt),
    index("comments_author_idx").on(t.authorId),
  ],
);

export const likes = sqliteTable(
  "likes",
  {
    postId: text("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId] }), index("likes_user_idx").on(t.userId)],
);

// ── Studies ─────────────────────────────────────────────────────────────────────────────────

export const studies = sqliteTable(
  "studies",
  {
    id: text("id").primaryKey(),
    leaderId: text("leader_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    mode: text("mode", { enum: ["online", "offline"] }).notNull(),
    location: text("location"),
    // Calendar dates (YYYY-MM-DD, Asia/Seoul); text compares in date order.
    startDate: text("start_date").notNull(),
    endDate: text("end_date").notNull(),
    maxMembers: integer("max_members").notNull(),
    // Seats are taken by `UPDATE … SET member_count = member_count + 1 WHERE member_count < max_members`.
    memberCount: integer("member_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("studies_time_idx").on(t.createdAt, t.id),
    index("studies_leader_idx").on(t.leaderId),
    index("studies_mode_time_idx").on(t.mode, t.createdAt),
  ],
);

export const studyTags = sqliteTable(
  "study_tags",
  {
    studyId: text("study_id")
      .notNull()
      .references(() => studies.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // lower(name): tags are unique per study case-insensitively and filtered that way.
    nameKey: text("name_key").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.studyId, t.nameKey] }),
    index("study_tags_key_idx").on(t.nameKey, t.studyId),
  ],
);

export const studyMembers = sqliteTable(
  "study_members",
  {
    studyId: text("study_id")
      .notNull()
      .references(() => studies.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: integer("joined_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    primaryKey({ columns: [t.studyId, t.userId] }),
    index("study_members_user_idx").on(t.userId),
    index("study_members_study_time_idx").on(t.studyId, t.joinedAt),
  ],
);

// ── Chat ────────────────────────────────────────────────────────────────────────────────────

/** The D1 summary of a room; its message log lives in the room's ChatRoom Durable Object. */
export const chatRooms = sqliteTable(
  "chat_rooms",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["direct", "study"] }).notNull(),
    studyId: text("study_id")
      .unique()
      .references(() => studies.id, { onDelete: "cascade" }),
    // "<smaller user id>:<larger user id>" for direct rooms: one room per pair.
    directKey: text("direct_key").unique(),
    lastSeq: integer("last_seq").notNull().default(0),
    // The last message as API JSON, so the room list needs no call to the DO.
    lastMessage: text("last_message", { mode: "json" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("chat_rooms_updated_idx").on(t.updatedAt)],
);

export const roomMembers = sqliteTable(
  "room_members",
  {
    roomId: text("room_id")
      .notNull()
      .references(() => chatRooms.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lastReadSeq: integer("last_read_seq").notNull().default(0),
    joinedAt: integer("joined_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] }), index("room_members_user_idx").on(t.userId)],
);

// ── Notifications ───────────────────────────────────────────────────────────────────────────

export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    actorId: text("actor_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: notificationKinds }).notNull(),
    // The id of what the notification opens (the actor, a post, room or study): the key for the
    // 24-hour de-duplication. The typed columns below hold the same target with a foreign key, so a
    // deleted post, comment, room or study takes its notifications with it.
    targetId: text("target_id").notNull(),
    postId: text("post_id").references(() => posts.id, { onDelete: "cascade" }),
    commentId: text("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    roomId: text("room_id").references(() => chatRooms.id, { onDelete: "cascade" }),
    studyId: text("study_id").references(() => studies.id, { onDelete: "cascade" }),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_user_time_idx").on(t.userId, t.createdAt, t.id),
    index("notifications_dedupe_idx").on(t.userId, t.actorId, t.kind, t.targetId, t.createdAt),
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} IS NULL`),
    index("notifications_actor_idx").on(t.actorId),
    // For the cascades only, and each notification has at most two of the four targets: rows
    // without one stay out of its index (a like or follow no longer writes three or four index
    // entries of NULL). A lookup `col = ?` implies `col IS NOT NULL`, so SQLite still uses them.
    index("notifications_post_idx").on(t.postId).where(sql`${t.postId} IS NOT NULL`),
    index("notifications_comment_idx").on(t.commentId).where(sql`${t.commentId} IS NOT NULL`),
    index("notifications_room_idx").on(t.roomId).where(sql`${t.roomId} IS NOT NULL`),
    index("notifications_study_idx").on(t.studyId).where(sql`${t.studyId} IS NOT NULL`),
  ],
);

// ── Study sessions (meetings), RSVPs, attendance ───────────────────────────────────────────

/**
 * One meeting of a study. A weekly series shares `seriesId` (the first occurrence's id); each
 * occurrence is its own row, so one can be edited or cancelled alone. Cancelled sessions stay
 * (members see what was called off); deleting the study takes them with it.
 */
export const studySessions = sqliteTable(
  "study_sessions",
  {
    id: text("id").primaryKey(),
    studyId: text("study_id")
      .notNull()
      .references(() => studies.id, { onDelete: "cascade" }),
    seriesId: text("series_id"),
    title: text("title").notNull(),
    // Instants (Unix ms); the API also gives the Asia/Seoul date and times they stand for.
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    place: text("place"),
    onlineUrl: text("online_url"),
    agenda: text("agenda").notNull().default(""),
    cancelledAt: integer("cancelled_at"),
    // Set when the leader opens check-in; members may check in while now is inside the window.
    checkInOpensAt: integer("check_in_opens_at"),
    checkInClosesAt: integer("check_in_closes_at"),
    // Claimed by the one conditional UPDATE that sends the reminder, so it goes out once.
    reminderSentAt: integer("reminder_sent_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("study_sessions_study_time_idx").on(t.studyId, t.startsAt),
    index("study_sessions_series_time_idx").on(t.seriesId, t.startsAt),
    index("study_sessions_reminder_due_idx")
      .on(t.startsAt)
      .where(sql`${t.reminderSentAt} IS NULL AND ${t.cancelledAt} IS NULL`),
  ],
);

export const rsvpStatuses = ["going", "maybe", "not_going"] as const;
export type RsvpStatus = (typeof rsvpStatuses)[number];

export const sessionRsvps = sqliteTable(
  "session_rsvps",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => studySessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: rsvpStatuses }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index("session_rsvps_user_idx").on(t.userId)],
);

/** A member was there: checked in themselves (`markedBy` null) or marked present by the leader. */
export const sessionAttendance = sqliteTable(
  "session_attendance",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => studySessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    checkedInAt: integer("checked_in_at").notNull(),
    markedBy: text("marked_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.userId] }),
    index("session_attendance_user_idx").on(t.userId),
  ],
);

// ── Web Push and calendar feeds ────────────────────────────────────────────────────────────

/** One browser (device) that agreed to receive Web Push; the endpoint is unique to it. */
export const pushSubscriptions = sqliteTable(
  "push_subscriptions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull().unique(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    label: text("label").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index("push_subscriptions_user_idx").on(t.userId)],
);

/** The secret of a user's `.ics` feed URL; only its SHA-256 is kept, so a new one replaces it. */
export const calendarFeeds = sqliteTable("calendar_feeds", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: createdAt(),
});

// ── Moderation (issue 13) ──────────────────────────────────────────────────────────────────

/**
 * A member's report. What was reported is kept as it stood (`preview`, `context`): a message lives
 * only in its room, and the evidence should outlive an edit. One open report per reporter and target.
 */
export const reports = sqliteTable(
  "reports",
  {
    id: text("id").primaryKey(),
    reporterId: text("reporter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    targetType: text("target_type", { enum: reportTargetTypes }).notNull(),
    targetId: text("target_id").notNull(),
    // The user the target belongs to (the user reported, or the author); null once they are gone.
    targetUserId: text("target_user_id").references(() => users.id, { onDelete: "set null" }),
    // The room of a reported message (its id alone does not say where it lives).
    roomId: text("room_id"),
    preview: text("preview").notNull(),
    context: text("context", { mode: "json" }),
    reason: text("reason", { enum: reportReasons }).notNull(),
    note: text("note"),
    status: text("status", { enum: ["open", "resolved"] })
      .notNull()
      .default("open"),
    resolutionAction: text("resolution_action"),
    resolvedBy: text("resolved_by").references(() => users.id, { onDelete: "set null" }),
    resolutionNote: text("resolution_note"),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("reports_open_unique")
      .on(t.reporterId, t.targetType, t.targetId)
      .where(sql`${t.status} = 'open'`),
    index("reports_target_idx").on(t.targetType, t.targetId, t.status),
    index("reports_status_time_idx").on(t.status, t.createdAt),
  ],
);

/** Every moderation action, who took it and why; kept when the content is gone. */
export const moderationLog = sqliteTable(
  "moderation_log",
  {
    id: text("id").primaryKey(),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    note: text("note"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("moderation_log_time_idx").on(t.createdAt, t.id)],
);
