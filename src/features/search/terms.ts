import { type SQL, sql } from "drizzle-orm";

/**
 * Turns what a person typed into safe match clauses. Every word becomes either an FTS5 string
 * (quoted, quotes doubled, so `AND`, `*`, `-`, `NEAR(`, `title:` are plain text, never syntax) or,
 * when shorter than the trigram tokenizer's 3 characters, a LIKE pattern with `%`, `_` and `\`
 * escaped. Words are ANDed.
 */

/** Trigram indexes only match strings of 3+ characters (Unicode code points, not bytes). */
const TRIGRAM = 3;
/** q is at most 100 characters, so this only bounds a pathological run of 1-character words. */
const MAX_WORDS = 16;

export interface SearchTerms {
  /** An FTS5 MATCH expression for the long words, or null when there are none. */
  match: string | null;
  /** `%word%` patterns (escape character `\`) for the short words; each is far under D1's 50-byte cap. */
  likes: string[];
}

const ftsString = (word: string) => `"${word.replaceAll('"', '""')}"`;
const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export const parseTerms = (q: string): SearchTerms => {
  // NFC so Hangul typed as decomposed jamo (macOS input) matches the stored syllables.
  const words = [...new Set(q.normalize("NFC").split(/\s+/u).filter(Boolean))].slice(0, MAX_WORDS);
  const long = words.filter((word) => [...word].length >= TRIGRAM);
  const short = words.filter((word) => [...word].length < TRIGRAM);
  return {
    match: long.length ? long.map(ftsString).join(" ") : null,
    likes: short.map(likePattern),
  };
};

/** `(a LIKE p ESCAPE '\' OR b LIKE p ESCAPE '\' …)` for one pattern from `parseTerms`. */
export const likeAny = (columns: SQL[], pattern: string): SQL =>
  sql`(${sql.join(
    columns.map((column) => sql`${column} LIKE ${pattern} ESCAPE '\\'`),
    sql` OR `,
  )})`;
