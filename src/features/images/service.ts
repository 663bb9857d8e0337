import type { Db } from "../../db/client";
import { images } from "../../db/schema";
import { newId } from "../../lib/ids";
import { type Image, toImage } from "../../shared/image";
import { deleteObjects, storeImage } from "./storage";
import { storeVariants } from "./variants";

/**
 * Stores an upload (and the smaller copies the browser made of it, `variants`) and records it as
 * the owner's unattached image. A post takes it later (`images.post_id`); the hourly cleanup
 * removes it if none does within 24 hours.
 */
export const uploadImage = async (
  db: Db,
  bucket: R2Bucket,
  { ownerId, file, variants, alt }: { ownerId: string; file: File; variants: File[]; alt: string | null },
): Promise<Image> => {
  const stored = await storeImage(bucket, file);
  try {
    const variantWidths = await storeVariants(bucket, stored, variants);
    const row = {
      id: newId(),
      key: stored.key,
      ownerId,
      contentType: stored.contentType,
      size: stored.size,
      width: stored.width,
      height: stored.height,
      alt,
      variantWidths: variantWidths.length > 0 ? variantWidths.join(",") : null,
      createdAt: new Date(),
    };
    await db.insert(images).values(row);
    return toImage(row);
  } catch (error) {
    // No row points at the objects (a refused copy, or the insert failed): nothing would clean them up.
    await deleteObjects(bucket, [stored.key]);
    throw error;
  }
};
