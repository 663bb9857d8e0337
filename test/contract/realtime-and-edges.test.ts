/**
 * The two WebSocket routes' frames in API.md's shapes, and the cross-cutting rules that are not
 * one route's: the refresh cookie's attributes, 429 with Retry-After, CORS preflight, search input
 * that looks like syntax, numbers far out of range.
 */
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { call, signUp, uniqueEmail } from "../helpers";
import { openInbox, openRoomSocket } from "../realtime/support";
import { png, uploadForm } from "../social/support";
import { studyBody } from "../studies/fixtures";
import { api, checkAnswer, expectAnswer, expectError } from "./client";
import {
  expectShape,
  image,
  message,
  notification,
  post,
  room,
  searchResult,
  studyDetail,
  studyPage,
} from "./shapes";

describe("WebSocket frames", () => {
  it("chat: ready {lastSeq}, message / updated {message}, read {userId, seq}, typing {userId}, error", async () => {
    const [ann, bob] = [await signUp("소켓앤"), await signUp("소켓밥")];
    await api("PUT", `/api/users/${bob.id}/follow`, { token: ann.token });
    const opened = expectAnswer(
      await api("POST", "/api/chat/rooms", { token: ann.token, body: { userId: bob.id } }),
      201,
      room,
    );
    const mine = await openRoomSocket(ann, opened.id);
    const theirs = await openRoomSocket(bob, opened.id, 0);
    expectShape(
      z.strictObject({ type: z.literal("ready"), lastSeq: z.literal(0) }),
      await mine.nextOf("ready"),
    );
    await theirs.nextOf("ready");

    const clientId = crypto.randomUUID();
    mine.send({ type: "send", clientId, body: "첫 메시지" });
    const sent = expectShape(
      z.strictObject({ type: z.literal("message"), message }),
      await mine.nextOf("message"),
    );
    expect(sent.message).toMatchObject({
      seq: 1,
      clientId,
      body: "첫 메시지",
      deleted: false,
      editedAt: null,
    });
    expect(sent.message.sender.id).toBe(ann.id);
    expect((await theirs.nextOf("message")).message).toEqual(sent.message);

    mine.send({ type: "edit", id: sent.message.id, body: "고친 메시지" });
    const updated = expectShape(
      z.strictObject({ type: z.literal("updated"), message }),
      await theirs.nextOf("updated"),
    );
    expect(updated.message).toMatchObject({ body: "고친 메시지", seq: 1 });
    expect(updated.message.editedAt).not.toBeNull();

    theirs.send({ type: "read", seq: 1 });
    expectShape(
      z.strictObject({ type: z.literal("read"), userId: z.literal(bob.id), seq: z.literal(1) }),
      await mine.nextOf("read"),
    );
    theirs.send({ type: "typing" });
    expectShape(
      z.strictObject({ type: z.literal("typing"), userId: z.literal(bob.id) }),
      await mine.nextOf("typing"),
    );

    mine.send({ type: "send", clientId: "bad id with spaces", body: "x" });
    expectShape(
      z.strictObject({
        type: z.literal("error"),
        code: z.string().regex(/^[a-z_]+$/),
        message: z.string().min(1),
        clientId: z.string().optional(),
      }),
      await mine.nextOf("error"),
    );
    mine.send({ type: "delete", id: sent.message.id });
    const deleted = await theirs.nextOf("updated");
    expect(expectShape(message, deleted.message).deleted).toBe(true);
    mine.close();
    theirs.close();
  });

  it("notifications: unread {count}, ready, notification {Notification}, chat {roomId, lastMessage, unreadCount}", async () => {
    const [ann, bob] = [await signUp("받는이"), await signUp("보내는이")];
    const inbox = await openInbox(ann);
    expectShape(z.strictObject({ type: z.literal("ready") }), await inbox.nextOf("ready"));
    // realtime.md: the count is also sent on connect, before `ready`.
    expectShape(
      z.strictObject({ type: z.literal("unread"), count: z.literal(0) }),
      await inbox.nextOf("unread"),
    );

    await api("PUT", `/api/users/${ann.id}/follow`, { token: bob.token });
    const pushed = expectShape(
      z.strictObject({ type: z.literal("notification"), notification }),
      await inbox.nextOf("notification"),
    );
    expect(pushed.notification).toMatchObject({ kind: "follow", target: { type: "user", id: bob.id } });
    expectShape(
      z.strictObject({ type: z.literal("unread"), count: z.literal(1) }),
      await inbox.nextOf("unread"),
    );

    const opened = expectAnswer(
      await api("POST", "/api/chat/rooms", { token: bob.token, body: { userId: ann.id } }),
      201,
      room,
    );
    const socket = await openRoomSocket(bob, opened.id);
    await socket.nextOf("ready");
    socket.send({ type: "send", clientId: crypto.randomUUID(), body: "안녕하세요" });
    const chat = expectShape(
      z.strictObject({
        type: z.literal("chat"),
        roomId: z.literal(opened.id),
        lastMessage: message,
        unreadCount: z.number().int().min(0),
      }),
      await inbox.next((frame) => frame.type === "chat" && frame.lastMessage !== null),
    );
    expect(chat.unreadCount).toBe(1);
    socket.close();

    const replay = await openInbox(ann, pushed.notification.id);
    const replayed = await replay.next((frame) => frame.type === "notification");
    expect(expectShape(notification, replayed.notification).kind).toBe("chat_room");
    inbox.close();
    replay.close();
  });
});

describe("cross-cutting rules", () => {
  it("sets the refresh cookie as API.md says (HttpOnly, SameSite=Strict, Path=/api/auth; no Secure on plain local http)", async () => {
    const response = await call("POST", "/api/auth/signup", {
      body: { email: uniqueEmail("cookie"), password: "long enough pw" },
    });
    const cookie = response.headers.getAll("Set-Cookie").find((header) => header.startsWith("orgo_refresh="));
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Path=\/api\/auth(;|$)/);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it("answers 429 rate_limited with Retry-After once failed logins for one email are used up", async () => {
    const user = await signUp("잠김");
    let answer = await api("POST", "/api/auth/login", {
      body: { email: user.email, password: "wrong one!" },
    });
    for (let attempt = 0; attempt < 12 && answer.status !== 429; attempt++) {
      expectError(answer, 401, "invalid_credentials");
      answer = await api("POST", "/api/auth/login", { body: { email: user.email, password: "wrong one!" } });
    }
    expectError(answer, 429, "rate_limited");
    expect(Number(answer.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("answers a CORS preflight from the SPA's origin, with X-Request-Id", async () => {
    const preflight = await checkAnswer(
      "OPTIONS /api/posts",
      await call("OPTIONS", "/api/posts", {
        headers: {
          Origin: "http://127.0.0.1:8787",
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "authorization, content-type",
        },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("http://127.0.0.1:8787");
  });

  it("takes search and study-list text that looks like syntax as plain text", async () => {
    for (const q of ['"', "*", "NEAR(", "title:x", "a OR b", "%_\\", "'; --", "가", "😀", "-", "^x"]) {
      expectAnswer(await api("GET", `/api/search?q=${encodeURIComponent(q)}`), 200, searchResult);
      expectAnswer(
        await api("GET", `/api/search?q=${encodeURIComponent(q)}&type=studies`),
        200,
        searchResult,
      );
      expectAnswer(await api("GET", `/api/studies?q=${encodeURIComponent(q)}`), 200, studyPage);
    }
    expectError(await api("GET", `/api/search?q=${"가".repeat(101)}`), 422, "validation_failed");
    expectError(await api("GET", "/api/search?q=x&type=everything"), 422, "validation_failed");
  });

  it("refuses numbers far out of range with 422, never 500", async () => {
    const user = await signUp("숫자");
    for (const maxMembers of [1e300, -1, 2.5, "5"]) {
      expectError(
        await api("POST", "/api/studies", { token: user.token, body: studyBody({ maxMembers }) }),
        422,
        "validation_failed",
      );
    }
    expectError(await api("GET", "/api/posts?limit=9007199254740993"), 422, "validation_failed");
    expectError(await api("GET", "/api/studies?page=1e30"), 422, "validation_failed");
    const study = expectAnswer(
      await api("POST", "/api/studies", { token: user.token, body: studyBody() }),
      201,
      studyDetail,
    );
    const rooms = expectAnswer(
      await api("GET", "/api/chat/rooms", { token: user.token }),
      200,
      z.strictObject({ items: z.array(room) }),
    );
    const studyRoom = rooms.items.find((item) => item.studyId === study.id);
    expect(studyRoom).toBeDefined();
    const roomId = studyRoom?.id as string;
    expectError(
      await api("POST", `/api/chat/rooms/${roomId}/read`, { token: user.token, body: { seq: 1e300 } }),
      422,
      "validation_failed",
    );
    expect(
      (await api("POST", `/api/chat/rooms/${roomId}/read`, { token: user.token, body: { seq: 2 ** 31 } }))
        .status,
    ).toBe(204);
    expectError(
      await api("GET", `/api/chat/rooms/${roomId}/messages?before=1e400`, { token: user.token }),
      422,
      "validation_failed",
    );
    expectError(await api("DELETE", `/api/chat/rooms/${roomId}`, { token: user.token }), 409, "conflict");
  });

  it("accepts every limit exactly on the widest writes (D1's 100 bound parameters per statement)", async () => {
    const user = await signUp("한계");
    const upload = async () =>
      expectAnswer(
        await api("POST", "/api/images", { token: user.token, body: uploadForm(png()) }),
        201,
        image,
      ).id;
    const first: string[] = [];
    const second: string[] = [];
    for (let index = 0; index < 10; index++) first.push(await upload());
    for (let index = 0; index < 10; index++) second.push(await upload());
    const created = expectAnswer(
      await api("POST", "/api/posts", {
        token: user.token,
        body: { title: "t".repeat(120), body: "b".repeat(10_000), imageIds: first },
      }),
      201,
      post,
    );
    const swapped = [...second.slice(0, 5), ...first.slice(0, 5).reverse()];
    const edited = expectAnswer(
      await api("PATCH", `/api/posts/${created.id}`, { token: user.token, body: { imageIds: swapped } }),
      200,
      post,
    );
    expect(edited.images.map((item) => item.id)).toEqual(swapped);

    const tags = Array.from({ length: 10 }, (_, index) => `${"태".repeat(28)}${index}`);
    const study = expectAnswer(
      await api("POST", "/api/studies", {
        token: user.token,
        body: studyBody({ title: "s".repeat(120), description: "d".repeat(5000), tags, maxMembers: 100 }),
      }),
      201,
      studyDetail,
    );
    expect(study.tags).toEqual(tags);
    const retagged = expectAnswer(
      await api("PATCH", `/api/studies/${study.id}`, {
        token: user.token,
        body: { tags: [...tags].reverse(), location: "l".repeat(100), maxMembers: 2 },
      }),
      200,
      studyDetail,
    );
    expect(retagged.tags).toEqual([...tags].reverse());
    expectError(
      await api("PUT", `/api/studies/${study.id}/tags/eleventh`, { token: user.token }),
      422,
      "validation_failed",
    );

    const ids = Array.from(
      { length: 50 },
      (_, index) => `${"n".repeat(60)}${index.toString().padStart(4, "0")}`,
    );
    expectAnswer(
      await api("POST", "/api/notifications/read", { token: user.token, body: { ids } }),
      200,
      z.strictObject({ unreadCount: z.literal(0) }),
    );
    expectError(
      await api("POST", "/api/notifications/read", {
        token: user.token,
        body: { ids: [...ids, "one-more"] },
      }),
      422,
      "validation_failed",
    );
  });
});
