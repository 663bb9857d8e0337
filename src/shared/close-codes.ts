/**
 * Close codes the Durable Objects send and the app acts on (3000–4999 are the application's own).
 * Plain data: the SPA imports it too.
 */
/** The socket's session ended: logout, password change or reset, a revoked session, account deletion, suspension. */
export const CLOSE_SESSION_ENDED = 4401;
/**
 * The close reason sent with 4401 when the account was suspended: its sessions go on (a suspended
 * user can still sign in and read), so the app shows the suspension instead of signing out.
 */
export const CLOSE_REASON_SUSPENDED = "suspended";
export const CLOSE_REASON_SESSION_ENDED = "session ended";
/** Not a member of the room any more, or a block now stands in this direct room. */
export const CLOSE_NOT_MEMBER = 4403;
export const CLOSE_ROOM_GONE = 4410;
