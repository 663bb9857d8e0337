/**
 * The WebSocket frames of the chat rooms and the notification inbox: one zod schema per frame,
 * shared by the worker, the Durable Objects and the SPA. Written with `zod/mini` (the same zod 4
 * package, functional checks instead of methods) so the SPA's first load carries a few KB of
 * validator instead of all of zod; besides zod it imports only src/shared/, so the SPA bundles it
 * without worker code.
 */
import * as z from "zod/mini";
import { MESSAGE_BODY_MAX } from "../shared/limits";
import { sessionEvents } from "../shared/session-target";
import { wellFormedText } from "../shared/text";

/** A frame over this many UTF-8 bytes is refused with an `error` frame (the socket stays open). */
export const MAX_FRAME_BYTES = 8 * 1024;
/** Per user per room token bucket: this many frames a second, up to `RATE_BURST` at once. */
export const RATE_PER_SECOND = 10;
export const RATE_BURST = 20;
/** The text a client sends to keep a socket alive; answered "pong" without waking the object. */
export const PING = "ping";
export const PONG = "pong";

export const userCardSchema = z.object({
  id: z.string(),
  handle: z.string(),
  nickname: z.string(),
  avatarUrl: z.nullable(z.string()),
  bio: z.string(),
});

export const messageSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  seq: z.int().check(z.positive()),
  sender: userCardSchema,
  /** Empty once the message is deleted. */
  body: z.string(),
  clientId: z.nullable(z.string()),
  createdAt: z.string(),
  editedAt: z.nullable(z.string()),
  deleted: z.boolean(),
});
export type Message = z.infer<typeof messageSchema>;

export const notificationTargetSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), id: z.string() }),
  z.object({ type: z.literal("post"), id: z.string(), title: z.string(), commentId: z.optional(z.string()) }),
  /** `seq`: the message a study-room mention was made in. */
  z.object({ type: z.literal("room"), id: z.string(), seq: z.optional(z.number()) }),
  z.object({ type: z.literal("study"), id: z.string(), title: z.string() }),
  z.object({
    type: z.literal("session"),
    id: z.string(),
    studyId: z.string(),
    /** The study's title. */
    title: z.string(),
    event: z.enum(sessionEvents),
  }),
]);
export type NotificationTarget = z.infer<typeof notificationTargetSchema>;

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.enum(["follow", "comment", "reply", "like", "mention", "chat_room", "study_join", "study_session"]),
  actor: userCardSchema,
  target: notificationTargetSchema,
  read: z.boolean(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof notificationSchema>;

/** 1..2000 characters with something other than white space in them. */
export const messageBodySchema = z.string().check(
  z.minLength(1),
  z.maxLength(MESSAGE_BODY_MAX),
  wellFormedText,
  z.refine((body) => body.trim().length > 0, "빈 메시지는 보낼 수 없습니다."),
);

// ── Chat room: client → server ────────────────────────────────────────────────────────────────

export const chatClientFrameSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("send"),
    /** Chosen by the client (a UUID); a repeated send with the same id stores one message. */
    clientId: z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[\w-]+$/)),
    body: messageBodySchema,
  }),
  z.object({
    type: z.literal("edit"),
    id: z.string().check(z.minLength(1), z.maxLength(64)),
    body: messageBodySchema,
  }),
  z.object({ type: z.literal("delete"), id: z.string().check(z.minLength(1), z.maxLength(64)) }),
  z.object({ type: z.literal("read"), seq: z.int().check(z.nonnegative()) }),
  z.object({ type: z.literal("typing") }),
]);
export type ChatClientFrame = z.infer<typeof chatClientFrameSchema>;

// ── Chat room: server → client ────────────────────────────────────────────────────────────────

export const chatErrorCodes = [
  "invalid_frame",
  "too_large",
  "rate_limited",
  "blocked",
  "forbidden",
  "not_found",
  "not_member",
  "suspended",
  "internal",
] as const;
export type ChatErrorCode = (typeof chatErrorCodes)[number];

export const chatServerFrameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), lastSeq: z.int().check(z.nonnegative()) }),
  z.object({ type: z.literal("message"), message: messageSchema }),
  z.object({ type: z.literal("updated"), message: messageSchema }),
  z.object({ type: z.literal("read"), userId: z.string(), seq: z.int().check(z.nonnegative()) }),
  z.object({ type: z.literal("typing"), userId: z.string() }),
  z.object({
    type: z.literal("error"),
    code: z.enum(chatErrorCodes),
    message: z.string(),
    clientId: z.optional(z.string()),
  }),
]);
export type ChatServerFrame = z.infer<typeof chatServerFrameSchema>;

// ── Notification inbox: server → client (clients send only "ping") ────────────────────────────

export const inboxServerFrameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("notification"), notification: notificationSchema }),
  z.object({ type: z.literal("unread"), count: z.int().check(z.nonnegative()) }),
  z.object({
    type: z.literal("chat"),
    roomId: z.string(),
    lastMessage: z.nullable(messageSchema),
    unreadCount: z.int().check(z.nonnegative()),
  }),
  z.object({ type: z.literal("ready") }),
]);
export type InboxServerFrame = z.infer<typeof inboxServerFrameSchema>;
export type ChatInboxFrame = Extract<InboxServerFrame, { type: "chat" }>;

export type ParsedChatFrame =
  | { ok: true; frame: ChatClientFrame }
  | { ok: false; message: string; clientId?: string };

/** A client's text frame, parsed and checked; a failure says why, with the frame's clientId if it had one. */
export const parseChatClientFrame = (text: string): ParsedChatFrame => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: "프레임이 올바른 JSON이 아닙니다." };
  }
  const parsed = chatClientFrameSchema.safeParse(raw);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return {
    ok: false,
    message: `${where}${issue?.message ?? "잘못된 프레임입니다."}`,
    clientId: clientIdOf(raw),
  };
};

const clientIdOf = (raw: unknown): string | undefined => {
  if (typeof raw !== "object" || raw === null || !("clientId" in raw)) return undefined;
  const { clientId } = raw;
  return typeof clientId === "string" && clientId.length <= 64 ? clientId : undefined;
};

/** Whether a text frame is over `MAX_FRAME_BYTES` in UTF-8, without encoding short ones. */
export const isFrameTooLarge = (text: string): boolean =>
  text.length * 3 > MAX_FRAME_BYTES && new TextEncoder().encode(text).byteLength > MAX_FRAME_BYTES;
