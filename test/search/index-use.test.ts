import { env } from "cloudflare:workers";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import {
  hitsQuery,
  postTarget,
  studyTarget,
  userHitsQuery,
  userTarget,
} from "../../src/features/search/hits";
import { parseTerms } from "../../src/features/search/terms";
import { signUp } from "../helpers";

const dialect = new SQLiteSyncDialect();

/** SQLite's plan for a hit query, as "SCAN …" / "SEARCH …" lines. */
const planOfQuery = async (hits: ReturnType<typeof hitsQuery>) => {
  const query = dialect.sqlToQuery(hits);
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
    .bind(...query.params)
    .all<{ detail: string }>();
  return results.map((row) => row.detail);
};
const planOf = (...args: Parameters<typeof hitsQuery>) => planOfQuery(hitsQuery(...args));

describe("search reads index hits, never the whole table", () => {
  it("uses an FTS5 index for 1-, 2- and 3+-character words, alone and mixed, for every kind", async () => {
    const viewer = await signUp();
    for (const q of ["모", "모집", "스터디", "스터디 모집", "sess.opts", "% a"]) {
      for (const target of [postTarget, userTarget, studyTarget]) {
        for (const viewerId of [null, viewer.id]) {
          const plan = await planOf(target, parseTerms(q), viewerId, undefined, 20);
          const where = `${q} in ${target.fts}`;
          // The source table is only ever looked up by rowid from an index hit.
          expect(
            plan.filter((step) => /^SCAN x\b/.test(step)),
            where,
          ).toEqual([]);
          expect(
            plan.some((step) => /VIRTUAL TABLE INDEX/.test(step)),
            where,
          ).toBe(true);
          expect(
            plan.some((step) => /SEARCH x USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(step)),
            where,
          ).toBe(true);
        }
      }
    }
  });

  it("finds people by handle through a range on the unique handle index, and their text hits by FTS", async () => {
    const viewer = await signUp();
    for (const q of ["m", "mi", "min", "@minji", "MINJI", "user_12"]) {
      for (const viewerId of [null, viewer.id]) {
        const terms = parseTerms(q);
        expect(terms.handlePrefix, q).not.toBeNull();
        const plan = await planOfQuery(userHitsQuery(terms, viewerId, undefined, 20));
        expect(
          plan.filter((step) => /^SCAN x\b/.test(step)),
          q,
        ).toEqual([]);
        expect(
          plan.some((step) =>
            /^SEARCH x USING INDEX users_handle_unique \(handle>\? AND handle<\?\)/.test(step),
          ),
          `${q}: ${plan.join(" | ")}`,
        ).toBe(true);
        expect(
          plan.some((step) => /VIRTUAL TABLE INDEX/.test(step)),
          q,
        ).toBe(true);
      }
    }
  });

  it("takes a handle prefix only from one ASCII word, with at most one leading @", () => {
    expect(parseTerms("@MinJi").handlePrefix).toBe("minji");
    expect(parseTerms("  min_  ").handlePrefix).toBe("min_");
    for (const q of ["@", "@@minji", "min ji", "민지", "min-ji", "\u212Aim", "@!", `${"a".repeat(21)}`]) {
      expect(parseTerms(q).handlePrefix, q).toBeNull();
    }
  });

  it("writes the codes the gram index stores: hex of the UTF-8 bytes, ASCII lower-cased", async () => {
    const row = await env.DB.prepare("SELECT hex(lower(?)) AS a, hex(lower(?)) AS b")
      .bind("정리", "Ab")
      .first<{ a: string; b: string }>();
    const terms = parseTerms("정리 Ab");
    expect(terms.gramMatch).toBe(`"${row?.a}" "${row?.b}"`);
    expect(terms.words).toEqual(["정리", "ab"]);
  });
});
