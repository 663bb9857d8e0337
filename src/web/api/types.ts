/** The shapes of /work/shared/API.md as the SPA uses them; the typed client checks them against the worker. */

export interface UserCard {
  id: string;
  nickname: string;
  avatarUrl: string | null;
  bio: string;
}

export type Provider = "password" | "github" | "google";

export interface Me extends UserCard {
  email: string;
  createdAt: string;
  providers: Provider[];
}

export interface Profile extends UserCard {
  followerCount: number;
  followingCount: number;
  postCount: number;
  isFollowing: boolean;
  isFollowedBy: boolean;
  isBlocked: boolean;
}

export interface FollowCard extends UserCard {
  isFollowing: boolean;
}

export interface Image {
  id: string;
  url: string;
  width?: number | null;
  height?: number | null;
  alt?: string | null;
}

export interface PostSummary {
  id: string;
  author: UserCard;
  title: string;
  excerpt: string;
  images: Image[];
  likeCount: number;
  commentCount: number;
  viewCount: number;
  likedByMe: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Post extends PostSummary {
  body: string;
}

export interface Comment {
  id: string;
  postId: string;
  parentId: string | null;
  author: UserCard | null;
  body: string | null;
  deleted: boolean;
  createdAt: string;
  updatedAt: string;
  replies?: Comment[];
}

export type StudyStatus = "recruiting" | "full" | "ended";
export type StudyMode = "online" | "offline";

export interface Study {
  id: string;
  leader: UserCard;
  title: string;
  description: string;
  mode: StudyMode;
  location: string | null;
  startDate: string;
  endDate: string;
  maxMembers: number;
  memberCount: number;
  status: StudyStatus;
  tags: string[];
  isMember: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface StudyDetail extends Study {
  members: UserCard[];
}

export interface StudyPage {
  items: Study[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

export interface Message {
  id: string;
  roomId: string;
  seq: number;
  sender: UserCard;
  body: string;
  clientId: string | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export interface Room {
  id: string;
  kind: "direct" | "study";
  title: string;
  peer: UserCard | null;
  studyId: string | null;
  lastMessage: Message | null;
  unreadCount: number;
  lastReadSeq: number;
  updatedAt: string;
}

export type NotificationTarget =
  | { type: "user"; id: string }
  | { type: "post"; id: string; title: string; commentId?: string }
  | { type: "room"; id: string }
  | { type: "study"; id: string; title: string };

export interface Notification {
  id: string;
  kind: "follow" | "comment" | "reply" | "like" | "chat_room" | "study_join";
  actor: UserCard;
  target: NotificationTarget;
  read: boolean;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
