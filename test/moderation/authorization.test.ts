/**
 * Every moderation route × {anonymous, member, moderator, admin} (issue 13): members get 403 on
 * every one, anonymous callers 401; moderators may not act on admins or themselves; the role
 * route is the admin's alone. Every action lands in the log.
 */
import { describe, expect, it } from "vitest";
import { call, json, type TestUser } from "../helpers";
import { cast, expectError, post, report, resolve, signUpAs } from "./support";

type Caller = "anonymous" | "member" | "moderator" | "admin";
const callers: Caller[] = ["anonymous", "member", "moderator", "admin"];

const tokenOf = (people: Record<Exclude<Caller, "anonymous">, TestUser>, caller: Caller) =>
  caller === "anonymous" ? {} : { token: people[caller].token };

describe("moderation routes × callers", () => {
  it("GET /api/moderation/reports and /log: 401, 403, 200, 200", async () => {
    const people = await cast();
    const expected: Record<Caller, number> = { anonymous: 401, member: 403, moderator: 200, admin: 200 };
    for (const path of [
      "/api/moderation/reports",
      "/api/moderation/reports?status=resolved",
      "/api/moderation/log",
    ]) {
      for (const caller of callers) {
        const response = await call("GET", path, tokenOf(people, caller));
        expect(response.status, `${caller} ${path}`).toBe(expected[caller]);
      }
    }
  });

  it("POST /api/moderation/reports/:id/resolve: 401, 403, then moderator and admin resolve", async () => {
    const people = await cast();
    const author = await signUpAs("member", "작성자");
    const reporter = await signUpAs("member", "신고자");
    const expected: Record<Caller, number> = { anonymous: 401, member: 403, moderator: 200, admin: 200 };
    for (const caller of callers) {
      const { id } = await post(author, `신고될 글 ${caller}`);
      const filed = await report(reporter, { type: "post", id });
      const response = await call("POST", `/api/moderation/reports/${filed.id}/resolve`, {
        ...tokenOf(people, caller),
        body: { action: "dismiss" },
      });
      expect(response.status, caller).toBe(expected[caller]);
    }
  });

  it("POST /api/moderation/hide and /unhide: 401, 403, 204, 204", async () => {
    const people = await cast();
    const author = await signUpAs("member", "작성자");
    const { id } = await post(author);
    const expected: Record<Caller, number> = { anonymous: 401, member: 403, moderator: 204, admin: 204 };
    for (const path of ["/api/moderation/hide", "/api/moderation/unhide"]) {
      for (const caller of callers) {
        const response = await call("POST", path, {
          ...tokenOf(people, caller),
          body: { target: { type: "post", id } },
        });
        expect(response.status, `${caller} ${path}`).toBe(expected[caller]);
      }
    }
  });

  it("PUT and DELETE /api/moderation/users/:id/suspension: 401, 403, 200, 200", async () => {
    const people = await cast();
    const target = await signUpAs("member", "대상");
    const expected: Record<Caller, number> = { anonymous: 401, member: 403, moderator: 200, admin: 200 };
    for (const caller of callers) {
      const put = await call("PUT", `/api/moderation/users/${target.id}/suspension`, {
        ...tokenOf(people, caller),
        body: { days: 3, reason: "스팸" },
      });
      expect(put.status, `PUT ${caller}`).toBe(expected[caller]);
      const lift = await call(
        "DELETE",
        `/api/moderation/users/${target.id}/suspension`,
        tokenOf(people, caller),
      );
      expect(lift.status, `DELETE ${caller}`).toBe(expected[caller]);
    }
  });

  it("PUT /api/moderation/users/:id/role: only admins (401, 403, 403, 200)", async () => {
    const people = await cast();
    const target = await signUpAs("member", "대상");
    const expected: Record<Caller, number> = { anonymous: 401, member: 403, moderator: 403, admin: 200 };
    for (const caller of callers) {
      const response = await call("PUT", `/api/moderation/users/${target.id}/role`, {
        ...tokenOf(people, caller),
        body: { role: "moderator" },
      });
      expect(response.status, caller).toBe(expected[caller]);
    }
    const me = await call("GET", "/api/users/me", { token: target.token });
    expect((await json<{ role: string }>(me)).role).toBe("moderator");
    // The new moderator can use the queue at once; taking the role back closes it again.
    expect((await call("GET", "/api/moderation/reports", { token: target.token })).status).toBe(200);
    await call("PUT", `/api/moderation/users/${target.id}/role`, {
      token: people.admin.token,
      body: { role: "member" },
    });
    expect((await call("GET", "/api/moderation/reports", { token: target.token })).status).toBe(403);
  });

  it("POST /api/reports: 401 anonymous, 201 for every signed-in role", async () => {
    const people = await cast();
    const author = await signUpAs("member", "작성자");
    const { id } = await post(author);
    expect(
      (await call("POST", "/api/reports", { body: { target: { type: "post", id }, reason: "spam" } })).status,
    ).toBe(401);
    for (const caller of ["member", "moderator", "admin"] as const) {
      const response = await call("POST", "/api/reports", {
        token: people[caller].token,
        body: { target: { type: "post", id }, reason: "spam" },
      });
      expect(response.status, caller).toBe(201);
    }
  });
});

describe("who may act on whom", () => {
  it("moderators cannot act on admins or on themselves; admins cannot change an admin's role or their own", async () => {
    const { moderator, admin } = await cast();
    const reporter = await signUpAs("member", "신고자");
    const adminPost = await post(admin, "관리자 글");
    const ownPost = await post(moderator, "운영자 글");

    await expectError(
      await call("PUT", `/api/moderation/users/${admin.id}/suspension`, {
        token: moderator.token,
        body: { days: 1, reason: "x" },
      }),
      403,
      "forbidden",
    );
    await expectError(
      await call("PUT", `/api/moderation/users/${moderator.id}/suspension`, {
        token: moderator.token,
        body: { days: 1, reason: "x" },
      }),
      403,
      "forbidden",
    );
    for (const id of [adminPost.id, ownPost.id]) {
      await expectError(
        await call("POST", "/api/moderation/hide", {
          token: moderator.token,
          body: { target: { type: "post", id } },
        }),
        403,
        "forbidden",
      );
    }
    const onAdmin = await report(reporter, { type: "post", id: adminPost.id });
    await expectError(await resolve(moderator, onAdmin.id, { action: "hide" }), 403, "forbidden");
    const onSelf = await report(reporter, { type: "post", id: ownPost.id });
    await expectError(await resolve(moderator, onSelf.id, { action: "dismiss" }), 403, "forbidden");
    await expectError(
      await call("PUT", `/api/moderation/users/${admin.id}/role`, {
        token: admin.token,
        body: { role: "member" },
      }),
      403,
      "forbidden",
    );
    const otherAdmin = await signUpAs("admin", "다른 관리자");
    await expectError(
      await call("PUT", `/api/moderation/users/${otherAdmin.id}/role`, {
        token: admin.token,
        body: { role: "member" },
      }),
      403,
      "forbidden",
    );
    // Nothing changed: the posts are visible, nobody is suspended, the reports are open.
    expect((await call("GET", `/api/posts/${adminPost.id}`)).status).toBe(200);
    expect((await call("GET", `/api/posts/${ownPost.id}`)).status).toBe(200);
    const queue = await json<{ items: { id: string; status: string }[] }>(
      await call("GET", "/api/moderation/reports", { token: admin.token }),
    );
    expect(
      queue.items.filter((item) => [onAdmin.id, onSelf.id].includes(item.id)).map((item) => item.status),
    ).toEqual(["open", "open"]);
  });

  it("bad input is a 422 that changes nothing", async () => {
    const { moderator } = await cast();
    const target = await signUpAs("member", "대상");
    for (const body of [
      { days: 0, reason: "x" },
      { days: 366, reason: "x" },
      { days: 3 },
      { days: 3, reason: "" },
    ]) {
      await expectError(
        await call("PUT", `/api/moderation/users/${target.id}/suspension`, { token: moderator.token, body }),
        422,
        "validation_failed",
      );
    }
    const { id } = await post(target);
    const filed = await report(moderator, { type: "post", id });
    await expectError(await resolve(moderator, filed.id, { action: "suspend" }), 422, "validation_failed");
    await expectError(await resolve(moderator, filed.id, { action: "ban" }), 422, "validation_failed");
    await expectError(
      await call("POST", "/api/moderation/hide", {
        token: moderator.token,
        body: { target: { type: "user", id: target.id } },
      }),
      422,
      "validation_failed",
    );
    await expectError(
      await call("POST", "/api/reports", {
        token: moderator.token,
        body: { target: { type: "post", id }, reason: "meh" },
      }),
      422,
      "validation_failed",
    );
    const me = await json<{ suspendedUntil: string | null }>(
      await call("GET", "/api/users/me", { token: target.token }),
    );
    expect(me.suspendedUntil).toBeNull();
    expect((await call("GET", `/api/posts/${id}`)).status).toBe(200);
  });
});

describe("the log", () => {
  it("records every action with who, what and why, newest first", async () => {
    const { moderator, admin } = await cast();
    const author = await signUpAs("member", "작성자");
    const reporter = await signUpAs("member", "신고자");
    const { id } = await post(author);
    const filed = await report(reporter, { type: "post", id });
    expect((await resolve(moderator, filed.id, { action: "dismiss", note: "괜찮음" })).status).toBe(200);
    const hide = { target: { type: "post", id }, note: "가림" };
    expect((await call("POST", "/api/moderation/hide", { token: moderator.token, body: hide })).status).toBe(
      204,
    );
    expect(
      (await call("POST", "/api/moderation/unhide", { token: moderator.token, body: hide })).status,
    ).toBe(204);
    await call("PUT", `/api/moderation/users/${author.id}/suspension`, {
      token: moderator.token,
      body: { days: 1, reason: "도배" },
    });
    await call("DELETE", `/api/moderation/users/${author.id}/suspension`, { token: moderator.token });
    await call("PUT", `/api/moderation/users/${reporter.id}/role`, {
      token: admin.token,
      body: { role: "moderator" },
    });
    await call("PUT", `/api/moderation/users/${reporter.id}/role`, {
      token: admin.token,
      body: { role: "member" },
    });

    const log = await json<{
      items: {
        actor: { id: string } | null;
        action: string;
        target: { type: string; id: string };
        note: string | null;
      }[];
    }>(await call("GET", "/api/moderation/log?limit=50", { token: moderator.token }));
    const mine = log.items.filter((entry) => [id, author.id, reporter.id].includes(entry.target.id));
    expect(mine.map((entry) => [entry.action, entry.actor?.id, entry.target.type, entry.note])).toEqual([
      ["revoke_moderator", admin.id, "user", null],
      ["grant_moderator", admin.id, "user", null],
      ["unsuspend", moderator.id, "user", null],
      ["suspend", moderator.id, "user", "도배"],
      ["unhide", moderator.id, "post", "가림"],
      ["hide", moderator.id, "post", "가림"],
      ["dismiss", moderator.id, "post", "괜찮음"],
    ]);
  });
});
