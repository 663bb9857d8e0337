import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { search } from "../../src/features/search/service";
import { seoulToday } from "../../src/features/studies/dates";
import { signUp } from "../helpers";
import { hangul, marker } from "../studies/fixtures";

/** The real D1 binding, counting the statements it is asked to prepare. */
const countingDb = () => {
  let prepared = 0;
  const d1 = new Proxy(env.DB, {
    get(target, property) {
      if (property === "prepare") {
        return (query: string) => {
          prepared++;
          return target.prepare(query);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: createDb(d1), prepared: () => prepared };
};

const seedPosts = async (authorId: string, title: string, n: number) => {
  const statements = Array.from({ length: n }, (_, i) =>
    env.DB.prepare("INSERT INTO posts (id, author_id, title, body) VALUES (?, ?, ?, ?)").bind(
      `${title}-${i}-${crypto.randomUUID()}`,
      authorId,
      title,
      "본문",
    ),
  );
  await env.DB.batch(statements);
};

describe("search query count", () => {
  it("does not grow with the number of hits, for FTS and LIKE queries alike", async () => {
    const [viewer, author] = await Promise.all([signUp(), signUp()]);
    const few = marker("few");
    const many = marker("many");
    const fewShort = hangul(2);
    const manyShort = hangul(2);
    await seedPosts(author.id, few, 2);
    await seedPosts(author.id, many, 40);
    await seedPosts(author.id, fewShort, 2);
    await seedPosts(author.id, manyShort, 40);

    const statementsFor = async (q: string, expected: number) => {
      const counter = countingDb();
      const result = await search(counter.db, viewer.id, { q, type: "all", limit: 50 }, seoulToday());
      expect(result.posts).toHaveLength(expected);
      return counter.prepared();
    };
    const fts = [await statementsFor(few, 2), await statementsFor(many, 40)];
    const like = [await statementsFor(fewShort, 2), await statementsFor(manyShort, 40)];
    expect(fts[0]).toBe(fts[1]);
    expect(like[0]).toBe(like[1]);
    expect(fts[0]).toBeLessThanOrEqual(6);
  });
});
