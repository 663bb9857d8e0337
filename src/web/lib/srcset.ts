import type { Image } from "../api/types";
import { apiUrl } from "./api-origin";

/**
 * `srcset` for a stored picture: its resized copies (issue 15) and the original at its stored
 * width. Undefined for pictures without copies (older uploads, the demo data), which keep `src` alone.
 */
export const srcSet = (image: Image): string | undefined => {
  if (!image.variants?.length || !image.width) return undefined;
  return [...image.variants, { url: image.url, width: image.width }]
    .map((candidate) => `${apiUrl(candidate.url)} ${candidate.width}w`)
    .join(", ");
};
