import { resizedCopies } from "../lib/resize-image";
import { api, uploadWithProgress } from "./client";
import type { Image } from "./types";

/** POST /api/images with progress (0..1), with the smaller copies made here for `srcset`. */
export const uploadImage = async (file: File, alt: string, onProgress: (fraction: number) => void) => {
  const variants = await resizedCopies(file);
  return uploadWithProgress<Image>(
    api.images.$url(),
    () => {
      const form = new FormData();
      form.append("file", file);
      for (const variant of variants) form.append("variant", variant);
      if (alt) form.append("alt", alt);
      return form;
    },
    onProgress,
  );
};
