import { describe, expect, it } from "vitest";
import { call, errorCode, json, signUp, uniqueEmail } from "../helpers";
import { createPost, type UserCardJson } from "./support";

const HANDLE = /^[a-z0-9_]{3,20}$/;
/** A handle no other test uses. */
const freshHandle = (stem: string) => `${stem}_${Math.random().toString(36).slice(2, 8)}`;

const signUpWith = (body: Record<string, unknown>) =>
  call("POST", "/api/auth/signup", {
    body: { email: uniqueEmail(), password: "correct horse battery", ...body },
  });

describe("handles", () => {
  it("is chosen at signup (any case, with @) and stored lower-case; a taken one is 409 handle_taken", async () => {
    const handle = freshHandle("kim");
    const created = await signUpWith({ nickname: "김", handle: `@${handle.toUpperCase()}` });
    expect(created.status).toBe(201);
    const { user } = await json<{ user: UserCardJson }>(created);
    expect(user.handle).toBe(handle);

    const again = await signUpWith({ handle: handle.toUpperCase() });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe("handle_taken");
  });

  it("refuses a malformed handle at signup and in PATCH with 422, changing nothing", async () => {
    for (const bad of ["ab", "a".repeat(21), "한글핸들", "has space", "dot.name", "dash-name"]) {
      const response = await signUpWith({ handle: bad });
      expect(response.status, bad).toBe(422);
    }
    const me = await signUp("변경없음");
    const before = await json<UserCardJson>(await call("GET", "/api/users/me", { token: me.token }));
    const response = await call("PATCH", "/api/users/me", { token: me.token, body: { handle: "x!" } });
    expect(response.status).toBe(422);
    const after = await json<UserCardJson>(await call("GET", "/api/users/me", { token: me.token }));
    expect(after.handle).toBe(before.handle);
  });

  it("is generated from the nickname when not chosen, never from the email, and unique", async () => {
    const stem = `dev${Math.random().toString(36).slice(2, 7)}`;
    const first = await json<{ user: UserCardJson }>(await signUpWith({ nickname: `${stem} Kim!` }));
    expect(first.user.handle).toBe(`${stem}_kim`);
    const second = await json<{ user: UserCardJson }>(await signUpWith({ nickname: `${stem} Kim!` }));
    expect(second.user.handle).toMatch(new RegExp(`^${stem}_kim_\\d{4}$`));
    const korean = await json<{ user: UserCardJson; email: string }>(
      await signUpWith({ email: "hong.gildong.secret@example.com", nickname: "홍길동" }),
    );
    expect(korean.user.handle).toMatch(/^user_\d{4}$/);
    expect(korean.user.handle).not.toContain("hong");
  });

  it("changes in PATCH /api/users/me; another user's handle (any case) is 409; anonymous is 401", async () => {
    const [a, b] = [await signUp("에이"), await signUp("비")];
    const handle = freshHandle("alice");
    const changed = await call("PATCH", "/api/users/me", {
      token: a.token,
      body: { handle: handle.toUpperCase() },
    });
    expect(changed.status).toBe(200);
    expect((await json<UserCardJson>(changed)).handle).toBe(handle);
    // Setting one's own handle again is no conflict.
    expect((await call("PATCH", "/api/users/me", { token: a.token, body: { handle } })).status).toBe(200);

    const taken = await call("PATCH", "/api/users/me", {
      token: b.token,
      body: { handle: `@${handle}`, nickname: "바뀌면안됨" },
    });
    expect(taken.status).toBe(409);
    expect(await errorCode(taken)).toBe("handle_taken");
    // The refused change stored nothing, not even the nickname sent with it.
    const bAfter = await json<UserCardJson>(await call("GET", "/api/users/me", { token: b.token }));
    expect(bAfter.nickname).toBe("비");
    expect((await call("PATCH", "/api/users/me", { body: { handle: freshHandle("anon") } })).status).toBe(
      401,
    );

    // Every card carries the new handle.
    const post = await createPost(a);
    expect(post.author.handle).toBe(handle);
  });

  it("GET /api/users/by-handle/:handle answers the profile (any case); unknown or malformed is 404", async () => {
    const handle = freshHandle("prof");
    const user = await json<{ user: UserCardJson }>(await signUpWith({ nickname: "프로필", handle }));
    const response = await call("GET", `/api/users/by-handle/${handle.toUpperCase()}`);
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      id: user.user.id,
      handle,
      nickname: "프로필",
      postCount: 0,
    });
    expect((await call("GET", `/api/users/by-handle/${freshHandle("nobody")}`)).status).toBe(404);
    expect((await call("GET", "/api/users/by-handle/x")).status).toBe(404);
    // The old id URL keeps working and shows the same handle.
    const byId = await json<UserCardJson>(await call("GET", `/api/users/${user.user.id}`));
    expect(byId.handle).toBe(handle);
  });

  it("GET /api/users?prefix= offers handles and nicknames that start with it, never across a block", async () => {
    const stem = `sg${Math.random().toString(36).slice(2, 7)}`;
    const me = await signUp("찾는이");
    const hits = [
      await json<{ user: UserCardJson }>(await signUpWith({ nickname: "하나", handle: `${stem}_one` })),
      await json<{ user: UserCardJson }>(await signUpWith({ nickname: "둘", handle: `${stem}_two` })),
    ];
    const blocker = await json<{ user: UserCardJson; accessToken: string }>(
      await signUpWith({ nickname: "막은이", handle: `${stem}_blk` }),
    );
    await call("PUT", `/api/users/${me.id}/block`, { token: blocker.accessToken });
    const response = await call("GET", `/api/users?prefix=@${stem.toUpperCase()}`, { token: me.token });
    expect(response.status).toBe(200);
    const { items } = await json<{ items: UserCardJson[] }>(response);
    expect(items.map((card) => card.id).sort()).toEqual(hits.map((hit) => hit.user.id).sort());
    for (const card of items) expect(card.handle).toMatch(HANDLE);
    expect((await call("GET", `/api/users?prefix=${stem}`)).status).toBe(401);
    expect((await call("GET", "/api/users?prefix=", { token: me.token })).status).toBe(422);
  });
});

describe("handle look-ups with wildcards", () => {
  it("takes % and _ in a prefix literally", async () => {
    const me = await signUp("와일드");
    for (const prefix of ["%", "_", "\\", "%25"]) {
      const response = await call("GET", `/api/users?prefix=${encodeURIComponent(prefix)}`, {
        token: me.token,
      });
      expect(response.status, prefix).toBe(200);
      const { items } = await json<{ items: UserCardJson[] }>(response);
      for (const card of items)
        expect(
          card.handle.startsWith(prefix.toLowerCase()) || card.nickname.toLowerCase().startsWith(prefix),
        ).toBe(true);
    }
    expect((await call("GET", `/api/users/by-handle/${encodeURIComponent("%")}`)).status).toBe(404);
  });
});
