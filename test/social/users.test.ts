import { describe, expect, it } from "vitest";
import type { Profile } from "../../src/features/users/profile";
import type { FollowCard } from "../../src/features/users/service";
import { call, errorCode, json, signUp, type TestUser } from "../helpers";
import {
  allPages,
  count,
  createPost,
  expectNoEmail,
  follow,
  type PageJson,
  type UserCardJson,
} from "./support";

type ProfileJson = Profile;
type FollowCardJson = FollowCard;

const profile = async (user: TestUser, viewer?: TestUser) => {
  const response = await call("GET", `/api/users/${user.id}`, { token: viewer?.token });
  expect(response.status).toBe(200);
  return json<ProfileJson>(response);
};

const block = (blocker: TestUser, blocked: TestUser) =>
  call("PUT", `/api/users/${blocked.id}/block`, { token: blocker.token });

describe("GET /api/users/:id", () => {
  it("shows a profile with counts and the viewer's relations, and never an email", async () => {
    const [user, viewer, fan] = [await signUp("프로필"), await signUp(), await signUp()];
    await createPost(user);
    await follow(viewer, user);
    await follow(user, viewer);
    await follow(fan, user);
    const seen = await profile(user, viewer);
    expect(seen).toEqual({
      id: user.id,
      handle: expect.stringMatching(/^user_\d{4}$/),
      nickname: "프로필",
      avatarUrl: null,
      bio: "",
      followerCount: 2,
      followingCount: 1,
      postCount: 1,
      isFollowing: true,
      isFollowedBy: true,
      isBlocked: false,
    });
    expectNoEmail(seen);
    const anonymous = await profile(user);
    expect(anonymous).toMatchObject({
      isFollowing: false,
      isFollowedBy: false,
      isBlocked: false,
      followerCount: 2,
    });
  });

  it("answers 404 for an unknown user", async () => {
    const response = await call("GET", "/api/users/unknown");
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe("not_found");
  });
});

describe("follows", () => {
  it("PUT follows idempotently, notifies once, and DELETE unfollows idempotently; both answer the Profile", async () => {
    const [me, them] = [await signUp(), await signUp()];
    const first = await follow(me, them);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ id: them.id, followerCount: 1, isFollowing: true });
    expect(await json(await follow(me, them))).toMatchObject({ followerCount: 1, isFollowing: true });
    expect(
      await count(
        "notifications WHERE user_id = ? AND actor_id = ? AND kind = 'follow' AND target_id = ?",
        them.id,
        me.id,
        me.id,
      ),
    ).toBe(1);
    for (let round = 0; round < 2; round++) {
      const response = await call("DELETE", `/api/users/${them.id}/follow`, { token: me.token });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ followerCount: 0, isFollowing: false });
    }
  });

  it("answers 401 anonymous, 422 on oneself, 404 for an unknown user", async () => {
    const me = await signUp();
    expect((await call("PUT", `/api/users/${me.id}/follow`)).status).toBe(401);
    expect((await call("DELETE", `/api/users/${me.id}/follow`)).status).toBe(401);
    const self = await follow(me, me);
    expect(self.status).toBe(422);
    expect(await errorCode(self)).toBe("validation_failed");
    expect((await call("PUT", "/api/users/unknown/follow", { token: me.token })).status).toBe(404);
    expect((await call("DELETE", "/api/users/unknown/follow", { token: me.token })).status).toBe(404);
    expect(await count("follows WHERE follower_id = ?", me.id)).toBe(0);
  });

  it("lists followers and following, newest first, paged, each with whether I follow them", async () => {
    const [star, viewer] = [await signUp(), await signUp()];
    const fans: TestUser[] = [];
    for (let index = 0; index < 5; index++) {
      const fan = await signUp(`팬${index}`);
      await follow(fan, star);
      fans.push(fan);
    }
    await follow(viewer, fans[1] as TestUser);
    await follow(star, fans[2] as TestUser);

    const { items, pages } = await allPages<FollowCardJson>(
      (cursor) => `/api/users/${star.id}/followers?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      viewer.token,
    );
    expect(pages).toBe(3);
    expect(items.map((item) => item.id)).toEqual(fans.map((fan) => fan.id).reverse());
    expect(items.filter((item) => item.isFollowing).map((item) => item.id)).toEqual([fans[1]?.id]);
    expectNoEmail(items);

    const following = await json<PageJson<FollowCardJson>>(
      await call("GET", `/api/users/${star.id}/following`),
    );
    expect(following.items).toEqual([
      {
        id: fans[2]?.id,
        handle: expect.stringMatching(/^user_\d{4}$/),
        nickname: "팬2",
        avatarUrl: null,
        bio: "",
        isFollowing: false,
      },
    ]);
    expect((await call("GET", "/api/users/unknown/followers")).status).toBe(404);
    expect((await call("GET", "/api/users/unknown/following")).status).toBe(404);
    expect((await call("GET", `/api/users/${star.id}/followers?limit=51`)).status).toBe(422);
  });
});

describe("blocks", () => {
  it("PUT blocks (204, idempotent), ends follows both ways and refuses following either way (403 blocked)", async () => {
    const [me, them] = [await signUp(), await signUp()];
    await follow(me, them);
    await follow(them, me);
    expect((await block(me, them)).status).toBe(204);
    expect((await block(me, them)).status).toBe(204);
    expect(
      await count(
        "follows WHERE follower_id IN (?, ?) AND followee_id IN (?, ?)",
        me.id,
        them.id,
        me.id,
        them.id,
      ),
    ).toBe(0);
    expect(await profile(them, me)).toMatchObject({
      isBlocked: true,
      isFollowing: false,
      isFollowedBy: false,
    });
    expect(await profile(me, them)).toMatchObject({ isBlocked: false });

    for (const [actor, target] of [
      [me, them],
      [them, me],
    ] as const) {
      const response = await follow(actor, target);
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe("blocked");
    }
    expect(await count("follows WHERE follower_id IN (?, ?)", me.id, them.id)).toBe(0);

    expect((await call("DELETE", `/api/users/${them.id}/block`, { token: me.token })).status).toBe(204);
    expect((await call("DELETE", `/api/users/${them.id}/block`, { token: me.token })).status).toBe(204);
    expect((await follow(them, me)).status).toBe(200);
  });

  it("answers 401 anonymous, 422 on oneself, 404 for an unknown user", async () => {
    const me = await signUp();
    expect((await call("PUT", `/api/users/${me.id}/block`)).status).toBe(401);
    expect((await call("DELETE", `/api/users/${me.id}/block`)).status).toBe(401);
    expect((await block(me, me)).status).toBe(422);
    expect((await call("PUT", "/api/users/unknown/block", { token: me.token })).status).toBe(404);
    expect((await call("DELETE", "/api/users/unknown/block", { token: me.token })).status).toBe(404);
    expect(await count("blocks WHERE blocker_id = ?", me.id)).toBe(0);
  });

  it("GET /api/users/me/blocks pages the users I blocked, newest first, and needs a login", async () => {
    expect((await call("GET", "/api/users/me/blocks")).status).toBe(401);
    const me = await signUp();
    const blocked: TestUser[] = [];
    for (let index = 0; index < 3; index++) {
      const user = await signUp(`차단${index}`);
      await block(me, user);
      blocked.push(user);
    }
    const { items, pages } = await allPages<UserCardJson>(
      (cursor) => `/api/users/me/blocks?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      me.token,
    );
    expect(pages).toBe(2);
    expect(items.map((item) => item.id)).toEqual(blocked.map((user) => user.id).reverse());
    expect(items[0]).toEqual({
      id: blocked[2]?.id,
      handle: expect.stringMatching(/^[a-z0-9_]{3,20}$/),
      nickname: "차단2",
      avatarUrl: null,
      bio: "",
    });
  });

  it("suppresses notifications between blocked users", async () => {
    const [me, them] = [await signUp(), await signUp()];
    const post = await createPost(me);
    await block(me, them);
    await call("PUT", `/api/posts/${post.id}/like`, { token: them.token });
    await call("POST", `/api/posts/${post.id}/comments`, { token: them.token, body: { body: "보여요?" } });
    expect(await count("notifications WHERE user_id = ? AND actor_id = ?", me.id, them.id)).toBe(0);
  });
});
