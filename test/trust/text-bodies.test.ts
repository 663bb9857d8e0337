import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { isWellFormedText } from "../../src/shared/text";
import { call, errorCode, json, signUp } from "../helpers";
import { cast, post, report, resolve } from "../moderation/support";
import { clientId, historyOf, openRoomSocket, pairWithRoom, say } from "../realtime/support";

// JSON.stringify escapes both (`\u0000`, `\ud800`), so they reach the worker as a client would send them.
const NUL = "a\u0000b";
const LONE_HIGH = "a\uD800b";
const LONE_LOW = "\uDC00a";
const bad = [NUL, LONE_HIGH, LONE_LOW];

const studyBody = {
  title: "스터디",
  mode: "online",
  startDate: "2026-12-01",
  endDate: "2026-12-31",
  maxMembers: 5,
};

const count = async (sql: string, ...binds: string[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...binds)
      .first<{ n: number }>()
  )?.n;

describe("text with NUL or lone surrogates", () => {
  it("tells well-formed text from the rest (pairs, emoji and Korean pass)", () => {
    expect(isWellFormedText("안녕 👋 \uD83D\uDE00 tab\tnewline\n")).toBe(true);
    for (const text of bad) expect(isWellFormedText(text)).toBe(false);
    expect(isWellFormedText("\uDE00\uD83D")).toBe(false);
  });

  it("posts and comments: 422 validation_failed and nothing stored", async () => {
    const me = await signUp();
    for (const text of bad) {
      for (const body of [
        { title: text, body: "본문" },
        { title: "제목", body: text },
      ]) {
        const response = await call("POST", "/api/posts", { token: me.token, body });
        expect(response.status).toBe(422);
        expect(await errorCode(response)).toBe("validation_failed");
      }
    }
    expect(await count("SELECT count(*) AS n FROM posts WHERE author_id = ?", me.id)).toBe(0);

    const post = await json<{ id: string }>(
      await call("POST", "/api/posts", { token: me.token, body: { title: "제목", body: "본문" } }),
    );
    for (const text of bad) {
      const edited = await call("PATCH", `/api/posts/${post.id}`, { token: me.token, body: { body: text } });
      expect(edited.status).toBe(422);
      const commented = await call("POST", `/api/posts/${post.id}/comments`, {
        token: me.token,
        body: { body: text },
      });
      expect(commented.status).toBe(422);
      expect(await errorCode(commented)).toBe("validation_failed");
    }
    expect(await count("SELECT count(*) AS n FROM comments WHERE post_id = ?", post.id)).toBe(0);
    const stored = await env.DB.prepare("SELECT body FROM posts WHERE id = ?")
      .bind(post.id)
      .first<{ body: string }>();
    expect(stored?.body).toBe("본문");
  });

  it("nickname and bio: 422, the profile unchanged", async () => {
    const me = await signUp("그대로");
    for (const text of bad) {
      for (const body of [{ nickname: text }, { bio: text }]) {
        const response = await call("PATCH", "/api/users/me", { token: me.token, body });
        expect(response.status).toBe(422);
        expect(await errorCode(response)).toBe("validation_failed");
      }
    }
    const row = await env.DB.prepare("SELECT nickname, bio FROM users WHERE id = ?")
      .bind(me.id)
      .first<{ nickname: string; bio: string }>();
    expect(row).toEqual({ nickname: "그대로", bio: "" });
  });

  it("studies: 422 on title, description, location and tags; nothing stored", async () => {
    const me = await signUp();
    for (const text of bad) {
      for (const extra of [{ title: text }, { description: text }, { location: text }, { tags: [text] }]) {
        const response = await call("POST", "/api/studies", {
          token: me.token,
          body: { ...studyBody, ...extra },
        });
        expect(response.status).toBe(422);
        expect(await errorCode(response)).toBe("validation_failed");
      }
    }
    expect(await count("SELECT count(*) AS n FROM studies WHERE leader_id = ?", me.id)).toBe(0);
  });

  it("reports and moderation notes: 422, no report, no action, nothing logged", async () => {
    const { member, moderator } = await cast();
    const author = await signUp("작성자");
    const { id } = await post(author);
    const target = { type: "post", id };
    const filed = await report(member, target);
    for (const text of bad) {
      const attempts = [
        () =>
          call("POST", "/api/reports", {
            token: member.token,
            body: { target, reason: "other", note: text },
          }),
        () => resolve(moderator, filed.id, { action: "hide", note: text }),
        () => call("POST", "/api/moderation/hide", { token: moderator.token, body: { target, note: text } }),
        () =>
          call("PUT", `/api/moderation/users/${author.id}/suspension`, {
            token: moderator.token,
            body: { days: 3, reason: text },
          }),
      ];
      for (const attempt of attempts) {
        const response = await attempt();
        expect(response.status).toBe(422);
        expect(await errorCode(response)).toBe("validation_failed");
      }
    }
    const reports = await env.DB.prepare(
      "SELECT id, status, note, resolution_note FROM reports WHERE target_id = ?",
    )
      .bind(id)
      .all();
    expect(reports.results).toEqual([{ id: filed.id, status: "open", note: null, resolution_note: null }]);
    expect(await count("SELECT count(*) AS n FROM moderation_log WHERE actor_id = ?", moderator.id)).toBe(0);
    expect((await call("GET", `/api/posts/${id}`)).status).toBe(200);
    expect(
      await count("SELECT count(*) AS n FROM users WHERE id = ? AND suspended_until IS NULL", author.id),
    ).toBe(1);
  });

  it("chat frames: an error frame, nothing stored, the socket stays usable", async () => {
    const { a, room } = await pairWithRoom();
    const socket = await openRoomSocket(a, room.id);
    await socket.nextOf("ready");
    for (const text of bad) {
      const id = clientId();
      socket.send({ type: "send", clientId: id, body: text });
      const frame = await socket.nextOf("error");
      expect(frame.code).toBe("invalid_frame");
    }
    const kept = await say(socket, "정상");
    socket.send({ type: "edit", id: kept.id, body: NUL });
    expect((await socket.nextOf("error")).code).toBe("invalid_frame");
    expect((await historyOf(a, room.id)).items).toEqual([kept]);
    socket.close();
  });
});
