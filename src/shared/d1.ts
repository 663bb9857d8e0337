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
