import type { Notification } from "../api/types";
import { t } from "../i18n";

/** The sentence for a notification (the actor's nickname is plain text, rendered as such). */
export const notificationText = (notification: Notification) => {
  const name = notification.actor.nickname;
  const target = notification.target;
  const title =
    target.type === "post" || target.type === "study" || target.type === "session" ? target.title : "";
  switch (notification.kind) {
    case "follow":
      return t("notifications.follow", { name });
    case "comment":
      return t("notifications.comment", { name, title });
    case "reply":
      return t("notifications.reply", { name });
    case "like":
      return t("notifications.like", { name, title });
    case "mention":
      return target.type === "room"
        ? t("handle.mentionedInChat", { name })
        : t("handle.mentionedInPost", { name, title });
    case "chat_room":
      return t("notifications.chatRoom", { name });
    case "study_join":
      return t("notifications.studyJoin", { name, title });
    case "study_session":
      return t("notifications.studySession", {
        title,
        event: target.type === "session" ? t(`notifications.sessionEvents.${target.event}`) : "",
      });
  }
};

export const notificationHref = (notification: Notification) => {
  const target = notification.target;
  switch (target.type) {
    case "user":
      return `/users/${target.id}`;
    case "post":
      return target.commentId ? `/posts/${target.id}#comment-${target.commentId}` : `/posts/${target.id}`;
    case "room":
      return `/messages/${target.id}`;
    case "study":
      return `/studies/${target.id}`;
    case "session":
      return `/studies/${target.studyId}#session-${target.id}`;
  }
};
