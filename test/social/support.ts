import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { createDb } from "../../src/db/client";
import type { Post, PostSummary } from "../../src/features/posts/summary";
import type { Page } from "../../src/lib/pagination";
import type { Image } from "../../src/shared/image";
import { call, json, type TestUser } from "../helpers";

export type { UserCard as UserCardJson } from "../../src/shared/user-card";
// The worker's own response types; these tests check the values.
export type ImageJson = Image;
export type PageJson<T> = Page<T>;
/** A post summary, or (with `body`) the full post. */
export type PostJson = PostSummary & Partial<Pick<Post, "body">>;

export const db = () => createDb(env.DB);

/** A PNG header of the given size (enough for the magic-byte check and the dimensions). */
export const png = (width = 2, height = 3): Uint8Array => {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return bytes;
};

export const uploadForm = (bytes: Uint8Array, alt?: string, name = "a.png") => {
  const form = new FormData();
  form.append("file", new File([bytes], name, { type: "image/png" }));
  if (alt !== undefined) form.append("alt", alt);
  return form;
};

export const upload = async (user: TestUser, alt?: string): Promise<ImageJson> => {
  const response = await call("POST", "/api/images", { token: user.token, body: uploadForm(png(), alt) });
  expect(response.status).toBe(201);
  return json<ImageJson>(response);
};

export const createPost = async (
  user: TestUser,
  fields: { title?: string; body?: string; imageIds?: string[] } = {},
): Promise<PostJson> => {
  const response = await call("POST", "/api/posts", {
    token: user.token,
    body: { title: fields.title ?? "제목", body: fields.body ?? "본문", ...fields },
  });
  expect(response.status).toBe(201);
  return json<PostJson>(response);
};

/** Reads a post as the database holds it (no view counted). */
export const postRow = async (id: string) =>
  env.DB.prepare("SELECT * FROM posts WHERE id = ?").bind(id).first<Record<string, unknown>>();

export const count = async (query: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(`SELECT count(*) AS n FROM ${query}`)
      .bind(...params)
      .first<{ n: number }>()
  )?.n ?? 0;

/** A D1 binding that counts the statements prepared through it (batched ones included). */
export const countingD1 = () => {
  const counter = { prepared: 0 };
  const d1 = new Proxy(env.DB, {
    get(target, property) {
      if (property === "prepare") {
        return (query: string) => {
          counter.prepared++;
          return target.prepare(query);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: createDb(d1), counter };
};

/** No response body anywhere may carry an email address. */
export const expectNoEmail = (value: unknown) => {
  expect(JSON.stringify(value)).not.toMatch(/@example\.com|"email"/);
};

/**
 * Inserts `times.length` posts by `authorId` straight into D1 (fast, and with chosen creation
 * times, equal ones included); returns their ids in the same order.
 */
export const seedPosts = async (authorId: string, times: number[], title = "시드") => {
  const ids = times.map(
    (_, index) => `seed${index.toString().padStart(3, "0")}${crypto.randomUUID().slice(0, 12)}`,
  );
  await env.DB.batch(
    times.map((time, index) =>
      env.DB.prepare(
        "INSERT INTO posts (id, author_id, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      ).bind(ids[index], authorId, `${title} ${index}`, "본문", time, time),
    ),
  );
  return ids;
};

export const follow = (follower: TestUser, followee: TestUser) =>
  call("PUT", `/api/users/${followee.id}/follow`, { token: follower.token });

/** Every page of a cursor list, following nextCursor; `between` runs after each page. */
export const allPages = async <T>(
  path: (cursor: string | null) => string,
  token: string | undefined,
  between: () => Promise<unknown> = async () => undefined,
) => {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await call("GET", path(cursor), { token });
    expect(response.status).toBe(200);
    const page: PageJson<T> = await json<PageJson<T>>(response);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
    await between();
  } while (cursor && pages < 100);
  return { items, pages };
};
