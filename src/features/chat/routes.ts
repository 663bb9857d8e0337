import { Hono } from "hono";
import { requireAuth, requireAuthInBatchSelfCare } from "../../auth/middleware";
import type { Env } from "../../env";
import type { AppEnv } from "../../lib/context";
import { validate } from "../../lib/validate";
import { chatRoomStub, inboxStub } from "../../realtime/internal";
import { openRoomSocket, requireTicket } from "../../realtime/upgrade";
import { historyQuery, openRoomBody, readBody, roomParam, roomSocketQuery } from "./schema";
import {
  chatCandidates,
  leaveRoom,
  listRooms,
  openDirectRoom,
  type PositionsOf,
  requireMember,
  requireMemberToWrite,
} from "./service";

/** The caller's positions in their rooms, from their inbox (which owns them). */
const positionsFrom =
  (env: Env, userId: string): PositionsOf =>
  async (roomIds) =>
    new Map((await inboxStub(env, userId).conversationsOf(roomIds)).map((c) => [c.roomId, c]));

/** `/api/chat`: rooms, history and read positions over HTTP; live messages over the room socket. */
export const chatRoutes = new Hono<AppEnv>()
  .get("/rooms", requireAuth, async (c) =>
    c.json({
      items: await listRooms(c.var.db, {
        userId: c.var.userId,
        positionsOf: positionsFrom(c.env, c.var.userId),
      }),
    }),
  )
  .get("/candidates", requireAuth, async (c) =>
    c.json({ items: await chatCandidates(c.var.db, c.var.userId) }),
  )
  .post("/rooms", requireAuth, validate("json", openRoomBody), async (c) => {
    const opened = await openDirectRoom(
      c.var.db,
      {
        userId: c.var.userId,
        peerId: c.req.valid("json").userId,
        positionsOf: positionsFrom(c.env, c.var.userId),
      },
      c.var.effects,
    );
    return c.json(opened.room, opened.created ? 201 : 200);
  })
  .delete("/rooms/:id", requireAuth, validate("param", roomParam), async (c) => {
    await leaveRoom(c.var.db, { userId: c.var.userId, roomId: c.req.valid("param").id }, c.var.effects);
    return c.body(null, 204);
  })
  .get(
    "/rooms/:id/messages",
    requireAuth,
    validate("param", roomParam),
    validate("query", historyQuery),
    async (c) => {
      const { id } = c.req.valid("param");
      await requireMember(c.var.db, { userId: c.var.userId, roomId: id });
      return c.json(await chatRoomStub(c.env, id).history(id, c.req.valid("query")));
    },
  )
  .post(
    "/rooms/:id/read",
    requireAuthInBatchSelfCare,
    validate("param", roomParam),
    validate("json", readBody),
    async (c) => {
      const userId = c.var.userId;
      const { id } = c.req.valid("param");
      await requireMemberToWrite(c.var.db, { userId, roomId: id }, c.var.writeGate);
      await chatRoomStub(c.env, id).markRead(id, userId, c.req.valid("json").seq);
      return c.body(null, 204);
    },
  );

/**
 * `/api/chat/rooms/:id/ws`: the room socket. Mounted apart from `chatRoutes` (see app.ts): the
 * Durable Object's 101 response has immutable headers, so no header middleware may run on it.
 */
export const chatSocketRoutes = new Hono<AppEnv>().get(
  "/rooms/:id/ws",
  requireTicket,
  validate("param", roomParam),
  validate("query", roomSocketQuery),
  // Membership, blocks and the socket limit are the room's own decision, from its own copy (no D1).
  async (c) => openRoomSocket(c.env, c.req.raw, c.var.ticket, c.req.valid("param").id),
);
