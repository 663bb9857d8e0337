import type { Notification } from "../api/types";

/** The sentence for a notification (the actor's nickname is plain text, rendered as such). */
export const notificationText = (notification: Notification) => {
  const who = notification.actor.nickname;
  const target = notification.target;
  switch (notification.kind) {
    case "follow":
      return `${who}님이 회원님을 팔로우했습니다.`;
    case "comment":
      return `${who}님이 "${target.type === "post" ? target.title : ""}" 글에 댓글을 남겼습니다.`;
    case "reply":
      return `${who}님이 회원님의 댓글에 답글을 남겼습니다.`;
    case "like":
      return `${who}님이 "${target.type === "post" ? target.title : ""}" 글을 좋아합니다.`;
    case "chat_room":
      return `${who}님이 대화를 시작했습니다.`;
    case "study_join":
      return `${who}님이 "${target.type === "study" ? target.title : ""}" 스터디에 참여했습니다.`;
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
  }
};
