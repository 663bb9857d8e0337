/** Close codes the Durable Objects send (mirrors src/realtime/internal.ts, which is worker-only code). */
export const CLOSE_NOT_MEMBER = 4403;
export const CLOSE_ROOM_GONE = 4410;
export const CLOSE_ACCOUNT_GONE = 4401;
