/**
 * Every cursor list, walked one item a page: each item once, none lost, `nextCursor` null at the
 * end, and each page in the list's documented shape. Items are made back to back, so several
 * share a creation millisecond and the id tie-break is exercised too.
 */
import { describe, expect, it } from "vitest";
import type * as z from "zod";
import { signUp, type TestUser } from "../helpers";
import { studyBody } from "../studies/fixtures";
import { api, expectAnswer } from "./client";
import {
  commentThread,
  cursorPage,
  followCard,
  notificationPage,
  post,
  postSummary,
  searchResult,
  userCard,
} from "./shapes";

const N = 4;

const walk = async <Item extends { id: string }>(
  path: string,
  token: string | undefined,
  schema: z.ZodType<{ items: Item[]; nextCursor: string | null }>,
) => {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const separator = path.includes("?") ? "&" : "?";
    const query: string = `${separator}limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page: { items: Item[]; nextCursor: string | null } = expectAnswer(
      await api("GET", `${path}${query}`, { token }),
      200,
      schema,
    );
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  expect(cursor, `${path}: nextCursor at the end`).toBeNull();
  return ids;
};

const searchWalk = async (word: string, type: "posts" | "users" | "studies") => {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const query: string = `q=${encodeURIComponent(word)}&type=${type}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page: z.output<typeof searchResult> = expectAnswer(
      await api("GET", `/api/search?${query}`),
      200,
      searchResult,
    );
    ids.push(...page[type].map((item) => item.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  expect(cursor).toBeNull();
  return ids;
};

describe("cursor pages", () => {
  it("walk every list to its end, each item exactly once", async () => {
    const word = `페이지${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
    const star = await signUp("스타");
    const fans: TestUser[] = [];
    for (let index = 0; index < N; index++) fans.push(await signUp(`팬${index}`));

    const postIds: string[] = [];
    for (let index = 0; index < N; index++) {
      const created = expectAnswer(
        await api("POST", "/api/posts", {
          token: star.token,
          body: { title: `${word} ${index}`, body: "본문" },
        }),
        201,
        post,
      );
      postIds.push(created.id);
      await api("POST", "/api/studies", {
        token: star.token,
        body: studyBody({ title: `${word} ${index}` }),
      });
    }
    const commentIds: string[] = [];
    for (const fan of fans) {
      await api("PUT", `/api/users/${star.id}/follow`, { token: fan.token });
      await api("PUT", `/api/users/${fan.id}/follow`, { token: star.token });
      await api("PATCH", "/api/users/me", { token: fan.token, body: { bio: word } });
      const said = await api("POST", `/api/posts/${postIds[0]}/comments`, {
        token: fan.token,
        body: { body: "댓글" },
      });
      commentIds.push((said.body as { id: string }).id);
    }
    const fanIds = fans.map((fan) => fan.id);
    const newestFirst = <T>(list: T[]) => [...list].reverse();

    const fan = fans[0] as TestUser;
    expect(await walk("/api/posts?feed=following", fan.token, cursorPage(postSummary))).toEqual(
      newestFirst(postIds),
    );
    expect(await walk(`/api/users/${star.id}/posts`, undefined, cursorPage(postSummary))).toEqual(
      newestFirst(postIds),
    );
    expect(await walk(`/api/users/${star.id}/followers`, undefined, cursorPage(followCard))).toEqual(
      newestFirst(fanIds),
    );
    expect(await walk(`/api/users/${star.id}/following`, undefined, cursorPage(followCard))).toEqual(
      newestFirst(fanIds),
    );
    expect(await walk(`/api/posts/${postIds[0]}/comments`, undefined, cursorPage(commentThread))).toEqual(
      commentIds,
    );
    const notified = await walk("/api/notifications", star.token, notificationPage);
    expect(notified).toHaveLength(2 * N); // a follow and a comment from each fan
    expect(new Set(notified).size).toBe(2 * N);

    for (const fanToBlock of fans)
      await api("PUT", `/api/users/${fanToBlock.id}/block`, { token: star.token });
    expect(await walk("/api/users/me/blocks", star.token, cursorPage(userCard))).toEqual(newestFirst(fanIds));

    expect(new Set(await searchWalk(word, "posts"))).toEqual(new Set(postIds));
    expect(await searchWalk(word, "studies")).toHaveLength(N);
    expect(new Set(await searchWalk(word, "users"))).toEqual(new Set(fanIds));
  });
});
