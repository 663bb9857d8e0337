import { type AccountChatPlan, purgeDeletedAccountChat } from "../features/chat/purge";
import { chatRoomStub } from "../realtime/internal";
import { type EffectContext, runLater } from "./run";

/** Telling a room's Durable Object what D1 already says (its members and its log are its own). */
export interface RoomEffects {
  /** Deletes a room's message log and closes its sockets, after its `chat_rooms` row went. */
  purgeRoom: (room: { roomId: string }) => void;
  /**
   * After an account was deleted: its direct rooms go, its messages leave the study rooms, every
   * session's sockets close and its inbox forgets its conversation list. The plan is read before the deletion batch (`accountChatPlan`).
   */
  purgeAccountChat: (plan: AccountChatPlan) => void;
}

export const roomEffects = (context: EffectContext): RoomEffects => ({
  purgeRoom: ({ roomId }) => runLater(context, "room purge", () => chatRoomStub(context.env, roomId).purge()),
  purgeAccountChat: (plan) =>
    runLater(context, "chat purge", () => purgeDeletedAccountChat(context.env, plan)),
});
