import { IMAGE_VARIANT_WIDTHS } from "../../shared/image";
import { MAX_IMAGE_VARIANT_BYTES } from "../../shared/limits";

/**
 * The smaller copies of a picture that go up with it (`variant` files of POST /api/images, issue 15),
 * made here with a canvas so the worker never decodes images: one per width of
 * IMAGE_VARIANT_WIDTHS below the picture's own. WebP where the browser encodes it, else JPEG (PNG
 * for pictures that may be transparent). A GIF gets none (a canvas keeps one frame of an
 * animation), and any failure just means no copies: the original alone still works everywhere.
 */
export const resizedCopies = async (file: File): Promise<File[]> => {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type) || typeof createImageBitmap !== "function") return [];
  let bitmap: ImageBitmap | undefined;
  try {
    // Decoded as shown (an EXIF rotation applied): the worker accepts either orientation.
    bitmap = await createImageBitmap(file);
    const source = bitmap;
    const widths = IMAGE_VARIANT_WIDTHS.filter((width) => width < source.width);
    const copies: File[] = [];
    for (const width of widths) {
      const height = Math.max(1, Math.round((source.height * width) / source.width));
      const blob = await encode(
        source,
        width,
        height,
        file.type === "image/jpeg" ? "image/jpeg" : "image/png",
      );
      if (blob && blob.size <= MAX_IMAGE_VARIANT_BYTES) {
        copies.push(new File([blob], `w${width}`, { type: blob.type }));
      }
    }
    return copies;
  } catch {
    return [];
  } finally {
    bitmap?.close();
  }
};

const toBlob = (canvas: HTMLCanvasElement, type: string, quality: number) =>
  new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, quality));

const encode = async (source: ImageBitmap, width: number, height: number, fallback: string) => {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) return null;
  context.imageSmoothingQuality = "high";
  context.drawImage(source, 0, 0, width, height);
  // A browser that cannot encode WebP answers with a PNG instead; then take the fallback.
  const webp = await toBlob(canvas, "image/webp", 0.82);
  if (webp?.type === "image/webp") return webp;
  return toBlob(canvas, fallback, 0.85);
};
