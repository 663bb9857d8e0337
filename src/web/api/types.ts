// The API's shapes, taken from the worker's own declarations (type-only: nothing of the worker is
// bundled), so the app and the API cannot drift apart. /work/shared/API.md describes them.
export type { Me, Provider } from "../../features/account/service";
export type { Room } from "../../features/chat/service";
export type { Post, PostSummary } from "../../features/posts/summary";
export type { PushDevice } from "../../features/push/subscriptions";
export type { CalendarItem, FeedStatus } from "../../features/studies/calendar/service";
export type { StudyStatus } from "../../features/studies/dates";
export type { StudyPage } from "../../features/studies/list";
export type { Study, StudyDetail } from "../../features/studies/load";
export type {
  AttendanceHistory,
  MemberAttendance,
  StudyAttendance,
} from "../../features/studies/sessions/attendance";
export type { Session, SessionStatus } from "../../features/studies/sessions/load";
export type { SessionDetail } from "../../features/studies/sessions/service";
export type { Profile } from "../../features/users/profile";
export type { FollowCard } from "../../features/users/service";
export type { Page } from "../../lib/pagination";
export type { Message, Notification, NotificationTarget } from "../../realtime/protocol";
export type { Image } from "../../shared/image";
export type { UserCard } from "../../shared/user-card";

import type { Comment as ApiComment } from "../../features/comments/comment";
import type { Study } from "../../features/studies/load";
export type StudyMode = Study["mode"];
/** A comment as the app holds it: a top-level one carries its replies (API.md's comment page). */
export type Comment = ApiComment & { replies?: ApiComment[] };
