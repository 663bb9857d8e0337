import { and, inArray, isNull, lt } from "drizzle-orm";
import { purgeExpiredAccountTokens } from "../auth/account-tokens";
import type { Db } from "../db/client";
import { images } from "../db/schema";
import { deleteObjects } from "../features/images/storage";
import { purgeOldPostViews } from "../features/posts/feeds";
import { purgeExpiredWindows } from "../lib/rate-limit";
import { chunked } from "../shared/d1";

export const UNATTACHED_IMAGE_TTL_MS = 24 * 60 * 60 * 1000;

/** Removes uploads no post took within 24 h (rows, then objects). */
export const purgeUnattachedImages = async (db: Db, bucket: R2Bucket, now = Date.now()) => {
  const stale = await db
    .select({ id: images.id, key: images.key })
    .from(images)
    .where(and(isNull(images.postId), lt(images.createdAt, new Date(now - UNATTACHED_IMAGE_TTL_MS))))
    .limit(1000);
  for (const chunk of chunked(stale)) {
    // Re-checked in the DELETE: a post may have taken an image since the SELECT.
    const removed = await db
      .delete(images)
      .where(
        and(
          inArray(
            images.id,
            chunk.map((image) => image.id),
          ),
          isNull(images.postId),
        ),
      )
      .returning({ key: images.key });
    await deleteObjects(
      bucket,
      removed.map((image) => image.key),
    );
  }
  return stale.length;
};

export const runScheduledCleanup = async (db: Db, bucket: R2Bucket, now = Date.now()) => {
  await purgeUnattachedImages(db, bucket, now);
  await purgeExpiredWindows(db, now);
  // Mailed links past their lifetime can never be used; their rows would only grow the table.
  await purgeExpiredAccountTokens(db, now);
  // View rows only matter within their hour; older ones would grow the table forever.
  await purgeOldPostViews(db, now);
};
