import { tooLarge, unsupportedMediaType, validationFailed } from "../../lib/errors";
import { randomToken } from "../../lib/ids";
import { MAX_IMAGE_BYTES } from "../../shared/limits";
import { type SniffedImage, sniffImage } from "./sniff";
import { withVariantKeys } from "./variants";

export interface StoredObject extends SniffedImage {
  key: string;
  size: number;
}

/** Takes the multipart `file` field, or throws the API's 422 / 413 / 415. */
export const requireFile = (value: unknown): File => {
  if (!(value instanceof File)) {
    throw validationFailed("이미지 파일을 첨부하세요.", [{ path: "file", message: "file is required" }]);
  }
  return value;
};

/** Checks size and real type by magic bytes, then writes to R2 under `img/<random>`. */
export const storeImage = async (bucket: R2Bucket, file: File): Promise<StoredObject> => {
  if (file.size > MAX_IMAGE_BYTES) throw tooLarge("이미지는 5MB 이하여야 합니다.");
  if (file.size === 0) throw validationFailed("빈 파일입니다.", [{ path: "file", message: "file is empty" }]);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sniffed = sniffImage(bytes);
  if (!sniffed) throw unsupportedMediaType("JPEG, PNG, WebP, GIF 이미지만 올릴 수 있습니다.");
  const key = `img/${randomToken(18)}`;
  await bucket.put(key, bytes, { httpMetadata: { contentType: sniffed.contentType } });
  return { key, size: bytes.byteLength, ...sniffed };
};

/** Deletes images with their resized copies (./variants.ts), whoever removes them. */
export const deleteObjects = async (bucket: R2Bucket, keys: (string | null | undefined)[]) => {
  const present = withVariantKeys(keys.filter((key): key is string => Boolean(key)));
  // R2 deletes at most 1,000 keys a call.
  for (let start = 0; start < present.length; start += 1000) {
    await bucket.delete(present.slice(start, start + 1000));
  }
};
