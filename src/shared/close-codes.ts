/**
 * Close codes the Durable Objects send and the app acts on (3000–4999 are the application's own).
 * Plain data: the SPA imports it too.
 */
export const CLOSE_ACCOUNT_GONE = 4401;
export const CLOSE_NOT_MEMBER = 4403;
export const CLOSE_ROOM_GONE = 4410;
