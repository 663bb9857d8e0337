import { describe, expect, it } from "vitest";
import { BOOKMARK_HEADER, isBookmark } from "../../src/shared/d1";
import { call, json, signUp } from "../helpers";

describe("D1 sessions: the bookmark that keeps a user's reads at least as new as their writes", () => {
  it("answers a write with a bookmark, and a read sent with it sees the write", async () => {
    const author = await signUp();
    const created = await call("POST", "/api/posts", {
      token: author.token,
      body: { title: "북마크", body: "방금 쓴 글" },
    });
    expect(created.status).toBe(201);
    const bookmark = created.headers.get(BOOKMARK_HEADER);
    // The worker takes back only what looks like one of its own bookmarks.
    expect(isBookmark(bookmark ?? "")).toBe(true);
    const { id } = await json<{ id: string }>(created);

    const read = await call("GET", `/api/posts/${id}`, { headers: { [BOOKMARK_HEADER]: bookmark ?? "" } });
    expect(read.status).toBe(200);
    expect((await json<{ title: string }>(read)).title).toBe("북마크");
    // The read's own bookmark is never older than the one it was sent.
    expect((read.headers.get(BOOKMARK_HEADER) ?? "") >= (bookmark ?? "")).toBe(true);

    const feed = await call("GET", "/api/posts?feed=latest", {
      headers: { [BOOKMARK_HEADER]: bookmark ?? "" },
    });
    expect((await json<{ items: { id: string }[] }>(feed)).items.map((post) => post.id)).toContain(id);
  });

  it("ignores a bookmark that is not one, instead of failing the request", async () => {
    for (const junk of ["not a bookmark", "'; DROP TABLE posts; --", "x".repeat(500), "first-primary"]) {
      const response = await call("GET", "/api/posts?feed=latest", { headers: { [BOOKMARK_HEADER]: junk } });
      expect(response.status, junk).toBe(200);
    }
  });
});
