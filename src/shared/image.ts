/** Where an R2 image is served (src/features/images/serve.ts). */
export const imageUrl = (key: string) => `/images/${key}`;

/**
 * Widths (px) of the smaller copies the app makes of a picture at upload (issue 15): one for cards
 * and phones, one for wide screens and dense phone displays. Only widths below the original's are made.
 */
export const IMAGE_VARIANT_WIDTHS = [480, 960] as const;

/** Where the copy of `key` that is `width` px wide lives (a variant key never equals an upload key). */
export const variantKey = (key: string, width: number) => `${key}-w${width}`;

/** A smaller copy of an image, for `srcset`. */
export interface ImageVariant {
  url: string;
  width: number;
}

/** Image as the API shows it; width, height, alt and variants appear only when known. */
export interface Image {
  id: string;
  url: string;
  width?: number;
  height?: number;
  alt?: string;
  /** Smaller copies, narrowest first; the original (`url`, `width`) is the widest. */
  variants?: ImageVariant[];
}

export interface ImageRow {
  id: string;
  key: string;
  width: number | null;
  height: number | null;
  alt: string | null;
  /** `images.variant_widths`: "480,960", or null for none (uploads before issue 15, seeded pictures). */
  variantWidths?: string | null;
}

/** `images.variant_widths` back to the widths it lists, ignoring anything that is not one of ours. */
export const parseVariantWidths = (value: string | null | undefined): number[] =>
  (value ?? "")
    .split(",")
    .map(Number)
    .filter((width) => IMAGE_VARIANT_WIDTHS.some((known) => known === width));

const variantsOf = (row: ImageRow): ImageVariant[] =>
  parseVariantWidths(row.variantWidths).map((width) => ({
    url: imageUrl(variantKey(row.key, width)),
    width,
  }));

export const toImage = (row: ImageRow): Image => {
  const variants = variantsOf(row);
  return {
    id: row.id,
    url: imageUrl(row.key),
    ...(row.width !== null ? { width: row.width } : {}),
    ...(row.height !== null ? { height: row.height } : {}),
    ...(row.alt !== null ? { alt: row.alt } : {}),
    ...(variants.length > 0 ? { variants } : {}),
  };
};
