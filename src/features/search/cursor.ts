import { base64UrlEncode } from "../../lib/ids";

/**
 * A position in a ranked list: relevance score (lower is better; bm25 or the LIKE tier), then
 * creation time and id, newest first. Scores are recomputed on each request, so a page boundary
 * is exact while the indexed rows stay the same and close to it when they change.
 */
export interface RankCursor {
  rank: number;
  time: number;
  id: string;
}

export const encodeRankCursor = (cursor: RankCursor) =>
  base64UrlEncode(new TextEncoder().encode(JSON.stringify([cursor.rank, cursor.time, cursor.id])));

/** Undefined for none; a malformed one starts from the top, like every other cursor here. */
export const decodeRankCursor = (value: string | undefined): RankCursor | undefined => {
  if (!value) return undefined;
  try {
    const binary = atob(value.replaceAll("-", "+").replaceAll("_", "/"));
    const parsed: unknown = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))),
    );
    if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
    const [rank, time, id] = parsed;
    return typeof rank === "number" && typeof time === "number" && typeof id === "string" && id
      ? { rank, time, id }
      : undefined;
  } catch {
    return undefined;
  }
};
