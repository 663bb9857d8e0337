import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, errorCode, json, signUp, type TestUser } from "../helpers";
import { createStudy, hangul, marker } from "../studies/fixtures";

interface Card {
  id: string;
}
interface SearchJson {
  posts: (Card & { title: string; author: Card; excerpt: string; likedByMe: boolean })[];
  users: (Card & { nickname: string; avatarUrl: string | null; bio: string })[];
  studies: (Card & { title: string; tags: string[]; status: string })[];
  nextCursor: string | null;
  terms: string[];
}

const search = async (params: Record<string, string | number>, token?: string) => {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const response = await call("GET", `/api/search?${query}`, { token });
  expect(response.status, JSON.stringify(params)).toBe(200);
  return json<SearchJson>(response);
};

const postIds = async (q: string, token?: string) =>
  (await search({ q, type: "posts", limit: 50 }, token)).posts.map((p) => p.id);

/** Every post id a query finds, page after page (bounded), for words other tests may also use. */
const allPostIds = async (q: string) => {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const result: SearchJson = await search({ q, type: "posts", limit: 50, ...(cursor ? { cursor } : {}) });
    ids.push(...result.posts.map((p) => p.id));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return ids;
};

const createPost = async (author: TestUser, title: string, body: string) => {
  const response = await call("POST", "/api/posts", { token: author.token, body: { title, body } });
  if (response.status !== 201) throw new Error(`post failed: ${response.status} ${await response.text()}`);
  return (await json<{ id: string }>(response)).id;
};

const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

describe("GET /api/search: Korean and English", () => {
  it("finds Korean words inside longer words, including 2-character ones, and English in any case", async () => {
    const author = await signUp();
    const mk = marker();
    const id = await createPost(author, "스터디원 모집", `typescript 같이 공부해요 ${mk}`);

    expect(await postIds(`스터디 ${mk}`)).toEqual([id]);
    expect(await postIds(`모집 ${mk}`)).toEqual([id]);
    expect(await postIds(`TypeScript ${mk.toUpperCase()}`)).toEqual([id]);
    // The bare words, as a person types them, page after page through whatever else matches.
    expect(await allPostIds("스터디")).toContain(id);
    expect(await allPostIds("모집")).toContain(id);
    expect(await allPostIds("TypeScript")).toContain(id);
  });

  it("answers 1- and 2-character queries through the gram index, with % and _ taken literally", async () => {
    const author = await signUp();
    const one = hangul(1);
    const two = hangul(2);
    const mk = marker();
    const oneId = await createPost(author, `${one} 한 글자`, "본문");
    const twoId = await createPost(author, "두 글자", `본문에 ${two}가 있음`);
    const percent = await createPost(author, "할인 100%", mk);
    const plain = await createPost(author, "할인 1000", mk);
    const underscore = await createPost(author, "snake_case", mk);

    expect(await postIds(one)).toContain(oneId);
    expect(await postIds(two)).toEqual([twoId]);
    expect(await postIds(`% ${mk}`)).toEqual([percent]);
    expect(await postIds(`_ ${mk}`)).toEqual([underscore]);
    expect(await postIds(`0% ${mk}`)).toEqual([percent]);
    expect((await postIds(mk)).sort()).toEqual([percent, plain, underscore].sort());
  });

  it("finds code as written: punctuation inside a word, any letter case (API.md § Content)", async () => {
    const author = await signUp();
    const mk = marker();
    const cpp = await createPost(author, "C++ 정리", `#include <vector>\nstd::vector<int> v; ${mk}`);
    const js = await createPost(author, "훅 질문", `useEffect 안에서 async/await 쓰기, sess.opts 읽기 ${mk}`);
    const other = await createPost(author, "session options", `sess opts include vector await ${mk}`);

    for (const q of ["#include", "std::vector", "<int>", "C++", "::", "#"]) {
      expect(await postIds(`${q} ${mk}`), q).toEqual([cpp]);
    }
    for (const q of ["useEffect", "useeffect", "USEEFFECT", "async/await", "sess.opts", "s.", "/a"]) {
      expect(await postIds(`${q} ${mk}`), q).toEqual([js]);
    }
    expect((await postIds(mk)).sort()).toEqual([cpp, js, other].sort());
  });

  it("answers the lower-cased words it matched, for highlighting", async () => {
    expect((await search({ q: "  UseEffect 정리  sess.opts useeffect A " })).terms).toEqual([
      "useeffect",
      "정리",
      "sess.opts",
      "a",
    ]);
    expect((await search({ q: "스터디", type: "posts" })).terms).toEqual(["스터디"]);
  });

  it("treats FTS syntax typed by a person as text, never as an error", async () => {
    const author = await signUp();
    const mk = marker();
    const quoted = await createPost(author, `say "hello${mk}"`, "본문");
    const tricky = await createPost(author, `C++ AND (NEAR) title:${mk}`, "x OR y");
    for (const q of [
      '"',
      '""',
      "*",
      "-",
      "(",
      ")",
      "AND",
      "OR NOT",
      "NEAR(a b)",
      "title:",
      "body:abc",
      "^abc",
      "a*",
      '"unterminated',
      "{title body}: x",
      "'; DROP TABLE posts; --",
      `"${mk}" AND *`,
      "\\",
    ]) {
      await search({ q });
      await search({ q, type: "posts" });
    }
    expect(await postIds(`"hello${mk}"`)).toEqual([quoted]);
    expect(await postIds(`title:${mk}`)).toEqual([tricky]);
    expect(await postIds(`C++ AND (NEAR) ${mk}`)).toEqual([tricky]);
    expect(await postIds(`title:${mk} OR`)).toEqual([tricky]);
    const tables = await env.DB.prepare("SELECT count(*) AS n FROM posts").first<{ n: number }>();
    expect(tables?.n).toBeGreaterThan(0);
  });

  it("drops an edited or deleted post from the results at once", async () => {
    const author = await signUp();
    const before = marker("before");
    const after = marker("after");
    const id = await createPost(author, `제목 ${before}`, "본문");
    expect(await postIds(before)).toEqual([id]);

    const edited = await call("PATCH", `/api/posts/${id}`, {
      token: author.token,
      body: { title: `제목 ${after}` },
    });
    expect(edited.status).toBe(200);
    expect(await postIds(before)).toEqual([]);
    expect(await postIds(after)).toEqual([id]);

    expect((await call("DELETE", `/api/posts/${id}`, { token: author.token })).status).toBe(204);
    expect(await postIds(after)).toEqual([]);
  });

  it("ranks a title hit above a body hit, then newer first, and pages with a cursor", async () => {
    const author = await signUp();
    const mk = marker();
    const bodyOld = await createPost(author, "제목 없음", `본문 ${mk}`);
    await tick();
    const bodyNew = await createPost(author, "제목 없음", `본문 ${mk}`);
    await tick();
    const title = await createPost(author, `${mk}`, "본문");
    await tick();
    const bodyNewest = await createPost(author, "제목 없음", `본문 ${mk}`);
    await tick();
    const bodyLast = await createPost(author, "제목 없음", `본문 ${mk}`);

    const expected = [title, bodyLast, bodyNewest, bodyNew, bodyOld];
    expect(await postIds(mk)).toEqual(expected);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: SearchJson = await search({
        q: mk,
        type: "posts",
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.posts.length).toBeLessThanOrEqual(2);
      seen.push(...page.posts.map((p) => p.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);

    // LIKE-only queries rank title hits first too.
    const two = hangul(2);
    const inBody = await createPost(author, "제목", `본문 ${two}`);
    await tick();
    const inTitle = await createPost(author, `${two} 제목`, "본문");
    await tick();
    const inBodyNewer = await createPost(author, "제목", `${two}`);
    expect(await postIds(two)).toEqual([inTitle, inBodyNewer, inBody]);
    const first = await search({ q: two, type: "posts", limit: 1 });
    const rest = await search({ q: two, type: "posts", limit: 5, cursor: first.nextCursor ?? "" });
    expect([...first.posts, ...rest.posts].map((p) => p.id)).toEqual([inTitle, inBodyNewer, inBody]);
    expect(rest.nextCursor).toBeNull();
  });
});

describe("GET /api/search: users, studies, blocks", () => {
  it("finds users by nickname and bio, never by email, and never shows an email", async () => {
    const word = hangul(3);
    const user = await signUp(`${word}코더`);
    await call("PATCH", "/api/users/me", { token: user.token, body: { bio: `Rust and ${word} lover` } });
    const result = await search({ q: word, type: "users" });
    expect(result.users).toEqual([
      {
        id: user.id,
        handle: expect.stringMatching(/^user_\d{4}$/),
        nickname: `${word}코더`,
        avatarUrl: null,
        bio: `Rust and ${word} lover`,
      },
    ]);
    expect(JSON.stringify(result)).not.toContain("@");
    const byEmail = await search({ q: user.email, type: "users" });
    expect(byEmail.users.map((u) => u.id)).not.toContain(user.id);
    const all = await search({ q: word });
    expect(JSON.stringify(all)).not.toContain(user.email);
  });

  it("finds studies by title, description and tags, following tag changes", async () => {
    const leader = await signUp();
    const word = hangul(3);
    const mk = marker("tag");
    const study = await createStudy(leader.token, { title: `${word}원 모집`, description: "설명" });
    expect((await search({ q: word, type: "studies" })).studies.map((s) => s.id)).toEqual([study.id]);
    expect((await search({ q: mk, type: "studies" })).studies).toEqual([]);

    await call("PUT", `/api/studies/${study.id}/tags/${mk}`, { token: leader.token });
    const tagged = await search({ q: mk.toUpperCase(), type: "studies" });
    expect(tagged.studies.map((s) => [s.id, s.tags])).toEqual([[study.id, [mk]]]);

    await call("DELETE", `/api/studies/${study.id}/tags/${mk}`, { token: leader.token });
    expect((await search({ q: mk, type: "studies" })).studies).toEqual([]);

    await call("PATCH", `/api/studies/${study.id}`, {
      token: leader.token,
      body: { description: `새 ${mk}` },
    });
    expect((await search({ q: mk, type: "studies" })).studies.map((s) => s.id)).toEqual([study.id]);
    await call("DELETE", `/api/studies/${study.id}`, { token: leader.token });
    expect((await search({ q: mk, type: "studies" })).studies).toEqual([]);
  });

  it("hides users who blocked me or whom I blocked, with their posts and studies", async () => {
    const [viewer, blocker, blocked, bystander] = await Promise.all([
      signUp(),
      signUp("차단한사람"),
      signUp("차단된사람"),
      signUp("구경꾼"),
    ]);
    const mk = marker();
    for (const author of [blocker, blocked, bystander]) {
      await call("PATCH", "/api/users/me", { token: author.token, body: { bio: mk } });
      await createPost(author, mk, "본문");
      await createStudy(author.token, { title: mk });
    }
    await env.DB.batch([
      env.DB.prepare("INSERT INTO blocks (blocker_id, blocked_id) VALUES (?, ?)").bind(blocker.id, viewer.id),
      env.DB.prepare("INSERT INTO blocks (blocker_id, blocked_id) VALUES (?, ?)").bind(viewer.id, blocked.id),
    ]);

    const seen = await search({ q: mk }, viewer.token);
    expect(seen.users.map((u) => u.id)).toEqual([bystander.id]);
    expect(seen.posts.map((p) => p.author.id)).toEqual([bystander.id]);
    expect(seen.studies).toHaveLength(1);
    const anonymous = await search({ q: mk });
    expect(anonymous.users).toHaveLength(3);
    expect(anonymous.posts).toHaveLength(3);
    expect(anonymous.studies).toHaveLength(3);
    // 2-character (LIKE) queries follow the same rule.
    const shortWord = hangul(2);
    await createPost(blocker, shortWord, "본문");
    expect(await postIds(shortWord, viewer.token)).toEqual([]);
    expect(await postIds(shortWord)).toHaveLength(1);
  });

  it("returns every kind with type=all, one kind otherwise, and validates its input", async () => {
    const author = await signUp();
    const mk = marker();
    await call("PATCH", "/api/users/me", { token: author.token, body: { bio: mk } });
    await createPost(author, mk, "본문");
    await createStudy(author.token, { description: mk });

    const all = await search({ q: mk, limit: 1 });
    expect([all.posts.length, all.users.length, all.studies.length, all.nextCursor]).toEqual([1, 1, 1, null]);
    const onlyUsers = await search({ q: mk, type: "users" });
    expect([onlyUsers.posts.length, onlyUsers.users.length, onlyUsers.studies.length]).toEqual([0, 1, 0]);

    for (const query of [
      "",
      "q=",
      "q=%20%20",
      `q=${"a".repeat(101)}`,
      "q=a&type=people",
      "q=a&limit=0",
      "q=a&limit=51",
      "q=a&cursor=abc",
    ]) {
      const response = await call("GET", `/api/search?${query}`);
      expect(response.status, query).toBe(422);
      expect(await errorCode(response)).toBe("validation_failed");
    }
    expect((await call("GET", `/api/search?q=${"가".repeat(100)}`)).status).toBe(200);
    // A malformed cursor starts from the top, as everywhere else.
    expect((await call("GET", `/api/search?q=${mk}&type=posts&cursor=%%%`)).status).toBe(200);
  });
});
