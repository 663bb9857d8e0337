/**
 * Walks every route of API.md once, as a client would, and checks each answer's status and exact
 * shape (strict schemas: no missing, extra or retyped field). `api` also checks, on every answer,
 * X-Request-Id, no 500, empty 204 bodies, the error shape and that no email leaves `Me`.
 */
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { signUp, type TestUser } from "../helpers";
import { openRoomSocket } from "../realtime/support";
import { png, uploadForm } from "../social/support";
import { studyBody } from "../studies/fixtures";
import { api, expectAnswer, expectError, raw } from "./client";
import {
  comment,
  commentThread,
  cursorPage,
  expectShape,
  followCard,
  history,
  image,
  likeState,
  me,
  message,
  notification,
  notificationPage,
  post,
  postSummary,
  profile,
  room,
  searchResult,
  session,
  studyDetail,
  studyPage,
  userCard,
} from "./shapes";

const as = (user: TestUser) => ({ token: user.token });

describe("auth", () => {
  it("signup 201, login 200, refresh 200, ticket 200, logout 204, providers, oauth start and bad callback", async () => {
    const email = `contract-${crypto.randomUUID()}@example.com`;
    const signedUp = await api("POST", "/api/auth/signup", {
      body: { email, password: "long enough pw", nickname: "계약" },
    });
    const created = expectAnswer(signedUp, 201, session);
    expect(created.user).toMatchObject({ email, nickname: "계약", bio: "", avatarUrl: null });
    expect(created.user.providers).toEqual(["password"]);
    expect(signedUp.headers.get("Set-Cookie")).toMatch(/orgo_refresh=.*HttpOnly/i);

    expectError(
      await api("POST", "/api/auth/signup", {
        body: { email: email.toUpperCase(), password: "long enough pw" },
      }),
      409,
      "email_taken",
    );

    const loggedIn = await api("POST", "/api/auth/login", { body: { email, password: "long enough pw" } });
    expectAnswer(loggedIn, 200, session);
    const cookie = loggedIn.headers.get("Set-Cookie")?.split(";")[0] ?? "";
    expectError(
      await api("POST", "/api/auth/login", { body: { email, password: "wrong password" } }),
      401,
      "invalid_credentials",
    );

    const refreshed = expectAnswer(
      await api("POST", "/api/auth/refresh", { cookie }),
      200,
      z.strictObject({ accessToken: z.string().min(1) }),
    );
    const ticket = expectAnswer(
      await api("POST", "/api/realtime/ticket", { token: refreshed.accessToken }),
      200,
      z.strictObject({ ticket: z.string().min(1), expiresIn: z.number().int().positive().max(60) }),
    );
    expect(ticket.expiresIn).toBe(60);
    expectError(await api("POST", "/api/realtime/ticket"), 401, "unauthorized");
    // Replaying the rotated cookie revokes the session: its access tokens can write no more.
    expectError(await api("POST", "/api/auth/refresh", { cookie }), 401, "unauthorized");
    expectError(
      await api("POST", "/api/realtime/ticket", { token: refreshed.accessToken }),
      401,
      "unauthorized",
    );

    const fresh = await api("POST", "/api/auth/login", { body: { email, password: "long enough pw" } });
    const freshCookie = fresh.headers.get("Set-Cookie")?.split(";")[0] ?? "";
    const out = await api("POST", "/api/auth/logout", { cookie: freshCookie });
    expect(out.status).toBe(204);
    expectError(await api("POST", "/api/auth/refresh", { cookie: freshCookie }), 401);

    expectAnswer(
      await api("GET", "/api/auth/providers"),
      200,
      z.strictObject({ providers: z.array(z.enum(["github", "google"])) }),
    );
    const start = await raw("GET", "/api/auth/oauth/github", {});
    expect(start.status).toBe(302);
    expect(start.headers.get("Location")).toMatch(
      /^https:\/\/github\.com\/login\/oauth\/authorize\?.*state=/,
    );
    expect(start.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    expectError(await raw("GET", "/api/auth/oauth/github/callback?code=x&state=y", {}), 400);
    expectError(await raw("GET", "/api/auth/oauth/myspace", {}), 404);
  });
});

describe("users, profiles, follows, blocks", () => {
  it("answers Me, Profile, follow lists, blocks and the account routes in the documented shapes", async () => {
    const [ann, bob, cat] = [await signUp("앤"), await signUp("밥"), await signUp("캣")];

    const mine = expectAnswer(await api("GET", "/api/users/me", as(ann)), 200, me);
    expect(mine.email).toBe(ann.email);
    const patched = expectAnswer(
      await api("PATCH", "/api/users/me", { ...as(ann), body: { nickname: "앤2", bio: "안녕" } }),
      200,
      me,
    );
    expect(patched).toMatchObject({ nickname: "앤2", bio: "안녕" });
    const avatar = expectAnswer(
      await api("PUT", "/api/users/me/avatar", { ...as(ann), body: uploadForm(png(4, 4)) }),
      200,
      me,
    );
    expect(avatar.avatarUrl).toBeTruthy();
    const bytes = await api("GET", avatar.avatarUrl as string);
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get("Content-Type")).toBe("image/png");
    expect(bytes.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(bytes.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(bytes.headers.get("ETag")).toBeTruthy();
    const cached = await api("GET", avatar.avatarUrl as string, {
      headers: { "If-None-Match": bytes.headers.get("ETag") as string },
    });
    expect(cached.status).toBe(304);

    const followed = expectAnswer(await api("PUT", `/api/users/${bob.id}/follow`, as(ann)), 200, profile);
    expect(followed).toMatchObject({ id: bob.id, isFollowing: true, followerCount: 1 });
    expectAnswer(await api("PUT", `/api/users/${bob.id}/follow`, as(ann)), 200, profile);
    await api("PUT", `/api/users/${ann.id}/follow`, as(cat));

    const seen = expectAnswer(await api("GET", `/api/users/${ann.id}`, as(bob)), 200, profile);
    expect(seen).toMatchObject({ followingCount: 1, followerCount: 1, avatarUrl: avatar.avatarUrl });
    expectAnswer(await api("GET", `/api/users/${ann.id}`), 200, profile);

    const followers = expectAnswer(
      await api("GET", `/api/users/${ann.id}/followers?limit=1`, as(bob)),
      200,
      cursorPage(followCard),
    );
    expect(followers.items.map((item) => item.id)).toEqual([cat.id]);
    const following = expectAnswer(
      await api("GET", `/api/users/${ann.id}/following`),
      200,
      cursorPage(followCard),
    );
    expect(following.items.map((item) => item.id)).toEqual([bob.id]);
    expectAnswer(await api("GET", `/api/users/${ann.id}/posts`), 200, cursorPage(postSummary));

    expectError(await api("PUT", `/api/users/${ann.id}/follow`, as(ann)), 422, "validation_failed");
    const unfollowed = expectAnswer(
      await api("DELETE", `/api/users/${bob.id}/follow`, as(ann)),
      200,
      profile,
    );
    expect(unfollowed.isFollowing).toBe(false);

    const blocked = await api("PUT", `/api/users/${cat.id}/block`, as(ann));
    expect(blocked.status).toBe(204);
    expect((await api("PUT", `/api/users/${cat.id}/block`, as(ann))).status).toBe(204);
    const blocks = expectAnswer(await api("GET", "/api/users/me/blocks", as(ann)), 200, cursorPage(userCard));
    expect(blocks.items.map((item) => item.id)).toEqual([cat.id]);
    expectError(await api("PUT", `/api/users/${ann.id}/follow`, as(cat)), 403, "blocked");
    expect((await api("DELETE", `/api/users/${cat.id}/block`, as(ann))).status).toBe(204);

    expectError(
      await api("POST", "/api/users/me/password", {
        ...as(bob),
        body: { currentPassword: "not it at all", newPassword: "another long one" },
      }),
      403,
      "wrong_password",
    );
    const changed = await api("POST", "/api/users/me/password", {
      ...as(bob),
      body: { currentPassword: bob.password, newPassword: "another long one" },
    });
    expect(changed.status).toBe(204);

    expectError(
      await api("DELETE", "/api/users/me", { ...as(cat), body: { password: "nope nope" } }),
      403,
      "wrong_password",
    );
    expect(
      (await api("DELETE", "/api/users/me", { ...as(cat), body: { password: cat.password } })).status,
    ).toBe(204);
    expectError(await api("GET", `/api/users/${cat.id}`), 404, "not_found");
  });
});

describe("posts, images, comments, likes", () => {
  it("answers Image, Post, PostSummary, Comment and like states in the documented shapes", async () => {
    const [ann, bob] = [await signUp("글쓴이"), await signUp("독자")];
    const uploaded = expectAnswer(
      await api("POST", "/api/images", { ...as(ann), body: uploadForm(png(2, 3), "그림") }),
      201,
      image,
    );
    expect(uploaded).toMatchObject({ width: 2, height: 3, alt: "그림" });
    const bare = expectAnswer(
      await api("POST", "/api/images", { ...as(ann), body: uploadForm(png()) }),
      201,
      image,
    );
    expect(bare).not.toHaveProperty("alt");

    const created = expectAnswer(
      await api("POST", "/api/posts", {
        ...as(ann),
        body: { title: "계약 검사", body: "본문 ".repeat(100), imageIds: [uploaded.id, bare.id] },
      }),
      201,
      post,
    );
    expect(created.images.map((item) => item.id)).toEqual([uploaded.id, bare.id]);
    expect(created).toMatchObject({ likeCount: 0, commentCount: 0, likedByMe: false });

    const read = expectAnswer(await api("GET", `/api/posts/${created.id}`, as(bob)), 200, post);
    expect(read.viewCount).toBe(1);
    expectAnswer(await api("GET", `/api/posts/${created.id}`), 200, post);

    const edited = expectAnswer(
      await api("PATCH", `/api/posts/${created.id}`, {
        ...as(ann),
        body: { title: "고침", imageIds: [bare.id] },
      }),
      200,
      post,
    );
    expect(edited.images.map((item) => item.id)).toEqual([bare.id]);
    expectError(
      await api("PATCH", `/api/posts/${created.id}`, { ...as(bob), body: { title: "남의 글" } }),
      403,
    );

    const liked = expectAnswer(await api("PUT", `/api/posts/${created.id}/like`, as(bob)), 200, likeState);
    expect(liked).toEqual({ likeCount: 1, likedByMe: true });
    expect(expectAnswer(await api("PUT", `/api/posts/${created.id}/like`, as(bob)), 200, likeState)).toEqual(
      liked,
    );

    await api("PUT", `/api/users/${ann.id}/follow`, as(bob));
    const latest = expectAnswer(
      await api("GET", "/api/posts?feed=latest&limit=5", as(bob)),
      200,
      cursorPage(postSummary),
    );
    expect(latest.items.find((item) => item.id === created.id)?.likedByMe).toBe(true);
    const followingFeed = expectAnswer(
      await api("GET", "/api/posts?feed=following", as(bob)),
      200,
      cursorPage(postSummary),
    );
    expect(followingFeed.items.map((item) => item.id)).toEqual([created.id]);
    expectError(await api("GET", "/api/posts?feed=following"), 401, "unauthorized");
    expectAnswer(await api("GET", "/api/posts"), 200, cursorPage(postSummary));
    expectAnswer(
      await api("GET", "/api/posts/popular", as(bob)),
      200,
      z.strictObject({ items: z.array(postSummary).max(5) }),
    );
    expectAnswer(await api("GET", `/api/users/${ann.id}/posts`, as(bob)), 200, cursorPage(postSummary));

    const top = expectAnswer(
      await api("POST", `/api/posts/${created.id}/comments`, { ...as(bob), body: { body: "첫 댓글" } }),
      201,
      comment,
    );
    expect(top).toMatchObject({ postId: created.id, parentId: null, deleted: false, author: { id: bob.id } });
    const reply = expectAnswer(
      await api("POST", `/api/posts/${created.id}/comments`, {
        ...as(ann),
        body: { body: "답글", parentId: top.id },
      }),
      201,
      comment,
    );
    expect(reply.parentId).toBe(top.id);
    expectError(
      await api("POST", `/api/posts/${created.id}/comments`, {
        ...as(ann),
        body: { body: "x", parentId: reply.id },
      }),
      422,
      "validation_failed",
    );
    expectAnswer(
      await api("PATCH", `/api/comments/${top.id}`, { ...as(bob), body: { body: "고친 댓글" } }),
      200,
      comment,
    );
    expectError(
      await api("PATCH", `/api/comments/${top.id}`, { ...as(ann), body: { body: "남의 댓글" } }),
      403,
    );
    expect((await api("DELETE", `/api/comments/${top.id}`, as(bob))).status).toBe(204);
    const thread = expectAnswer(
      await api("GET", `/api/posts/${created.id}/comments`),
      200,
      cursorPage(commentThread),
    );
    expect(thread.items).toHaveLength(1);
    expect(thread.items[0]).toMatchObject({ id: top.id, deleted: true, body: null, author: null });
    expect(thread.items[0]?.replies.map((item) => item.id)).toEqual([reply.id]);

    const unliked = expectAnswer(
      await api("DELETE", `/api/posts/${created.id}/like`, as(bob)),
      200,
      likeState,
    );
    expect(unliked).toEqual({ likeCount: 0, likedByMe: false });
    expectError(await api("DELETE", `/api/posts/${created.id}`, as(bob)), 403);
    expect((await api("DELETE", `/api/posts/${created.id}`, as(ann))).status).toBe(204);
    expectError(await api("GET", `/api/posts/${created.id}`), 404, "not_found");
  });
});

describe("studies", () => {
  it("answers Study, Study + members and the numbered page in the documented shapes", async () => {
    const [leader, joiner] = [await signUp("스터디장"), await signUp("참가자")];
    const created = expectAnswer(
      await api("POST", "/api/studies", { ...as(leader), body: studyBody({ maxMembers: 3, tags: ["ts"] }) }),
      201,
      studyDetail,
    );
    expect(created).toMatchObject({ memberCount: 1, status: "recruiting", isMember: true, location: null });
    expect(created.members.map((member) => member.id)).toEqual([leader.id]);

    expectAnswer(await api("GET", `/api/studies/${created.id}`), 200, studyDetail);
    const page = expectAnswer(await api("GET", "/api/studies?page=1&pageSize=3", as(joiner)), 200, studyPage);
    expect(page).toMatchObject({ page: 1, pageSize: 3 });
    expect(page.totalPages).toBe(Math.ceil(page.total / 3));
    const past = expectAnswer(await api("GET", "/api/studies?page=99999"), 200, studyPage);
    expect(past.items).toEqual([]);

    expectAnswer(
      await api("PATCH", `/api/studies/${created.id}`, {
        ...as(leader),
        body: { title: "바뀐 제목", location: "강남" },
      }),
      200,
      studyDetail,
    );
    expectError(
      await api("PATCH", `/api/studies/${created.id}`, { ...as(joiner), body: { title: "x" } }),
      403,
    );
    const tagged = expectAnswer(
      await api("PUT", `/api/studies/${created.id}/tags/react`, as(leader)),
      200,
      studyDetail,
    );
    expect(tagged.tags).toEqual(["ts", "react"]);
    const untagged = expectAnswer(
      await api("DELETE", `/api/studies/${created.id}/tags/ts`, as(leader)),
      200,
      studyDetail,
    );
    expect(untagged.tags).toEqual(["react"]);

    const joined = expectAnswer(
      await api("PUT", `/api/studies/${created.id}/membership`, as(joiner)),
      200,
      studyDetail,
    );
    expect(joined).toMatchObject({ memberCount: 2, status: "recruiting", isMember: true });
    const third = await signUp("세 번째");
    const full = expectAnswer(
      await api("PUT", `/api/studies/${created.id}/membership`, as(third)),
      200,
      studyDetail,
    );
    expect(full).toMatchObject({ memberCount: 3, status: "full" });
    const late = await signUp("늦은 사람");
    expectError(await api("PUT", `/api/studies/${created.id}/membership`, as(late)), 409, "study_full");
    expectError(
      await api("PATCH", `/api/studies/${created.id}`, { ...as(leader), body: { maxMembers: 2 } }),
      409,
      "conflict",
    );
    expectError(
      await api("DELETE", `/api/studies/${created.id}/membership`, as(leader)),
      409,
      "leader_cannot_leave",
    );
    const left = expectAnswer(
      await api("DELETE", `/api/studies/${created.id}/membership`, as(joiner)),
      200,
      studyDetail,
    );
    expect(left).toMatchObject({ memberCount: 2, isMember: false, status: "recruiting" });

    const ended = expectAnswer(
      await api("POST", "/api/studies", {
        ...as(leader),
        body: studyBody({ startDate: "2020-01-01", endDate: "2020-01-02" }),
      }),
      201,
      studyDetail,
    );
    expect(ended.status).toBe("ended");
    expectError(await api("PUT", `/api/studies/${ended.id}/membership`, as(joiner)), 409, "study_ended");

    expectError(await api("DELETE", `/api/studies/${created.id}`, as(joiner)), 403);
    expect((await api("DELETE", `/api/studies/${created.id}`, as(leader))).status).toBe(204);
    expectError(await api("GET", `/api/studies/${created.id}`), 404, "not_found");
  });
});

describe("search", () => {
  it("answers {posts, users, studies, nextCursor} for every type", async () => {
    const word = `계약검색${crypto.randomUUID().slice(0, 6)}`;
    const author = await signUp("검색대상");
    await api("PATCH", "/api/users/me", { ...as(author), body: { bio: word } });
    await api("POST", "/api/posts", { ...as(author), body: { title: word, body: "본문" } });
    await api("POST", "/api/studies", { ...as(author), body: studyBody({ title: word }) });
    const all = expectAnswer(
      await api("GET", `/api/search?q=${encodeURIComponent(word)}`),
      200,
      searchResult,
    );
    expect([all.posts.length, all.users.length, all.studies.length]).toEqual([1, 1, 1]);
    for (const type of ["posts", "users", "studies"]) {
      expectAnswer(
        await api("GET", `/api/search?q=${encodeURIComponent(word)}&type=${type}&limit=1`, as(author)),
        200,
        searchResult,
      );
    }
    expectError(await api("GET", "/api/search?q="), 422, "validation_failed");
  });
});

describe("chat", () => {
  it("answers Room, Message, candidates and history in the documented shapes", async () => {
    const [ann, bob] = [await signUp("채팅앤"), await signUp("채팅밥")];
    expectError(await api("POST", "/api/chat/rooms", { ...as(ann), body: { userId: bob.id } }), 403);
    await api("PUT", `/api/users/${bob.id}/follow`, as(ann));
    const candidates = expectAnswer(
      await api("GET", "/api/chat/candidates", as(ann)),
      200,
      z.strictObject({ items: z.array(userCard) }),
    );
    expect(candidates.items.map((item) => item.id)).toEqual([bob.id]);

    const opened = expectAnswer(
      await api("POST", "/api/chat/rooms", { ...as(ann), body: { userId: bob.id } }),
      201,
      room,
    );
    expect(opened).toMatchObject({ kind: "direct", peer: { id: bob.id }, studyId: null, lastMessage: null });
    expectAnswer(await api("POST", "/api/chat/rooms", { ...as(ann), body: { userId: bob.id } }), 200, room);

    const socket = await openRoomSocket(ann, opened.id);
    await socket.nextOf("ready");
    socket.send({ type: "send", clientId: crypto.randomUUID(), body: "안녕" });
    const echoed = await socket.nextOf("message");
    socket.close();
    const sent = expectShape(message, echoed.message);
    expect(sent.seq).toBe(1);

    const messages = expectAnswer(
      await api("GET", `/api/chat/rooms/${opened.id}/messages`, as(bob)),
      200,
      history,
    );
    expect(messages).toEqual({ items: [sent], hasMore: false });
    expectAnswer(
      await api("GET", `/api/chat/rooms/${opened.id}/messages?before=1&limit=5`, as(bob)),
      200,
      history,
    );
    expectAnswer(await api("GET", `/api/chat/rooms/${opened.id}/messages?after=0`, as(bob)), 200, history);

    await expect
      .poll(async () => {
        const rooms = expectAnswer(
          await api("GET", "/api/chat/rooms", as(bob)),
          200,
          z.strictObject({ items: z.array(room) }),
        );
        return rooms.items.find((item) => item.id === opened.id)?.unreadCount;
      })
      .toBe(1);
    expect(
      (await api("POST", `/api/chat/rooms/${opened.id}/read`, { ...as(bob), body: { seq: 1 } })).status,
    ).toBe(204);

    const stranger = await signUp("남");
    expectError(await api("GET", `/api/chat/rooms/${opened.id}/messages`, as(stranger)), 403);
    expect((await api("DELETE", `/api/chat/rooms/${opened.id}`, as(bob))).status).toBe(204);
    expectError(await api("GET", `/api/chat/rooms/${opened.id}/messages`, as(bob)), 403);

    const study = expectAnswer(
      await api("POST", "/api/studies", { ...as(ann), body: studyBody() }),
      201,
      studyDetail,
    );
    const rooms = expectAnswer(
      await api("GET", "/api/chat/rooms", as(ann)),
      200,
      z.strictObject({ items: z.array(room) }),
    );
    expect(rooms.items.find((item) => item.studyId === study.id)).toMatchObject({
      kind: "study",
      peer: null,
    });
  });
});

describe("notifications", () => {
  it("gives every kind its documented target, and read marks answer {unreadCount}", async () => {
    const [ann, bob] = [await signUp("알림앤"), await signUp("알림밥")];
    const written = expectAnswer(
      await api("POST", "/api/posts", { ...as(ann), body: { title: "알림 글", body: "본문" } }),
      201,
      post,
    );
    await api("PUT", `/api/users/${ann.id}/follow`, as(bob));
    const top = expectAnswer(
      await api("POST", `/api/posts/${written.id}/comments`, { ...as(bob), body: { body: "댓글" } }),
      201,
      comment,
    );
    await api("POST", `/api/posts/${written.id}/comments`, {
      ...as(ann),
      body: { body: "답글", parentId: top.id },
    });
    await api("PUT", `/api/posts/${written.id}/like`, as(bob));
    await api("POST", "/api/chat/rooms", { ...as(bob), body: { userId: ann.id } });
    const study = expectAnswer(
      await api("POST", "/api/studies", { ...as(ann), body: studyBody() }),
      201,
      studyDetail,
    );
    await api("PUT", `/api/studies/${study.id}/membership`, as(bob));

    const inbox = expectAnswer(await api("GET", "/api/notifications", as(ann)), 200, notificationPage);
    expect(inbox.items.map((item) => item.kind).sort()).toEqual([
      "chat_room",
      "comment",
      "follow",
      "like",
      "study_join",
    ]);
    expect(inbox.unreadCount).toBe(5);
    for (const item of inbox.items) expectShape(notification, item);
    const byKind = Object.fromEntries(inbox.items.map((item) => [item.kind, item.target]));
    expect(byKind.follow).toEqual({ type: "user", id: bob.id });
    expect(byKind.comment).toEqual({ type: "post", id: written.id, title: "알림 글", commentId: top.id });
    expect(byKind.like).toEqual({ type: "post", id: written.id, title: "알림 글" });
    expect(byKind.study_join).toEqual({ type: "study", id: study.id, title: study.title });
    expect(byKind.chat_room).toMatchObject({ type: "room" });

    const replies = expectAnswer(
      await api("GET", "/api/notifications?limit=1", as(bob)),
      200,
      notificationPage,
    );
    expect(replies.items[0]).toMatchObject({ kind: "reply", target: { type: "post", id: written.id } });

    const first = inbox.items[0]?.id as string;
    const afterOne = expectAnswer(
      await api("POST", "/api/notifications/read", { ...as(ann), body: { ids: [first] } }),
      200,
      z.strictObject({ unreadCount: z.number().int().min(0) }),
    );
    expect(afterOne.unreadCount).toBe(4);
    const afterAll = expectAnswer(
      await api("POST", "/api/notifications/read", { ...as(ann), body: { all: true } }),
      200,
      z.strictObject({ unreadCount: z.number().int().min(0) }),
    );
    expect(afterAll.unreadCount).toBe(0);
  });
});
