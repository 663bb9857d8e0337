import type { Env } from "../env";
import { CLOSE_REASON_SESSION_ENDED, CLOSE_SESSION_ENDED, inboxStub } from "./internal";

export interface SessionsToClose {
  userId: string;
  /** The sessions that ended, or "all" of the user's sessions so far. */
  sessionIds: readonly string[] | "all";
  /** 4401 unless the caller has a reason of its own. */
  code?: number;
  /** The close reason the app reads ("session ended" unless said otherwise). */
  reason?: string;
}

/**
 * Call after the D1 change that ended the sessions committed (logout, password change or reset,
 * a revoked session, account deletion, suspension). Closes every socket opened under those
 * sessions — the user's inbox and every room they opened one in — and makes their unused tickets
 * fail. Resolves once the sockets were told to close.
 */
export const closeSessionSockets = async (
  env: Env,
  { userId, sessionIds, code, reason }: SessionsToClose,
) => {
  if (sessionIds !== "all" && sessionIds.length === 0) return;
  await inboxStub(env, userId).endSessions(
    userId,
    sessionIds,
    code ?? CLOSE_SESSION_ENDED,
    reason ?? CLOSE_REASON_SESSION_ENDED,
  );
};
