import { api, uploadWithProgress } from "./client";
import type { Image } from "./types";

/** POST /api/images with progress (0..1). */
export const uploadImage = (file: File, alt: string, onProgress: (fraction: number) => void) =>
  uploadWithProgress<Image>(
    api.images.$url(),
    () => {
      const form = new FormData();
      form.append("file", file);
      if (alt) form.append("alt", alt);
      return form;
    },
    onProgress,
  );
