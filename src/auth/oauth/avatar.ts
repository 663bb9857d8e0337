import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { deleteObjects, storeImage } from "../../features/images/storage";
import { MAX_IMAGE_BYTES } from "../../shared/limits";

/** Only the providers' own image hosts: the URL comes from their API, but we fetch nothing else. */
const isProviderImageHost = (hostname: string) =>
  hostname === "avatars.githubusercontent.com" || hostname.endsWith(".googleusercontent.com");

/** The body, or null once it passes `limit` bytes (a missing Content-Length proves nothing). */
const readCapped = async (response: Response, limit: number): Promise<Uint8Array<ArrayBuffer> | null> => {
  const declared = Number(response.headers.get("Content-Length") ?? "0");
  if (declared > limit || !response.body) {
    await response.body?.cancel();
    return null;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
};

/**
 * Copies a new account's provider avatar into R2 with the upload checks (size, magic bytes), so
 * the SPA never hotlinks the provider. Best effort: any failure leaves the account without an
 * avatar, and one the user set in the meantime is never overwritten.
 */
export const copyProviderAvatar = async (db: Db, bucket: R2Bucket, userId: string, avatarUrl: string) => {
  try {
    const url = new URL(avatarUrl);
    if (url.protocol !== "https:" || !isProviderImageHost(url.hostname)) return;
    const response = await fetch(url, { redirect: "manual" });
    if (!response.ok) {
      await response.body?.cancel();
      return;
    }
    const bytes = await readCapped(response, MAX_IMAGE_BYTES);
    if (!bytes) return;
    const stored = await storeImage(bucket, new File([bytes], "avatar"));
    const updated = await db
      .update(users)
      .set({ avatarKey: stored.key, updatedAt: new Date() })
      .where(and(eq(users.id, userId), isNull(users.avatarKey)))
      .returning({ id: users.id })
      .get();
    if (!updated) await deleteObjects(bucket, [stored.key]);
  } catch (error) {
    console.warn(`avatar copy for ${userId} skipped`, error);
  }
};
