/** Roles and suspensions (API.md § Moderation), shared by the worker and the SPA. */
export const roles = ["member", "moderator", "admin"] as const;
export type Role = (typeof roles)[number];

export const reportTargetTypes = ["post", "comment", "message", "user"] as const;
export const reportReasons = ["spam", "harassment", "inappropriate", "other"] as const;
export type ReportReason = (typeof reportReasons)[number];

/** The stored `suspended_until` of a permanent suspension: 9999-12-31T23:59:59.999Z. */
export const PERMANENT_SUSPENSION = 253402300799999;

export const SUSPENSION_DAYS_MAX = 365;
export const REPORT_NOTE_MAX = 1000;
export const MODERATION_NOTE_MAX = 1000;

/** Moderators and admins may use the moderation routes. */
export const isModerator = (role: Role) => role === "moderator" || role === "admin";

/** `until` as the API shows it, null when not (or no longer) suspended. */
export const suspensionUntil = (suspendedUntil: number | null, now = Date.now()): string | null =>
  suspendedUntil !== null && suspendedUntil > now ? new Date(suspendedUntil).toISOString() : null;

export const isPermanent = (until: string) => Date.parse(until) >= PERMANENT_SUSPENSION;
