/**
 * Privacy and notification settings take effect (API.md § "Privacy and notification settings",
 * issue 13): `dmFrom` on opening a direct room, and each notify switch where notifications are made.
 */
import { describe, expect, it } from "vitest";
import { call, json, signUp, type TestUser } from "../helpers";
import { follow } from "../realtime/support";
import { createSessions, sessionBody } from "../sessions/fixtures";
import { createStudy } from "../studies/fixtures";
import { expectError, me, post } from "./support";

const setSettings = async (user: TestUser, settings: Record<string, unknown>) => {
  const response = await call("PATCH", "/api/users/me", { token: user.token, body: { settings } });
  expect(response.status).toBe(200);
  return json<{ settings: { dmFrom: string; notify: Record<string, boolean> } }>(response);
};

const kindsOf = async (user: TestUser) =>
  (
    await json<{ items: { kind: string; actor: { id: string } }[] }>(
      await call("GET", "/api/notifications?limit=50", { token: user.token }),
    )
  ).items.map((n) => n.kind);

const openRoom = (opener: TestUser, peer: TestUser) =>
  call("POST", "/api/chat/rooms", { token: opener.token, body: { userId: peer.id } });

describe("settings in Me and PATCH /api/users/me", () => {
  it("start at the defaults, merge partial changes, and refuse unknown values with 422 changing nothing", async () => {
    const user = await signUp("설정");
    expect((await me(user)).settings).toEqual({
      dmFrom: "followers",
      notify: {
        follow: true,
        comment: true,
        reply: true,
        like: true,
        mention: true,
        chat_room: true,
        study_join: true,
        study_session: true,
      },
    });
    await setSettings(user, { notify: { like: false } });
    const changed = await setSettings(user, { dmFrom: "mutuals", notify: { follow: false } });
    expect(changed.settings.dmFrom).toBe("mutuals");
    expect(changed.settings.notify).toMatchObject({ like: false, follow: false, comment: true });
    for (const settings of [
      { dmFrom: "everyone" },
      { notify: { like: "no" } },
      { notify: { poke: false } },
      { theme: "dark" },
    ]) {
      await expectError(
        await call("PATCH", "/api/users/me", { token: user.token, body: { settings } }),
        422,
        "validation_failed",
      );
    }
    expect((await me(user)).settings).toEqual(changed.settings);
    // Nobody makes themselves a moderator or lifts their own suspension through their account.
    for (const body of [{ role: "admin" }, { suspendedUntil: null }]) {
      await expectError(
        await call("PATCH", "/api/users/me", { token: user.token, body }),
        422,
        "validation_failed",
      );
    }
    expect((await me(user)).role).toBe("member");
  });
});

describe("dmFrom", () => {
  it("followers (default), mutuals and nobody decide who may open a new direct room; existing rooms stay", async () => {
    const [opener, peer] = await Promise.all([signUp("여는이"), signUp("받는이")]);
    await follow(opener, peer);

    await setSettings(peer, { dmFrom: "nobody" });
    await expectError(await openRoom(opener, peer), 403, "dm_not_allowed");
    const candidates = async () =>
      (
        await json<{ items: { id: string }[] }>(
          await call("GET", "/api/chat/candidates", { token: opener.token }),
        )
      ).items.map((card) => card.id);
    expect(await candidates()).not.toContain(peer.id);

    await setSettings(peer, { dmFrom: "mutuals" });
    await expectError(await openRoom(opener, peer), 403, "dm_not_allowed");
    await follow(peer, opener);
    expect(await candidates()).toContain(peer.id);
    const opened = await openRoom(opener, peer);
    expect(opened.status).toBe(201);
    const room = await json<{ id: string }>(opened);

    // The room stays when the peer closes their door; leaving and coming back is still allowed.
    await setSettings(peer, { dmFrom: "nobody" });
    expect((await call("DELETE", `/api/chat/rooms/${room.id}`, { token: opener.token })).status).toBe(204);
    const back = await openRoom(opener, peer);
    expect(back.status).toBe(200);
    expect((await json<{ id: string }>(back)).id).toBe(room.id);

    await setSettings(peer, { dmFrom: "followers" });
    const third = await signUp("셋째");
    await follow(third, peer);
    expect((await openRoom(third, peer)).status).toBe(201);
  });
});

describe("notify switches", () => {
  it("follow, comment, reply, like, chat_room: switched off makes none, switched on makes one", async () => {
    for (const on of [false, true]) {
      const [owner, actor] = await Promise.all([signUp("받는이"), signUp("하는이")]);
      await setSettings(owner, {
        notify: { follow: on, comment: on, reply: on, like: on, chat_room: on },
      });
      expect((await call("PUT", `/api/users/${owner.id}/follow`, { token: actor.token })).status).toBe(200);
      const { id: postId } = await post(owner);
      expect((await call("PUT", `/api/posts/${postId}/like`, { token: actor.token })).status).toBe(200);
      expect(
        (await call("POST", `/api/posts/${postId}/comments`, { token: actor.token, body: { body: "댓글" } }))
          .status,
      ).toBe(201);
      // A reply to the owner's comment on someone else's post.
      const { id: otherPost } = await post(actor, "남의 글");
      const ownComment = await json<{ id: string }>(
        await call("POST", `/api/posts/${otherPost}/comments`, {
          token: owner.token,
          body: { body: "내 댓글" },
        }),
      );
      expect(
        (
          await call("POST", `/api/posts/${otherPost}/comments`, {
            token: actor.token,
            body: { body: "답글", parentId: ownComment.id },
          })
        ).status,
      ).toBe(201);
      // The actor follows the owner (above), so the actor may open a room with them.
      expect((await openRoom(actor, owner)).status).toBe(201);

      const kinds = await kindsOf(owner);
      for (const kind of ["follow", "like", "comment", "reply", "chat_room"]) {
        expect(kinds.includes(kind), `${kind} with the switch ${on ? "on" : "off"}`).toBe(on);
      }
    }
  });

  it("mention: switched off makes none, switched on makes one", async () => {
    for (const on of [false, true]) {
      const [named, writer] = await Promise.all([signUp("불린이"), signUp("쓴이")]);
      await setSettings(named, { notify: { mention: on } });
      const { handle } = await json<{ handle: string }>(
        await call("GET", "/api/users/me", { token: named.token }),
      );
      await post(writer, "멘션", `@${handle} 이것 좀 봐 주세요`);
      expect((await kindsOf(named)).includes("mention"), `mention ${on}`).toBe(on);
    }
  });

  it("study_join and study_session: switched off makes none, switched on makes one", async () => {
    for (const on of [false, true]) {
      const [leader, member] = await Promise.all([signUp("스터디장"), signUp("멤버")]);
      await setSettings(leader, { notify: { study_join: on } });
      await setSettings(member, { notify: { study_session: on } });
      const study = await createStudy(leader.token, { maxMembers: 5 });
      expect((await call("PUT", `/api/studies/${study.id}/membership`, { token: member.token })).status).toBe(
        200,
      );
      expect((await kindsOf(leader)).includes("study_join"), `study_join ${on}`).toBe(on);
      await createSessions(leader.token, study.id, sessionBody(3));
      expect((await kindsOf(member)).includes("study_session"), `study_session ${on}`).toBe(on);
    }
  });
});
