import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { createDb } from "../../src/db/client";
import { blocks, follows } from "../../src/db/schema";
import { call, json, signUp, type TestUser } from "../helpers";
import { type Frame, TestSocket, ticketFor } from "./socket";

export const db = createDb(env.DB);

/** Setup rows for the social graph (the social routes have their own tests). */
export const follow = (follower: TestUser, followee: TestUser) =>
  db.insert(follows).values({ followerId: follower.id, followeeId: followee.id });
export const block = (blocker: TestUser, blocked: TestUser) =>
  db.insert(blocks).values({ blockerId: blocker.id, blockedId: blocked.id });

export interface RoomJson {
  id: string;
  kind: string;
  title: string;
  peer: { id: string; nickname: string } | null;
  studyId: string | null;
  lastMessage: Frame | null;
  unreadCount: number;
  lastReadSeq: number;
  updatedAt: string;
}

/** Two fresh users and their direct room (`a` follows `b` and opened it). */
export const pairWithRoom = async () => {
  const [a, b] = await Promise.all([signUp("에이"), signUp("비")]);
  await follow(a, b);
  const response = await call("POST", "/api/chat/rooms", { token: a.token, body: { userId: b.id } });
  expect(response.status).toBe(201);
  const room = await json<RoomJson>(response);
  return { a, b, room };
};

/** Two users in their direct room, each with a socket that has had its `ready`. */
export const pairTalking = async () => {
  const { a, b, room } = await pairWithRoom();
  const sa = await openRoomSocket(a, room.id);
  const sb = await openRoomSocket(b, room.id);
  await sa.nextOf("ready");
  await sb.nextOf("ready");
  return { a, b, room, sa, sb };
};

export const openRoomSocket = async (user: TestUser, roomId: string, since?: number) => {
  const query = since === undefined ? "" : `&since=${since}`;
  const socket = await TestSocket.open(
    `/api/chat/rooms/${roomId}/ws?ticket=${await ticketFor(user)}${query}`,
  );
  return socket;
};

export const openInbox = async (user: TestUser, since?: string) => {
  const query = since === undefined ? "" : `&since=${since}`;
  return TestSocket.open(`/api/notifications/ws?ticket=${await ticketFor(user)}${query}`);
};

let clientCounter = 0;
export const clientId = () => `c-${Date.now().toString(36)}-${(clientCounter++).toString(36)}`;

/** Sends and waits for the sender's own copy (its acknowledgement). */
export const say = async (socket: TestSocket, body: string, id = clientId()) => {
  socket.send({ type: "send", clientId: id, body });
  const frame = await socket.next((f) => f.type === "message" && f.message.clientId === id);
  return frame.message as Frame;
};

export const roomsOf = async (user: TestUser) => {
  const response = await call("GET", "/api/chat/rooms", { token: user.token });
  expect(response.status).toBe(200);
  return (await json<{ items: RoomJson[] }>(response)).items;
};

export const historyOf = async (user: TestUser, roomId: string, query = "") => {
  const response = await call("GET", `/api/chat/rooms/${roomId}/messages${query}`, { token: user.token });
  expect(response.status).toBe(200);
  return json<{ items: Frame[]; hasMore: boolean }>(response);
};

/** workerd evicts a Durable Object after 10 s without events; hibernatable sockets stay connected. */
const IDLE_EVICTION_MS = 10_500;
const EVICTED = Symbol("marked before eviction");

/**
 * Lets a Durable Object hibernate for real: marks the running instance, stays silent until workerd
 * evicts it, and proves the next instance is a new one (the marker is gone). The test pool that runs
 * on Node 20 has no `evictDurableObject`; this is the same event, reached by waiting.
 */
export const evictByIdling = async (stub: DurableObjectStub) => {
  for (let attempt = 0; attempt < 3; attempt++) {
    await runInDurableObject(stub, (instance) => {
      Object.defineProperty(instance, EVICTED, { value: true });
    });
    await new Promise((resolve) => setTimeout(resolve, IDLE_EVICTION_MS));
    if (!(await runInDurableObject(stub, (instance) => EVICTED in instance))) return;
  }
  throw new Error("the Durable Object was not evicted after idling");
};
