/**
 * What a demanding client throws at the API: limits outside 1..50, malformed cursors, unknown and
 * absurd ids, bad bodies. Every answer must be a 4xx in the error shape (or a 200 where API.md
 * says a bad cursor restarts), never a 500; `api` checks shape, X-Request-Id and emails on each.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestUser } from "../helpers";
import { ticketFor, upgrade } from "../realtime/socket";
import { png, uploadForm } from "../social/support";
import { studyBody } from "../studies/fixtures";
import { api, checkAnswer, expectAnswer, expectError, raw } from "./client";
import {
  comment,
  commentThread,
  cursorPage,
  errorBody,
  expectShape,
  notificationPage,
  post,
  room,
  searchResult,
  studyDetail,
} from "./shapes";

interface World {
  owner: TestUser;
  other: TestUser;
  postId: string;
  commentId: string;
  studyId: string;
  roomId: string;
}

let world: World;

beforeAll(async () => {
  const [owner, other] = [await signUp("주인"), await signUp("손님")];
  const created = expectAnswer(
    await api("POST", "/api/posts", { token: owner.token, body: { title: "견고성", body: "본문" } }),
    201,
    post,
  );
  const said = expectAnswer(
    await api("POST", `/api/posts/${created.id}/comments`, { token: other.token, body: { body: "댓글" } }),
    201,
    comment,
  );
  const study = expectAnswer(
    await api("POST", "/api/studies", { token: owner.token, body: studyBody() }),
    201,
    studyDetail,
  );
  await api("PUT", `/api/users/${other.id}/follow`, { token: owner.token });
  const opened = expectAnswer(
    await api("POST", "/api/chat/rooms", { token: owner.token, body: { userId: other.id } }),
    201,
    room,
  );
  world = { owner, other, postId: created.id, commentId: said.id, studyId: study.id, roomId: opened.id };
});

/** Every cursor-paged list of API.md, with the token it needs. */
const cursorLists = () => [
  { path: "/api/posts?feed=latest", token: undefined },
  { path: "/api/posts?feed=following", token: world.owner.token },
  { path: `/api/users/${world.owner.id}/posts?x=1`, token: undefined },
  { path: `/api/users/${world.owner.id}/followers?x=1`, token: undefined },
  { path: `/api/users/${world.owner.id}/following?x=1`, token: undefined },
  { path: "/api/users/me/blocks?x=1", token: world.owner.token },
  { path: `/api/posts/${world.postId}/comments?x=1`, token: undefined },
  { path: "/api/notifications?x=1", token: world.other.token },
  { path: "/api/search?q=견고성&type=posts", token: undefined },
];

describe("cursor lists", () => {
  it("answer 422 validation_failed for a limit outside 1..50 (and a non-number), 200 at the edges", async () => {
    for (const { path, token } of cursorLists()) {
      for (const limit of ["0", "51", "-1", "abc", "1.5", "1e3"]) {
        const answer = await api("GET", `${path}&limit=${limit}`, { token });
        expectError(answer, 422, "validation_failed");
        const details = expectShape(errorBody, answer.body).error.details ?? [];
        expect(
          details.map((detail) => detail.path),
          `${path} limit=${limit}`,
        ).toContain("limit");
      }
      for (const limit of ["1", "50"]) {
        expect((await api("GET", `${path}&limit=${limit}`, { token })).status, `${path} limit=${limit}`).toBe(
          200,
        );
      }
    }
  });

  it("treat a malformed cursor as the first page (200), never a 500", async () => {
    const malformed = [
      "garbage",
      "%%%",
      "bm90IGEgY3Vyc29y", // base64 of "not a cursor"
      btoa("123:"),
      btoa(":abc"),
      btoa("NaN:abc"),
      btoa("99999999999999999999999:abc"),
      btoa("1:'; DROP TABLE posts; --"),
      "😀",
      "a".repeat(200),
    ];
    for (const { path, token } of cursorLists()) {
      for (const cursor of malformed) {
        const answer = await api("GET", `${path}&cursor=${encodeURIComponent(cursor)}`, { token });
        expect(answer.status, `${path} cursor=${cursor}`).toBe(200);
      }
      // Far too long is refused as input rather than parsed.
      const tooLong = await api("GET", `${path}&cursor=${"a".repeat(5000)}`, { token });
      expect([200, 422], path).toContain(tooLong.status);
    }
  });

  it("page the documented shapes to the end", async () => {
    const first = expectAnswer(
      await api("GET", `/api/posts/${world.postId}/comments?limit=1`),
      200,
      cursorPage(commentThread),
    );
    expect(first.nextCursor).toBeNull();
    expectAnswer(
      await api("GET", "/api/notifications?limit=50", { token: world.owner.token }),
      200,
      notificationPage,
    );
    expectAnswer(await api("GET", "/api/search?q=견고성&type=posts&limit=1"), 200, searchResult);
  });
});

const MISSING = "zzzzzzzzzzzzzzzzzzzz";

/** Every `:id` route with a well-formed id that names nothing, and a body that would be valid. */
const idRoutes = (id: string) =>
  [
    ["GET", `/api/users/${id}`],
    ["GET", `/api/users/${id}/posts`],
    ["GET", `/api/users/${id}/followers`],
    ["GET", `/api/users/${id}/following`],
    ["PUT", `/api/users/${id}/follow`],
    ["DELETE", `/api/users/${id}/follow`],
    ["PUT", `/api/users/${id}/block`],
    ["DELETE", `/api/users/${id}/block`],
    ["GET", `/api/posts/${id}`],
    ["PATCH", `/api/posts/${id}`, { title: "제목" }],
    ["DELETE", `/api/posts/${id}`],
    ["PUT", `/api/posts/${id}/like`],
    ["DELETE", `/api/posts/${id}/like`],
    ["GET", `/api/posts/${id}/comments`],
    ["POST", `/api/posts/${id}/comments`, { body: "댓글" }],
    ["PATCH", `/api/comments/${id}`, { body: "댓글" }],
    ["DELETE", `/api/comments/${id}`],
    ["GET", `/api/studies/${id}`],
    ["PATCH", `/api/studies/${id}`, { title: "제목" }],
    ["DELETE", `/api/studies/${id}`],
    ["PUT", `/api/studies/${id}/tags/react`],
    ["DELETE", `/api/studies/${id}/tags/react`],
    ["PUT", `/api/studies/${id}/membership`],
    ["DELETE", `/api/studies/${id}/membership`],
    ["DELETE", `/api/chat/rooms/${id}`],
    ["GET", `/api/chat/rooms/${id}/messages`],
    ["POST", `/api/chat/rooms/${id}/read`, { seq: 0 }],
  ] as const;

describe(":id routes", () => {
  it("answer 404 not_found for an id that names nothing", async () => {
    for (const [method, path, body] of idRoutes(MISSING)) {
      const answer = await api(method, path, { token: world.owner.token, body });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    expectError(await api("GET", `/images/img/${MISSING}`), 404, "not_found");
    expectError(
      await api("POST", "/api/chat/rooms", { token: world.owner.token, body: { userId: MISSING } }),
      404,
    );
    const socket = await upgrade(`/api/chat/rooms/${MISSING}/ws?ticket=${await ticketFor(world.owner)}`);
    expectError(await checkAnswer(`GET /api/chat/rooms/${MISSING}/ws`, socket), 404);
  });

  it.each([
    ["a 5,000-character id", "x".repeat(5000)],
    ["NUL", "%00"],
    ["SQL", "%27%20OR%201%3D1"],
    ["an emoji", "%F0%9F%98%80"],
    ["an encoded path", "..%2F..%2Fetc"],
    ["a broken percent-escape", "%E0%A4%A"],
    ["an invalid escape", "%ZZ"],
    ["a space", "a%20b"],
    ["a newline", "%0A"],
    ["an encoded slash", "me%2Fblocks"],
  ])("answer a 4xx, never a 500, for %s as the id", async (_what, id) => {
    for (const [method, path, body] of idRoutes(id)) {
      const answer = await api(method, path, { token: world.owner.token, body });
      expect(answer.status, `${method} ${path.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
    }
  });

  it("answer 404 for an image key that is far too long or odd", async () => {
    expectError(await api("GET", `/images/img/${"x".repeat(5000)}`), 404, "not_found");
    expectError(await api("GET", "/images/img/%00"), 404, "not_found");
    expectError(await api("GET", "/images/img/..%2Fimg%2Fx"), 404, "not_found");
  });

  it("answer 4xx for an odd tag name and a long one", async () => {
    const { studyId, owner } = world;
    for (const name of ["%00", "%0A", "x".repeat(31), "%20"]) {
      const answer = await api("PUT", `/api/studies/${studyId}/tags/${name}`, { token: owner.token });
      expectError(answer, 422, "validation_failed");
    }
    // Hono decodes a broken percent-escape to itself, so this is a (harmless) literal tag name.
    expect((await api("PUT", `/api/studies/${studyId}/tags/%E0%A4%A`, { token: owner.token })).status).toBe(
      200,
    );
  });
});

describe("errors in API.md's shape on different routes", () => {
  it("400 invalid_json for a malformed JSON body", async () => {
    const headers = { Authorization: `Bearer ${world.owner.token}`, "Content-Type": "application/json" };
    for (const [method, path] of [
      ["POST", "/api/posts"],
      ["PATCH", "/api/users/me"],
      ["POST", "/api/studies"],
      ["POST", "/api/notifications/read"],
    ] as const) {
      expectError(await raw(method, path, { headers, body: "{not json" }), 400, "invalid_json");
    }
    expectError(
      await raw("POST", "/api/auth/login", { headers: { "Content-Type": "application/json" }, body: "{" }),
      400,
      "invalid_json",
    );
  });

  it("401 unauthorized without, or with a bad, token", async () => {
    for (const [method, path] of [
      ["GET", "/api/users/me"],
      ["POST", "/api/posts"],
      ["GET", "/api/notifications"],
      ["GET", "/api/chat/rooms"],
      ["PUT", `/api/studies/${MISSING}/membership`],
    ] as const) {
      expectError(await api(method, path), 401, "unauthorized");
      expectError(await api(method, path, { token: "not.a.token" }), 401, "unauthorized");
    }
    // A bad token on a route where signing in is optional is still a 401, never silently anonymous.
    expectError(await api("GET", "/api/posts", { token: "not.a.token" }), 401, "unauthorized");
  });

  it("403 forbidden for someone else's post, comment, study and room", async () => {
    const { other, owner, postId, commentId, studyId, roomId } = world;
    const stranger = await signUp("남남");
    expectError(await api("DELETE", `/api/posts/${postId}`, { token: other.token }), 403, "forbidden");
    expectError(
      await api("PATCH", `/api/comments/${commentId}`, { token: owner.token, body: { body: "x" } }),
      403,
    );
    expectError(await api("PUT", `/api/studies/${studyId}/tags/x`, { token: other.token }), 403, "forbidden");
    expectError(await api("GET", `/api/chat/rooms/${roomId}/messages`, { token: stranger.token }), 403);
  });

  it("409 on sign-up with a taken email, joining an ended study", async () => {
    expectError(
      await api("POST", "/api/auth/signup", {
        body: { email: world.owner.email, password: "long enough pw" },
      }),
      409,
      "email_taken",
    );
    const ended = expectAnswer(
      await api("POST", "/api/studies", {
        token: world.owner.token,
        body: studyBody({ startDate: "2021-03-01", endDate: "2021-03-31" }),
      }),
      201,
      studyDetail,
    );
    expectError(
      await api("PUT", `/api/studies/${ended.id}/membership`, { token: world.other.token }),
      409,
      "study_ended",
    );
  });

  it("413 too_large for an oversized JSON body and an image over 5 MiB", async () => {
    const headers = { Authorization: `Bearer ${world.owner.token}`, "Content-Type": "application/json" };
    const huge = JSON.stringify({ title: "큰 글", body: "가".repeat(200_000) });
    expectError(await raw("POST", "/api/posts", { headers, body: huge }), 413, "too_large");
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(png());
    expectError(
      await api("POST", "/api/images", { token: world.owner.token, body: uploadForm(big) }),
      413,
      "too_large",
    );
  });

  it("415 unsupported_media_type for a non-JSON body and a file that is not an image", async () => {
    const headers = { Authorization: `Bearer ${world.owner.token}`, "Content-Type": "text/plain" };
    expectError(
      await raw("POST", "/api/posts", { headers, body: JSON.stringify({ title: "t", body: "b" }) }),
      415,
      "unsupported_media_type",
    );
    expectError(
      await raw("POST", "/api/auth/login", {
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "a=b",
      }),
      415,
      "unsupported_media_type",
    );
    // Multipart is for the two upload routes only; JSON to an upload route is refused too.
    const form = new FormData();
    form.append("title", "제목");
    form.append("body", "본문");
    expectError(
      await api("POST", "/api/posts", { token: world.owner.token, body: form }),
      415,
      "unsupported_media_type",
    );
    expectError(
      await api("POST", "/api/images", { token: world.owner.token, body: { file: "x" } }),
      415,
      "unsupported_media_type",
    );
    expectError(
      await api("PUT", "/api/users/me/avatar", { token: world.owner.token, body: { file: "x" } }),
      415,
      "unsupported_media_type",
    );
    const text = new FormData();
    text.append("file", new File(["<script>alert(1)</script>"], "x.png", { type: "image/png" }));
    expectError(
      await api("POST", "/api/images", { token: world.owner.token, body: text }),
      415,
      "unsupported_media_type",
    );
  });

  it("422 validation_failed with {path, message} details", async () => {
    const answer = await api("POST", "/api/posts", {
      token: world.owner.token,
      body: { title: "", body: "x".repeat(10_001) },
    });
    expectError(answer, 422, "validation_failed");
    const details = expectShape(errorBody, answer.body).error.details ?? [];
    expect(details.map((detail) => detail.path).sort()).toEqual(["body", "title"]);
    expectError(
      await api("POST", "/api/studies", {
        token: world.owner.token,
        body: studyBody({ startDate: "2026-05-02", endDate: "2026-05-01" }),
      }),
      422,
      "validation_failed",
    );
    expectError(await api("GET", "/api/studies?pageSize=51"), 422, "validation_failed");
    expectError(await api("GET", "/api/studies?page=0"), 422, "validation_failed");
    expectError(
      await api("GET", `/api/chat/rooms/${world.roomId}/messages?limit=101`, { token: world.owner.token }),
      422,
      "validation_failed",
    );
  });

  it("404 JSON for an unknown route, and 426 for a socket route without an upgrade", async () => {
    expectError(await api("GET", "/api/nothing-here"), 404, "not_found");
    expectError(await api("POST", "/api/users"), 404);
    const notUpgraded = await api("GET", `/api/chat/rooms/${world.roomId}/ws`);
    expectError(notUpgraded, 426, "upgrade_required");
    expectError(await api("GET", "/api/notifications/ws"), 426, "upgrade_required");
  });

  it("401, never 500, for writes with the access token of a deleted account or a logged-out session", async () => {
    const [ghost, other] = [await signUp("유령"), await signUp("산 사람")];
    const theirs = expectAnswer(
      await api("POST", "/api/posts", { token: other.token, body: { title: "글", body: "본문" } }),
      201,
      post,
    );
    const session = await api("POST", "/api/auth/login", {
      body: { email: ghost.email, password: ghost.password },
    });
    const loggedOut = (session.body as { accessToken: string }).accessToken;
    const cookie = session.headers.get("Set-Cookie")?.split(";")[0] ?? "";
    expect((await api("POST", "/api/auth/logout", { cookie })).status).toBe(204);
    expectError(await api("POST", "/api/posts", { token: loggedOut, body: { title: "t", body: "b" } }), 401);

    expect(
      (await api("DELETE", "/api/users/me", { token: ghost.token, body: { password: ghost.password } }))
        .status,
    ).toBe(204);
    for (const [method, path, body] of [
      ["PATCH", "/api/users/me", { bio: "x" }],
      ["PUT", "/api/users/me/avatar", uploadForm(png())],
      ["POST", "/api/users/me/password", { currentPassword: ghost.password, newPassword: "long enough 1" }],
      ["DELETE", "/api/users/me", { password: ghost.password }],
      ["POST", "/api/posts", { title: "t", body: "b" }],
      ["POST", "/api/images", uploadForm(png())],
      ["POST", "/api/studies", studyBody()],
      ["PUT", `/api/users/${other.id}/follow`, undefined],
      ["PUT", `/api/users/${other.id}/block`, undefined],
      ["POST", `/api/posts/${theirs.id}/comments`, { body: "c" }],
      ["PUT", `/api/posts/${theirs.id}/like`, undefined],
      ["POST", "/api/chat/rooms", { userId: other.id }],
      ["POST", "/api/notifications/read", { all: true }],
      ["POST", "/api/realtime/ticket", undefined],
    ] as const) {
      expectError(await api(method, path, { token: ghost.token, body }), 401, "unauthorized");
    }
    expectError(await api("GET", "/api/users/me", { token: ghost.token }), 401, "unauthorized");
  });
});
