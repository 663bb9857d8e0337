import type { Db } from "../../db/client";
import { images } from "../../db/schema";
import { newId } from "../../lib/ids";
import { type Image, toImage } from "../../shared/image";
import { deleteObjects, storeImage } from "./storage";

/**
 * Stores an upload and records it as the owner's unattached image. A post takes it later
 * (`images.post_id`); the hourly cleanup removes it if none does within 24 hours.
 */
export const uploadImage = async (
  db: Db,
  bucket: R2Bucket,
  ownerId: string,
  file: File,
  alt: string | null,
): Promise<Image> => {
  const stored = await storeImage(bucket, file);
  const row = {
    id: newId(),
    key: stored.key,
    ownerId,
    contentType: stored.contentType,
    size: stored.size,
    width: stored.width,
    height: stored.height,
    alt,
    createdAt: new Date(),
  };
  try {
    await db.insert(images).values(row);
  } catch (error) {
    // No row points at the object, so nothing would ever clean it up.
    await deleteObjects(bucket, [stored.key]);
    throw error;
  }
  return toImage(row);
};
