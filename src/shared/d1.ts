/**
 * D1 binds at most 100 parameters per statement. A list of ids goes into `IN (…)` in chunks of
 * this size, leaving room for the statement's other parameters.
 */
export const D1_ID_CHUNK = 90;

/** Splits `items` into consecutive chunks of at most `size` (default: D1_ID_CHUNK). */
export const chunked = <T>(items: readonly T[], size = D1_ID_CHUNK): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
};

/**
 * The D1 session bookmark (Sessions API, read replicas): the worker answers it on every response,
 * the app sends back the newest it saw, so a replica serves it only once it holds that user's
 * own writes. Bookmarks sort lexicographically, oldest first.
 */
export const BOOKMARK_HEADER = "X-D1-Bookmark";

/** What a bookmark looks like (hex groups and dashes); anything else is ignored, never passed to D1. */
export const isBookmark = (value: string) => /^[0-9a-f]{1,16}(-[0-9a-f]{1,64}){0,8}$/i.test(value);
