/**
 * Every kind of notification, in the order Settings lists their switches: the D1 column's enum,
 * the notify settings (each kind can be switched off) and the SPA's switches all read this list.
 * `mention` came with issue 14, `study_session` with issue 16.
 */
export const notificationKinds = [
  "follow",
  "comment",
  "reply",
  "like",
  "mention",
  "chat_room",
  "study_join",
  "study_session",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];
