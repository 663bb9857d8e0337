import { HANDLE_MAX } from "../../shared/handle";

/**
 * Turns what a person typed into safe MATCH expressions. Words of 3+ characters go to the trigram
 * indexes as FTS5 strings (quoted, quotes doubled, so `AND`, `*`, `-`, `NEAR(`, `title:` are plain
 * text, never syntax). Shorter words go to the gram indexes (migration 0002_search_grams) as the
 * code those store for a 1–2 character substring. Words are ANDed.
 */

/** Trigram indexes only match strings of 3+ characters (Unicode code points, not bytes). */
const TRIGRAM = 3;
/** q is at most 100 characters, so this only bounds a pathological run of 1-character words. */
const MAX_WORDS = 16;

export interface SearchTerms {
  /** A trigram-index MATCH expression for the long words, or null when there are none. */
  match: string | null;
  /** A gram-index MATCH expression for the short words, or null when there are none. */
  gramMatch: string | null;
  /** Every word, lower-cased: what the client highlights (API.md § Search, `terms`). */
  words: string[];
  /**
   * When q is one word that could start a handle (`[A-Za-z0-9_]`, optionally after one `@`): that
   * word lower-cased, as handles are stored; users whose handle starts with it are found too.
   */
  handlePrefix: string | null;
}

const ftsString = (word: string) => `"${word.replaceAll('"', '""')}"`;

/**
 * What the gram index stores for a 1–2 character substring: `hex(lower(gram))` in SQLite, i.e. the
 * upper-case hex of its UTF-8 bytes after lower-casing ASCII letters only (SQLite's `lower`).
 */
export const gramCode = (gram: string) =>
  Array.from(new TextEncoder().encode(gram.replace(/[A-Z]/g, (letter) => letter.toLowerCase())), (byte) =>
    byte.toString(16).toUpperCase().padStart(2, "0"),
  ).join("");

/**
 * ASCII only before lower-casing: JavaScript folds some non-ASCII letters to ASCII (the Kelvin sign
 * to `k`), which would make a word that is no handle match handles.
 */
const HANDLE_QUERY = new RegExp(`^@?([A-Za-z0-9_]{1,${HANDLE_MAX}})$`);

export const parseTerms = (q: string): SearchTerms => {
  // NFC so Hangul typed as decomposed jamo (macOS input) matches the stored syllables.
  const words = [...new Set(q.normalize("NFC").split(/\s+/u).filter(Boolean))].slice(0, MAX_WORDS);
  const long = words.filter((word) => [...word].length >= TRIGRAM);
  const short = words.filter((word) => [...word].length < TRIGRAM);
  return {
    match: long.length ? long.map(ftsString).join(" ") : null,
    gramMatch: short.length ? short.map((word) => ftsString(gramCode(word))).join(" ") : null,
    words: [...new Set(words.map((word) => word.toLowerCase()))],
    handlePrefix: HANDLE_QUERY.exec(q.trim())?.[1]?.toLowerCase() ?? null,
  };
};
