/**
 * Blocks that hold (API.md § "Realtime limits and blocks", issue 13): no comment, reply or like
 * across a block (403 `blocked`), and the profile post list and the study member list follow the
 * feeds' rule (docs/api/moderation.md).
 */
import { describe, expect, it } from "vitest";
import { call, json, signUp } from "../helpers";
import { createStudy } from "../studies/fixtures";
import { expectError, post } from "./support";

describe("blocks that hold", () => {
  it("a blocked user cannot comment on, reply to or like the blocker's posts (nor the other way round)", async () => {
    const [blocker, blocked, third] = await Promise.all([
      signUp("차단한"),
      signUp("차단된"),
      signUp("제3자"),
    ]);
    const { id: blockerPost } = await post(blocker, "차단한 사람의 글");
    const { id: blockedPost } = await post(blocked, "차단된 사람의 글");
    const { id: thirdPost } = await post(third, "남의 글");
    const blockerComment = await json<{ id: string }>(
      await call("POST", `/api/posts/${thirdPost}/comments`, {
        token: blocker.token,
        body: { body: "차단한 이의 댓글" },
      }),
    );
    const ownComment = await json<{ id: string }>(
      await call("POST", `/api/posts/${blockerPost}/comments`, {
        token: third.token,
        body: { body: "제3자 댓글" },
      }),
    );
    expect((await call("PUT", `/api/users/${blocked.id}/block`, { token: blocker.token })).status).toBe(204);

    await expectError(
      await call("PUT", `/api/posts/${blockerPost}/like`, { token: blocked.token }),
      403,
      "blocked",
    );
    await expectError(
      await call("POST", `/api/posts/${blockerPost}/comments`, {
        token: blocked.token,
        body: { body: "댓글" },
      }),
      403,
      "blocked",
    );
    // A reply on the blocker's post, and a reply to the blocker's comment on someone else's post.
    await expectError(
      await call("POST", `/api/posts/${blockerPost}/comments`, {
        token: blocked.token,
        body: { body: "답글", parentId: ownComment.id },
      }),
      403,
      "blocked",
    );
    await expectError(
      await call("POST", `/api/posts/${thirdPost}/comments`, {
        token: blocked.token,
        body: { body: "답글", parentId: blockerComment.id },
      }),
      403,
      "blocked",
    );
    // Both ways, like follows.
    await expectError(
      await call("PUT", `/api/posts/${blockedPost}/like`, { token: blocker.token }),
      403,
      "blocked",
    );
    // Nothing was stored.
    const stored = await json<{ likeCount: number; commentCount: number }>(
      await call("GET", `/api/posts/${blockerPost}`, { token: third.token }),
    );
    expect(stored).toMatchObject({ likeCount: 0, commentCount: 1 });
    // Others are unaffected; an unlike is always allowed.
    expect((await call("PUT", `/api/posts/${thirdPost}/like`, { token: blocked.token })).status).toBe(200);
    expect((await call("DELETE", `/api/posts/${blockerPost}/like`, { token: blocked.token })).status).toBe(
      200,
    );
    // Lifting the block lifts the refusals.
    expect((await call("DELETE", `/api/users/${blocked.id}/block`, { token: blocker.token })).status).toBe(
      204,
    );
    expect((await call("PUT", `/api/posts/${blockerPost}/like`, { token: blocked.token })).status).toBe(200);
  });

  it("the profile post list is empty across a block, either way; others still see it", async () => {
    const [blocker, blocked, other] = await Promise.all([signUp("차단한"), signUp("차단된"), signUp("다른")]);
    await post(blocker, "글 하나");
    await post(blocked, "글 둘");
    await call("PUT", `/api/users/${blocked.id}/block`, { token: blocker.token });
    const postsOf = async (userId: string, token: string) =>
      (await json<{ items: unknown[] }>(await call("GET", `/api/users/${userId}/posts`, { token }))).items
        .length;
    expect(await postsOf(blocker.id, blocked.token)).toBe(0);
    expect(await postsOf(blocked.id, blocker.token)).toBe(0);
    expect(await postsOf(blocker.id, other.token)).toBe(1);
    expect(await postsOf(blocked.id, other.token)).toBe(1);
  });

  it("the study member list leaves out members across a block, except for the leader", async () => {
    const [leader, blocker, blocked] = await Promise.all([
      signUp("스터디장"),
      signUp("차단한"),
      signUp("차단된"),
    ]);
    const study = await createStudy(leader.token, { maxMembers: 5 });
    for (const member of [blocker, blocked]) {
      expect((await call("PUT", `/api/studies/${study.id}/membership`, { token: member.token })).status).toBe(
        200,
      );
    }
    await call("PUT", `/api/users/${blocked.id}/block`, { token: blocker.token });
    const membersSeenBy = async (token: string) =>
      (
        await json<{ members: { id: string }[]; memberCount: number }>(
          await call("GET", `/api/studies/${study.id}`, { token }),
        )
      ).members.map((m) => m.id);
    expect(await membersSeenBy(blocker.token)).not.toContain(blocked.id);
    expect(await membersSeenBy(blocked.token)).not.toContain(blocker.id);
    expect(await membersSeenBy(leader.token)).toEqual(expect.arrayContaining([blocker.id, blocked.id]));
  });
});
