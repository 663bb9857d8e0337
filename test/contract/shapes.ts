/**
 * API.md's shapes as strict zod schemas, written from the contract (not imported from src/), so
 * a field the worker adds, drops or retypes fails the contract tests.
 */
import { expect } from "vitest";
import * as z from "zod";

/** `2026-11-21T09:00:00.000Z`: ISO-8601 UTC, as `Date.prototype.toISOString` writes it. */
export const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, "not an ISO-8601 UTC time")
  .refine((text) => new Date(text).toISOString() === text, "not a real time");
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "not YYYY-MM-DD");
export const id = z.string().min(1);
const count = z.number().int().min(0);

export const userCard = z.strictObject({
  id,
  handle: z.string().regex(/^[a-z0-9_]{3,20}$/),
  nickname: z.string().min(1).max(30),
  avatarUrl: z.string().min(1).nullable(),
  bio: z.string().max(300),
});

const notifySwitch = z.boolean();
export const settings = z.strictObject({
  dmFrom: z.enum(["followers", "mutuals", "nobody"]),
  notify: z.strictObject({
    follow: notifySwitch,
    comment: notifySwitch,
    reply: notifySwitch,
    like: notifySwitch,
    mention: notifySwitch,
    chat_room: notifySwitch,
    study_join: notifySwitch,
    study_session: notifySwitch,
  }),
});

export const me = z.strictObject({
  ...userCard.shape,
  email: z.email(),
  emailVerified: z.boolean(),
  language: z.enum(["ko", "en"]),
  role: z.enum(["member", "moderator", "admin"]),
  suspendedUntil: isoTime.nullable(),
  suspensionReason: z.string().nullable(),
  settings,
  createdAt: isoTime,
  providers: z.array(z.enum(["password", "github", "google"])),
});

export const session = z.strictObject({ user: me, accessToken: z.string().min(1) });

export const profile = z.strictObject({
  ...userCard.shape,
  followerCount: count,
  followingCount: count,
  postCount: count,
  isFollowing: z.boolean(),
  isFollowedBy: z.boolean(),
  isBlocked: z.boolean(),
});

export const followCard = z.strictObject({ ...userCard.shape, isFollowing: z.boolean() });

export const image = z.strictObject({
  id,
  url: z.string().min(1),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  alt: z.string().optional(),
});

export const postSummary = z.strictObject({
  id,
  author: userCard,
  title: z.string().min(1).max(120),
  excerpt: z.string(),
  images: z.array(image).max(10),
  likeCount: count,
  commentCount: count,
  viewCount: count,
  likedByMe: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
  hidden: z.boolean(),
});

export const post = z.strictObject({ ...postSummary.shape, body: z.string().min(1) });

export const likeState = z.strictObject({ likeCount: count, likedByMe: z.boolean() });

const commentFields = {
  id,
  postId: id,
  parentId: id.nullable(),
  author: userCard.nullable(),
  body: z.string().nullable(),
  deleted: z.boolean(),
  hidden: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
};
const placeholderRule = [
  (value: { deleted: boolean; author: unknown; body: string | null }) =>
    value.deleted
      ? value.author === null && value.body === null
      : value.author !== null && value.body !== null,
  "a deleted comment has author and body null; a live one has both",
] as const;

export const comment = z.strictObject(commentFields).refine(...placeholderRule);

export const commentThread = z
  .strictObject({ ...commentFields, replies: z.array(comment) })
  .refine(...placeholderRule);

export const study = z.strictObject({
  id,
  leader: userCard,
  title: z.string().min(1).max(120),
  description: z.string().max(5000),
  mode: z.enum(["online", "offline"]),
  location: z.string().nullable(),
  startDate: calendarDate,
  endDate: calendarDate,
  maxMembers: z.number().int().min(2).max(100),
  memberCount: count,
  status: z.enum(["recruiting", "full", "ended"]),
  tags: z.array(z.string().min(1).max(30)).max(10),
  isMember: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const studyDetail = z.strictObject({ ...study.shape, members: z.array(userCard) });

export const studyPage = z.strictObject({
  items: z.array(study),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1).max(50),
  total: count,
  totalPages: count,
});

export const message = z.strictObject({
  id,
  roomId: id,
  seq: z.number().int().min(1),
  sender: userCard,
  body: z.string(),
  clientId: z.string().nullable(),
  createdAt: isoTime,
  editedAt: isoTime.nullable(),
  deleted: z.boolean(),
});

export const room = z.strictObject({
  id,
  kind: z.enum(["direct", "study"]),
  title: z.string(),
  peer: userCard.nullable(),
  studyId: id.nullable(),
  lastMessage: message.nullable(),
  unreadCount: count,
  lastReadSeq: count,
  updatedAt: isoTime,
});

export const history = z.strictObject({ items: z.array(message), hasMore: z.boolean() });

const targets = {
  user: z.strictObject({ type: z.literal("user"), id }),
  post: z.strictObject({ type: z.literal("post"), id, title: z.string(), commentId: id.optional() }),
  room: z.strictObject({ type: z.literal("room"), id }),
  study: z.strictObject({ type: z.literal("study"), id, title: z.string() }),
  roomMessage: z.strictObject({ type: z.literal("room"), id, seq: count }),
};
const targetOfKind = {
  follow: targets.user,
  comment: targets.post,
  reply: targets.post,
  like: targets.post,
  chat_room: targets.room,
  study_join: targets.study,
  mention: z.union([targets.post, targets.roomMessage]),
} as const;

export const notification = z
  .strictObject({
    id,
    kind: z.enum(["follow", "comment", "reply", "like", "mention", "chat_room", "study_join"]),
    actor: userCard,
    target: z.union(Object.values(targets)),
    read: z.boolean(),
    createdAt: isoTime,
  })
  .superRefine((value, context) => {
    const result = targetOfKind[value.kind].safeParse(value.target);
    if (!result.success) context.addIssue({ code: "custom", message: `wrong target for ${value.kind}` });
    if (value.kind === "follow" && value.target.id !== value.actor.id) {
      context.addIssue({ code: "custom", message: "a follow's target is the actor" });
    }
  });

export const cursorPage = <Item extends z.ZodType>(item: Item) =>
  z.strictObject({ items: z.array(item), nextCursor: z.string().min(1).nullable() });

export const notificationPage = z.strictObject({
  ...cursorPage(notification).shape,
  unreadCount: count,
});

export const searchResult = z.strictObject({
  posts: z.array(postSummary),
  users: z.array(userCard),
  studies: z.array(study),
  nextCursor: z.string().min(1).nullable(),
  // INTERFACES.md: the lower-cased words matched, for highlighting.
  terms: z.array(z.string().min(1)),
});

export const errorBody = z.strictObject({
  error: z.strictObject({
    code: z.string().regex(/^[a-z]+(_[a-z]+)*$/, "not snake_case"),
    message: z.string().min(1),
    details: z.array(z.strictObject({ path: z.string(), message: z.string().min(1) })).optional(),
  }),
});

/** Parses `value` with `schema`, failing the test with every issue and where it was. */
export const expectShape = <Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what = "response",
): z.output<Schema> => {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    expect.fail(`${what} does not match the contract:\n${issues.join("\n")}\n${JSON.stringify(value)}`);
  }
  return result.data as z.output<Schema>;
};
