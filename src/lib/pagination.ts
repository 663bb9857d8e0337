import { and, eq, gt, lt, or, type Placeholder, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import * as z from "zod";
import { base64UrlDecode, base64UrlEncode } from "./ids";

/** `?cursor=&limit=` for every cursor-paged list (limit 1..50, default 20; outside → 422). */
export const pageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A position in a list ordered by (time, id): opaque to clients. */
export interface Cursor {
  time: number;
  id: string;
}

export const encodeCursor = (cursor: Cursor) =>
  base64UrlEncode(new TextEncoder().encode(`${cursor.time}:${cursor.id}`));

/** Undefined for no cursor; a malformed one is treated as the start, never as an error page. */
export const decodeCursor = (value: string | undefined): Cursor | undefined => {
  if (!value) return undefined;
  try {
    const text = new TextDecoder().decode(base64UrlDecode(value));
    const separator = text.indexOf(":");
    const time = Number(text.slice(0, separator));
    const id = text.slice(separator + 1);
    return separator > 0 && Number.isFinite(time) && id ? { time, id } : undefined;
  } catch {
    return undefined;
  }
};

/** A cursor's two values left for a query compiled once to fill in (db/compiled.ts). */
interface CursorPlaceholders {
  /** Filled with the cursor's Unix milliseconds, the column's stored value. */
  time: Placeholder;
  id: Placeholder;
}

/**
 * The keyset condition "after this cursor" for a list sorted by (time, id), newest first
 * (`descending`) or oldest first. Rows inserted while a client pages never shift a page.
 */
export const afterCursor = (
  timeColumn: SQLiteColumn,
  idColumn: SQLiteColumn,
  cursor: Cursor | CursorPlaceholders | undefined,
  descending: boolean,
): SQL | undefined => {
  if (!cursor) return undefined;
  const at = typeof cursor.time === "number" ? new Date(cursor.time) : cursor.time;
  const beyond = descending ? lt : gt;
  return or(beyond(timeColumn, at), and(eq(timeColumn, at), beyond(idColumn, cursor.id)));
};

/**
 * Fetch `limit + 1` rows, then call this: it trims the probe row and builds the next cursor
 * from the last row kept.
 */
export const toPage = <Row, Item>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => Cursor,
  toItem: (row: Row) => Item,
): Page<Item> => {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return {
    items: kept.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null,
  };
};

/** A cursor page as the domain functions take it (`pageQuery` validates it). */
export interface PageRequest {
  cursor?: string | undefined;
  limit: number;
}
