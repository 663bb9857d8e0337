import { tooLarge, unsupportedMediaType, validationFailed } from "../../lib/errors";
import { IMAGE_VARIANT_WIDTHS, variantKey } from "../../shared/image";
import { MAX_IMAGE_VARIANT_BYTES } from "../../shared/limits";
import { sniffImage } from "./sniff";

/**
 * Smaller copies of an uploaded picture, for `srcset` (issue 15). The browser makes them at upload
 * (canvas, see src/web/lib/resize-image.ts) and sends them with the original: decoding and
 * re-encoding a 5 MiB photo inside the worker would take a ~1.7 MB WebAssembly image library and
 * far more CPU time and memory than a request should. The worker only checks that each copy is an
 * image of one of our widths with the original's proportions; its pixels are the uploader's own
 * business, as the original's are.
 */

const VARIANT_TYPES = new Set(["image/jpeg", "image/webp", "image/png"]);

const invalid = (message: string, detail: string) =>
  validationFailed(message, [{ path: "variant", message: detail }]);

/** The multipart `variant` field (absent, one file or several) as a list of files, or a 422. */
export const variantFiles = (value: unknown): File[] => {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const files = values.filter((entry): entry is File => entry instanceof File);
  if (files.length !== values.length)
    throw invalid("작은 이미지는 파일이어야 합니다.", "variant must be a file");
  if (files.length > IMAGE_VARIANT_WIDTHS.length) {
    throw invalid("작은 이미지가 너무 많습니다.", `at most ${IMAGE_VARIANT_WIDTHS.length} variants`);
  }
  return files;
};

interface CheckedVariant {
  width: number;
  bytes: Uint8Array;
  contentType: string;
}

const checkVariant = async (
  file: File,
  original: { width: number; height: number },
): Promise<CheckedVariant> => {
  if (file.size > MAX_IMAGE_VARIANT_BYTES) throw tooLarge("작은 이미지는 1MB 이하여야 합니다.");
  if (file.size === 0) throw invalid("빈 파일입니다.", "variant is empty");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sniffed = sniffImage(bytes);
  if (!sniffed || !VARIANT_TYPES.has(sniffed.contentType)) {
    throw unsupportedMediaType("작은 이미지는 JPEG, WebP, PNG만 됩니다.");
  }
  const { width, height } = sniffed;
  if (width === null || height === null || !IMAGE_VARIANT_WIDTHS.some((known) => known === width)) {
    throw invalid(
      "작은 이미지의 너비가 맞지 않습니다.",
      `variant width must be one of ${IMAGE_VARIANT_WIDTHS.join(", ")}`,
    );
  }
  // A photo with an EXIF rotation is stored as shot but shown (and so resized by the browser)
  // turned: its copies have the original's proportions either way round. The browser rounds the
  // scaled height to whole pixels.
  const matches = (shownWidth: number, shownHeight: number) =>
    width < shownWidth && Math.abs(height - (shownHeight * width) / shownWidth) <= 1;
  if (!matches(original.width, original.height) && !matches(original.height, original.width)) {
    throw invalid(
      "작은 이미지는 원본보다 좁고 비율이 같아야 합니다.",
      "variant must be narrower than the original and keep its proportions",
    );
  }
  return { width, bytes, contentType: sniffed.contentType };
};

/**
 * Checks every copy against the stored original, then writes them next to it
 * (`<key>-w<width>`). Nothing is written unless all pass. Returns the widths stored, narrowest first.
 */
export const storeVariants = async (
  bucket: R2Bucket,
  original: { key: string; width: number | null; height: number | null },
  files: File[],
): Promise<number[]> => {
  if (files.length === 0) return [];
  const { width, height } = original;
  if (width === null || height === null) {
    throw invalid(
      "크기를 알 수 없는 이미지에는 작은 이미지를 붙일 수 없습니다.",
      "original has no known size",
    );
  }
  const checked = await Promise.all(files.map((file) => checkVariant(file, { width, height })));
  const widths = checked.map((variant) => variant.width).sort((a, b) => a - b);
  if (new Set(widths).size !== widths.length)
    throw invalid("같은 너비가 두 번 있습니다.", "one variant per width");
  await Promise.all(
    checked.map((variant) =>
      bucket.put(variantKey(original.key, variant.width), variant.bytes, {
        httpMetadata: { contentType: variant.contentType },
      }),
    ),
  );
  return widths;
};

/** Every R2 key an image may occupy: the upload and each possible copy (deleting a missing key is a no-op). */
export const withVariantKeys = (keys: string[]): string[] =>
  keys.flatMap((key) => [key, ...IMAGE_VARIANT_WIDTHS.map((width) => variantKey(key, width))]);
