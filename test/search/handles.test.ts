import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, errorCode, json, signUp, type TestUser } from "../helpers";
import { marker } from "../studies/fixtures";

interface SearchJson {
  users: { id: string; handle: string; nickname: string }[];
  nextCursor: string | null;
}

const search = async (params: Record<string, string | number>, token?: string) => {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const response = await call("GET", `/api/search?${query}`, { token });
  expect(response.status, JSON.stringify(params)).toBe(200);
  return json<SearchJson>(response);
};

const userIds = async (q: string, token?: string) =>
  (await search({ q, type: "users", limit: 50 }, token)).users.map((u) => u.id);

/** A handle stem no other test uses: `h` and 8 random letters or digits (handles are ≤ 20). */
const stem = () => marker("h").slice(0, 9);

/** A signed-up user with this handle (and nickname, bio when given). */
const person = async (handle: string, { nickname, bio }: { nickname?: string; bio?: string } = {}) => {
  const user = await signUp(nickname);
  const response = await call("PATCH", "/api/users/me", {
    token: user.token,
    body: { handle, ...(bio === undefined ? {} : { bio }) },
  });
  if (response.status !== 200) throw new Error(`PATCH failed: ${response.status} ${await response.text()}`);
  return user;
};

const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

/** Every user id a query finds, `limit` at a time, following `nextCursor` (bounded). */
const pagedUserIds = async (q: string, limit: number, token?: string) => {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const result: SearchJson = await search(
      { q, type: "users", limit, ...(cursor ? { cursor } : {}) },
      token,
    );
    ids.push(...result.users.map((u) => u.id));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return ids;
};

describe("GET /api/search: people by handle", () => {
  it("finds a handle typed with or without @, in any case, and by its prefix; the exact one first", async () => {
    const h = stem();
    const longer = await person(`${h}_two`);
    await tick();
    const exact = await person(h);
    // Someone who only mentions the word in their nickname: a text hit, after the handle hits.
    const fan = await person(`${stem()}x`, { nickname: `${h}팬` });

    expect(await userIds(h)).toEqual([exact.id, longer.id, fan.id]);
    expect(await userIds(`@${h}`)).toEqual([exact.id, longer.id]);
    expect(await userIds(`@${h.toUpperCase()}`)).toEqual([exact.id, longer.id]);
    expect(await userIds(h.toUpperCase())).toEqual([exact.id, longer.id, fan.id]);
    // A prefix: the shorter (closer) handle first, then the longer one.
    expect(await userIds(h.slice(0, 7))).toEqual([exact.id, longer.id, fan.id]);
    expect(await userIds(`@${h.slice(0, 7)}`)).toEqual([exact.id, longer.id]);
    expect(await userIds(`${h}_t`)).toEqual([longer.id]);
    // The card carries the handle; type=all finds them too.
    const all = await search({ q: `@${h}` });
    expect(all.users.map((u) => [u.id, u.handle])).toEqual([
      [exact.id, h],
      [longer.id, `${h}_two`],
    ]);
    // Two words are no handle: only the text search answers.
    expect(await userIds(`${h} ${h}`)).toEqual([fan.id]);
  });

  it("lists a user whose handle, nickname and bio all match once, first", async () => {
    const h = stem();
    const both = await person(h, { nickname: `${h} 본인`, bio: `I am ${h}` });
    const other = await person(`${stem()}y`, { bio: `friend of ${h}` });
    expect(await userIds(h)).toEqual([both.id, other.id]);
    expect(await userIds(h.slice(0, 5))).toEqual([both.id, other.id]);
  });

  it("pages through handle hits and then text hits, never skipping or repeating anyone", async () => {
    const h = stem();
    const made: Record<string, TestUser> = {};
    for (const handle of [h, `${h}_a`, `${h}_b`, `${h}_abc`, `${h}__long_one`]) {
      made[handle] = await person(handle, { bio: handle.endsWith("b") ? `also ${h}` : "" });
      await tick();
    }
    const byText: TestUser[] = [];
    for (let i = 0; i < 4; i++) {
      byText.push(await person(`${stem()}t`, { bio: `learning with ${h}` }));
      await tick();
    }
    // Same length: newest first (`_b` after `_a`), as in the text ranking.
    const handleOrder = [h, `${h}_b`, `${h}_a`, `${h}_abc`, `${h}__long_one`].map(
      (handle) => made[handle]?.id,
    );
    const textOrder = [...byText].reverse().map((u) => u.id);
    const everyone = await userIds(h);
    expect(everyone).toEqual([...handleOrder, ...textOrder]);
    for (const limit of [1, 2, 3, 4, 5, 6]) {
      expect(await pagedUserIds(h, limit), `limit ${limit}`).toEqual(everyone);
    }
    // A page boundary inside the handle hits, then one between them and the text hits.
    const first = await search({ q: h, type: "users", limit: 5 });
    expect(first.users.map((u) => u.id)).toEqual(handleOrder);
    const second = await search({ q: h, type: "users", limit: 50, cursor: first.nextCursor ?? "" });
    expect(second.users.map((u) => u.id)).toEqual(textOrder);
    expect(second.nextCursor).toBeNull();
  });

  it("never finds by handle someone I blocked or who blocked me; a deleted user is gone", async () => {
    const h = stem();
    const [viewer, blocker, blocked, bystander] = [
      await signUp(),
      await person(`${h}_er`),
      await person(`${h}_ed`),
      await person(`${h}_by`),
    ];
    await env.DB.batch([
      env.DB.prepare("INSERT INTO blocks (blocker_id, blocked_id) VALUES (?, ?)").bind(blocker.id, viewer.id),
      env.DB.prepare("INSERT INTO blocks (blocker_id, blocked_id) VALUES (?, ?)").bind(viewer.id, blocked.id),
    ]);
    expect(await userIds(h, viewer.token)).toEqual([bystander.id]);
    expect(await userIds(`@${h}_er`, viewer.token)).toEqual([]);
    expect(await userIds(`@${h}_ed`, viewer.token)).toEqual([]);
    expect((await search({ q: `@${h}_er` }, viewer.token)).users).toEqual([]);
    expect((await userIds(h)).sort()).toEqual([blocker.id, blocked.id, bystander.id].sort());

    const gone = await call("DELETE", "/api/users/me", {
      token: bystander.token,
      body: { password: bystander.password },
    });
    expect(gone.status).toBeLessThan(300);
    expect(await userIds(`@${h}_by`)).toEqual([]);
    expect(await userIds(h, viewer.token)).toEqual([]);
  });

  it("answers a bare @ like an empty query, and a word that cannot be a handle by text only", async () => {
    for (const q of ["@", "@@", "@ @", "  @@@  "]) {
      const response = await call("GET", `/api/search?${new URLSearchParams({ q })}`);
      expect(response.status, q).toBe(422);
      expect(await errorCode(response)).toBe("validation_failed");
    }
    // Never "every handle": these are text searches, and no nickname or bio holds them.
    for (const q of ["@!", "@-", "@.", "@_!", "@@user", "user!", "@ user", "@사람"]) {
      const found = await search({ q, type: "users" });
      expect(
        found.users.every((u) => `${u.nickname}`.toLowerCase().includes(q.toLowerCase())),
        q,
      ).toBe(true);
    }
  });
});
