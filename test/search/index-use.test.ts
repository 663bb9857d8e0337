import { env } from "cloudflare:workers";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { hitsQuery, postTarget, studyTarget, userTarget } from "../../src/features/search/hits";
import { parseTerms } from "../../src/features/search/terms";
import { signUp } from "../helpers";

const dialect = new SQLiteSyncDialect();

/** SQLite's plan for one kind's hit query, as "SCAN …" / "SEARCH …" lines. */
const planOf = async (...args: Parameters<typeof hitsQuery>) => {
  const query = dialect.sqlToQuery(hitsQuery(...args));
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
    .bind(...query.params)
    .all<{ detail: string }>();
  return results.map((row) => row.detail);
};

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

  it("writes the codes the gram index stores: hex of the UTF-8 bytes, ASCII lower-cased", async () => {
    const row = await env.DB.prepare("SELECT hex(lower(?)) AS a, hex(lower(?)) AS b")
      .bind("정리", "Ab")
      .first<{ a: string; b: string }>();
    const terms = parseTerms("정리 Ab");
    expect(terms.gramMatch).toBe(`"${row?.a}" "${row?.b}"`);
    expect(terms.words).toEqual(["정리", "ab"]);
  });
});
