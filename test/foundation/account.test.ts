import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { call, cookieFrom, errorCode, json, SETTLED, signUp } from "../helpers";
import { imageForm, tinyPng } from "./fixtures";

interface Me {
  id: string;
  email: string;
  nickname: string;
  bio: string;
  avatarUrl: string | null;
  providers: string[];
  createdAt: string;
}

const rowCount = async (sql: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...params)
      .first<{ n: number }>()
  )?.n ?? 0;

describe("GET/PATCH /api/users/me", () => {
  it("returns Me with an ISO creation time and no secret", async () => {
    const user = await signUp("나");
    const response = await call("GET", "/api/users/me", { token: user.token });
    const me = await json<Me>(response);
    expect(me).toMatchObject({ id: user.id, email: user.email, nickname: "나", providers: ["password"] });
    expect(new Date(me.createdAt).toISOString()).toBe(me.createdAt);
    expect(JSON.stringify(me)).not.toMatch(/hash|pbkdf2|token/i);
  });

  it("updates nickname and bio", async () => {
    const user = await signUp();
    const response = await call("PATCH", "/api/users/me", {
      token: user.token,
      body: { nickname: "새 이름", bio: "안녕하세요" },
    });
    expect(response.status).toBe(200);
    expect(await json<Me>(response)).toMatchObject({ nickname: "새 이름", bio: "안녕하세요" });
  });

  it.each([
    [{ nickname: "" }],
    [{ nickname: "가".repeat(31) }],
    [{ bio: "가".repeat(301) }],
    [{ email: "new@example.com" }],
  ])("answers 422 for %j and changes nothing", async (body) => {
    const user = await signUp("그대로");
    const response = await call("PATCH", "/api/users/me", { token: user.token, body });
    expect(response.status).toBe(422);
    const me = await json<Me>(await call("GET", "/api/users/me", { token: user.token }));
    expect(me.nickname).toBe("그대로");
    expect(me.bio).toBe("");
  });

  it("answers 401 to anonymous callers on every /me route", async () => {
    for (const [method, path] of [
      ["GET", "/api/users/me"],
      ["PATCH", "/api/users/me"],
      ["PUT", "/api/users/me/avatar"],
      ["POST", "/api/users/me/password"],
      ["DELETE", "/api/users/me"],
    ] as const) {
      const response = await call(method, path, { body: method === "GET" ? undefined : {} });
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });
});

describe("PUT /api/users/me/avatar", () => {
  it("stores the avatar in R2, serves it, and deletes the previous object", async () => {
    const user = await signUp();
    const first = await json<Me>(
      await call("PUT", "/api/users/me/avatar", { token: user.token, body: imageForm(tinyPng()) }),
    );
    expect(first.avatarUrl).toMatch(/^\/images\/img\//);
    const firstKey = first.avatarUrl?.replace("/images/", "") ?? "";
    expect(await env.IMAGES.head(firstKey)).not.toBeNull();

    const served = await call("GET", first.avatarUrl ?? "");
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    await served.arrayBuffer();

    const second = await json<Me>(
      await call("PUT", "/api/users/me/avatar", { token: user.token, body: imageForm(tinyPng()) }),
    );
    expect(second.avatarUrl).not.toBe(first.avatarUrl);
    await vi.waitFor(async () => expect(await env.IMAGES.head(firstKey)).toBeNull(), SETTLED);
  });

  it("refuses a file that is not an image by its bytes, whatever it claims (415)", async () => {
    const user = await signUp();
    const fake = new TextEncoder().encode("<svg onload=alert(1)></svg>");
    const response = await call("PUT", "/api/users/me/avatar", {
      token: user.token,
      body: imageForm(fake, "evil.png", "image/png"),
    });
    expect(response.status).toBe(415);
    expect(await errorCode(response)).toBe("unsupported_media_type");
    expect((await json<Me>(await call("GET", "/api/users/me", { token: user.token }))).avatarUrl).toBeNull();
  });

  it("refuses a file over 5 MiB (413) and a missing file (422)", async () => {
    const user = await signUp();
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(tinyPng());
    const tooBig = await call("PUT", "/api/users/me/avatar", { token: user.token, body: imageForm(big) });
    expect(tooBig.status).toBe(413);
    expect(await errorCode(tooBig)).toBe("too_large");
    const missing = await call("PUT", "/api/users/me/avatar", { token: user.token, body: new FormData() });
    expect(missing.status).toBe(422);
  });
});

describe("POST /api/users/me/password", () => {
  it("changes the password and signs out every other session", async () => {
    const user = await signUp();
    const other = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password },
    });
    const otherCookie = cookieFrom(other, "orgo_refresh") ?? "";
    const response = await call("POST", "/api/users/me/password", {
      token: user.token,
      body: { currentPassword: user.password, newPassword: "a brand new password" },
    });
    expect(response.status).toBe(204);
    expect((await call("POST", "/api/auth/refresh", { cookie: otherCookie })).status).toBe(401);
    // The session that changed it stays signed in.
    expect((await call("POST", "/api/auth/refresh", { cookie: user.cookie })).status).toBe(200);
    const oldLogin = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password },
    });
    expect(oldLogin.status).toBe(401);
    const newLogin = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: "a brand new password" },
    });
    expect(newLogin.status).toBe(200);
  });

  it("answers 403 wrong_password and keeps the old password", async () => {
    const user = await signUp();
    const response = await call("POST", "/api/users/me/password", {
      token: user.token,
      body: { currentPassword: "not my password", newPassword: "a brand new password" },
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe("wrong_password");
    const login = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password },
    });
    expect(login.status).toBe(200);
  });

  it("answers 422 for a short new password", async () => {
    const user = await signUp();
    const response = await call("POST", "/api/users/me/password", {
      token: user.token,
      body: { currentPassword: user.password, newPassword: "short" },
    });
    expect(response.status).toBe(422);
  });
});

describe("DELETE /api/users/me", () => {
  it("answers 403 wrong_password and deletes nothing", async () => {
    const user = await signUp();
    const response = await call("DELETE", "/api/users/me", {
      token: user.token,
      body: { password: "nope nope" },
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe("wrong_password");
    expect(await rowCount("SELECT count(*) AS n FROM users WHERE id = ?", user.id)).toBe(1);
  });

  it("refuses the social-only confirmation for an account that has a password", async () => {
    const user = await signUp();
    const response = await call("DELETE", "/api/users/me", {
      token: user.token,
      body: { confirm: "DELETE" },
    });
    expect(response.status).toBe(403);
    expect(await rowCount("SELECT count(*) AS n FROM users WHERE id = ?", user.id)).toBe(1);
  });

  it("removes every row and stored object of the user, and fixes other people's counters", async () => {
    const leaving = await signUp("떠나는 사람");
    const staying = await signUp("남는 사람");
    const db = env.DB;
    const now = Date.now();
    const avatar = await json<Me>(
      await call("PUT", "/api/users/me/avatar", { token: leaving.token, body: imageForm(tinyPng()) }),
    );
    const avatarKey = avatar.avatarUrl?.replace("/images/", "") ?? "";
    const postImageKey = `img/test-${now}`;
    await env.IMAGES.put(postImageKey, tinyPng());
    // Built with SQL so this test depends only on the schema, not on other features' routes.
    await db.batch([
      db
        .prepare("INSERT INTO posts (id, author_id, title, body) VALUES (?, ?, 'mine', 'body')")
        .bind(`p-l-${now}`, leaving.id),
      db
        .prepare(
          "INSERT INTO posts (id, author_id, title, body, like_count, comment_count) VALUES (?, ?, 'theirs', 'b', 1, 3)",
        )
        .bind(`p-s-${now}`, staying.id),
      db
        .prepare(
          "INSERT INTO images (id, key, owner_id, post_id, content_type, size) VALUES (?, ?, ?, ?, 'image/png', 10)",
        )
        .bind(`i-${now}`, postImageKey, leaving.id, `p-l-${now}`),
      db.prepare("INSERT INTO likes (post_id, user_id) VALUES (?, ?)").bind(`p-s-${now}`, leaving.id),
      // On the other's post: one comment of the leaver that someone replied to, one without replies.
      db
        .prepare("INSERT INTO comments (id, post_id, author_id, body) VALUES (?, ?, ?, 'answered')")
        .bind(`c1-${now}`, `p-s-${now}`, leaving.id),
      db
        .prepare(
          "INSERT INTO comments (id, post_id, parent_id, author_id, body) VALUES (?, ?, ?, ?, 'a reply')",
        )
        .bind(`c2-${now}`, `p-s-${now}`, `c1-${now}`, staying.id),
      db
        .prepare("INSERT INTO comments (id, post_id, author_id, body) VALUES (?, ?, ?, 'lonely')")
        .bind(`c3-${now}`, `p-s-${now}`, leaving.id),
      db.prepare("INSERT INTO follows (follower_id, followee_id) VALUES (?, ?)").bind(leaving.id, staying.id),
      db.prepare("INSERT INTO follows (follower_id, followee_id) VALUES (?, ?)").bind(staying.id, leaving.id),
      db
        .prepare(
          "INSERT INTO studies (id, leader_id, title, mode, start_date, end_date, max_members, member_count) VALUES (?, ?, 's', 'online', '2026-01-01', '2026-12-31', 5, 2)",
        )
        .bind(`s-${now}`, staying.id),
      db.prepare("INSERT INTO study_members (study_id, user_id) VALUES (?, ?)").bind(`s-${now}`, staying.id),
      db.prepare("INSERT INTO study_members (study_id, user_id) VALUES (?, ?)").bind(`s-${now}`, leaving.id),
      db
        .prepare(
          "INSERT INTO notifications (id, user_id, actor_id, kind, target_id) VALUES (?, ?, ?, 'follow', ?)",
        )
        .bind(`n-${now}`, staying.id, leaving.id, leaving.id),
    ]);

    const response = await call("DELETE", "/api/users/me", {
      token: leaving.token,
      body: { password: leaving.password },
    });
    expect(response.status).toBe(204);

    for (const [table, column] of [
      ["users", "id"],
      ["password_credentials", "user_id"],
      ["sessions", "user_id"],
      ["posts", "author_id"],
      ["images", "owner_id"],
      ["comments", "author_id"],
      ["likes", "user_id"],
      ["follows", "follower_id"],
      ["follows", "followee_id"],
      ["study_members", "user_id"],
      ["notifications", "actor_id"],
    ]) {
      expect(
        await rowCount(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`, leaving.id),
        table,
      ).toBe(0);
    }
    // The reply survives under a placeholder; the lonely comment is gone.
    const placeholder = await db
      .prepare("SELECT author_id, body, deleted_at FROM comments WHERE id = ?")
      .bind(`c1-${now}`)
      .first();
    expect(placeholder).toMatchObject({ author_id: null, body: null });
    expect(placeholder?.deleted_at).not.toBeNull();
    expect(await rowCount("SELECT count(*) AS n FROM comments WHERE id = ?", `c2-${now}`)).toBe(1);
    expect(await rowCount("SELECT count(*) AS n FROM comments WHERE id = ?", `c3-${now}`)).toBe(0);
    const theirs = await db
      .prepare("SELECT like_count, comment_count FROM posts WHERE id = ?")
      .bind(`p-s-${now}`)
      .first();
    expect(theirs).toMatchObject({ like_count: 0, comment_count: 1 });
    expect(
      await db.prepare("SELECT member_count FROM studies WHERE id = ?").bind(`s-${now}`).first(),
    ).toMatchObject({
      member_count: 1,
    });
    await vi.waitFor(async () => {
      expect(await env.IMAGES.head(avatarKey)).toBeNull();
      expect(await env.IMAGES.head(postImageKey)).toBeNull();
    }, SETTLED);
    // The old access token now describes nobody.
    expect((await call("GET", "/api/users/me", { token: leaving.token })).status).toBe(401);
    expect((await call("POST", "/api/auth/refresh", { cookie: leaving.cookie })).status).toBe(401);
  });
});
