import { createDb } from "../db/client";
import { blockChanged, type MembershipChange, roomMembershipChanged } from "../realtime/membership";
import { messageModerated, suspensionChanged } from "../realtime/moderation";
import { closeSessionSockets, type SessionsToClose } from "../realtime/sessions";
import type { EffectContext } from "./run";

/**
 * Telling the Durable Objects who may use them, after D1 changed. Unlike the other effects these
 * run at once and return their promise, which the domain function awaits: the answer must come
 * only after the objects know (a block must leave no moment in which the blocked user's frames still
 * reach the blocker; a joiner's next room list must already show the room as read; a logout's
 * sockets close within 2 s). A failure is logged, never thrown: the D1 write has committed, and a
 * room re-reads its copy from D1 within 5 minutes anyway.
 */
export interface RealtimeEffects {
  /** Membership of a room changed: it re-reads its members, closing the sockets of who left (4403). */
  roomMembersChanged: (change: MembershipChange) => Promise<void>;
  /** A block between two users was made or lifted: their direct room, if any, re-reads it. */
  blockChanged: (pair: { userIds: [string, string] }) => Promise<void>;
  /** Sessions ended: their sockets close (4401) and their unused tickets fail. */
  closeSessions: (sessions: SessionsToClose) => Promise<void>;
  /**
   * A suspension was set or lifted: the user's rooms re-read it (refusing their frames and
   * upgrades while it holds); a suspension also closes all their sockets (4401).
   */
  suspensionChanged: (change: { userId: string; suspended: boolean }) => Promise<void>;
  /** A moderator hid or restored a chat message: its room changes its log and tells its sockets. */
  moderateMessage: (change: { roomId: string; messageId: string; hidden: boolean }) => Promise<void>;
}

/** Starts `work` now; also kept alive past the answer, for a caller that does not await it. */
const runNow = (context: EffectContext, label: string, work: () => Promise<unknown>): Promise<void> => {
  const run = work().then(
    () => undefined,
    (error) => console.error(`${label} failed`, error),
  );
  context.waitUntil(run);
  return run;
};

export const realtimeEffects = (context: EffectContext): RealtimeEffects => {
  const { env } = context;
  return {
    roomMembersChanged: (change) =>
      runNow(context, "room membership sync", () => roomMembershipChanged(env, change)),
    blockChanged: (pair) =>
      runNow(context, "room block sync", () => blockChanged(env, createDb(env.DB), pair)),
    closeSessions: (sessions) =>
      runNow(context, "closing session sockets", () => closeSessionSockets(env, sessions)),
    suspensionChanged: (change) =>
      runNow(context, "suspension sync", () => suspensionChanged(env, createDb(env.DB), change)),
    moderateMessage: (change) => runNow(context, "message moderation", () => messageModerated(env, change)),
  };
};
