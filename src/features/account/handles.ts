import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { conflict } from "../../lib/errors";
import { handleStem } from "../../shared/handle";

export const handleTaken = () => conflict("이미 사용 중인 핸들입니다.", "handle_taken");

/** Candidates for a generated handle: the stem itself (unless it is the bare `user`), then stem_NNNN. */
const candidatesFor = (nickname: string, count = 8) => {
  const stem = handleStem(nickname);
  const random = crypto.getRandomValues(new Uint32Array(count));
  const suffixed = [...random].map((n) => `${stem}_${1000 + (n % 9000)}`);
  return stem === "user" ? suffixed : [stem, ...suffixed];
};

/**
 * A free handle derived from the nickname: one read of which candidates are taken. Two sign-ups
 * may still pick the same one at once; the unique index refuses the second, whose caller asks
 * again (`withFreshHandle`).
 */
export const freeHandleFor = async (db: Db, nickname: string): Promise<string> => {
  const candidates = candidatesFor(nickname);
  const taken = new Set(
    (await db.select({ handle: users.handle }).from(users).where(inArray(users.handle, candidates))).map(
      (row) => row.handle,
    ),
  );
  const free = candidates.find((candidate) => !taken.has(candidate));
  // Eight random four-digit suffixes all taken: fall back to a suffix as long as the id space.
  return (
    free ?? `u_${[...crypto.getRandomValues(new Uint8Array(9))].map((b) => (b % 36).toString(36)).join("")}`
  );
};

export const isHandleTaken = async (db: Db, handle: string, exceptUserId?: string) => {
  const row = await db.select({ id: users.id }).from(users).where(eq(users.handle, handle)).get();
  return Boolean(row && row.id !== exceptUserId);
};
