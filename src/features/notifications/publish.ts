import type { Env } from "../../env";

export interface CreatedNotification {
  id: string;
  userId: string;
}

/**
 * Pushes notifications that just committed to their recipients' Inbox Durable Objects.
 * Call it in `executionCtx.waitUntil(...)` after the batch that recorded them.
 * (Being implemented by the realtime work: Inbox DO RPC.)
 */
export const publishNotifications = async (env: Env, created: CreatedNotification[]): Promise<void> => {
  if (created.length === 0) return;
  void env;
};
