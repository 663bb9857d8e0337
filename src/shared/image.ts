/** Where an R2 image is served (src/features/images/serve.ts). */
export const imageUrl = (key: string) => `/images/${key}`;

/** Image as the API shows it; width, height and alt appear only when known. */
export interface Image {
  id: string;
  url: string;
  width?: number;
  height?: number;
  alt?: string;
}

export interface ImageRow {
  id: string;
  key: string;
  width: number | null;
  height: number | null;
  alt: string | null;
}

export const toImage = (row: ImageRow): Image => ({
  id: row.id,
  url: imageUrl(row.key),
  ...(row.width !== null ? { width: row.width } : {}),
  ...(row.height !== null ? { height: row.height } : {}),
  ...(row.alt !== null ? { alt: row.alt } : {}),
});
