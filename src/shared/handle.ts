/**
 * `@handle`s (API.md § Conventions, UserCard): unique, `[a-z0-9_]{3,20}`, compared
 * case-insensitively. They are stored lower-case, so equality and the unique index need no
 * `lower()`. Plain data and string functions: the worker's validation and the SPA's form share them.
 */
export const HANDLE_MIN = 3;
export const HANDLE_MAX = 20;
export const HANDLE_PATTERN = /^[a-z0-9_]{3,20}$/;

/** What a person typed, as stored: trimmed, lower-case, one leading `@` dropped. */
export const normalizeHandle = (input: string) => input.trim().replace(/^@/, "").toLowerCase();

export const isHandle = (value: string) => HANDLE_PATTERN.test(value);

/**
 * The handles starting with `prefix` are exactly those in [`from`, `below`): handles are `[a-z0-9_]`,
 * all of which sort below `{`. A range, so a query reads only the unique handle index's hits.
 */
export const handlePrefixRange = (prefix: string) => ({ from: prefix, below: `${prefix}{` });

/**
 * The stem of a generated handle: the nickname's ASCII letters, digits and underscores (accents
 * dropped), at most 14 characters so a `_1234` suffix still fits; `user` when fewer than 3 remain
 * (a Korean nickname, say). Never the email: its local part is often a person's full name.
 */
export const handleStem = (nickname: string) => {
  const slug = nickname
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "")
    .slice(0, HANDLE_MAX - 6)
    .replace(/_$/, "");
  return slug.length >= HANDLE_MIN ? slug : "user";
};
