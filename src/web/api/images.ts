import { resizedCopies } from "../lib/resize-image";
import { api, uploadWithProgress } from "./client";
import type { Image } from "./types";

/** A retried upload of the same file sends the copies made the first time instead of resizing again. */
const copiesByFile = new WeakMap<File, ReturnType<typeof resizedCopies>>();

/** POST /api/images with progress (0..1), with the smaller copies made here for `srcset`. */
export const uploadImage = async (file: File, alt: string, onProgress: (fraction: number) => void) => {
  let copies = copiesByFile.get(file);
  if (!copies) {
    copies = resizedCopies(file);
    copiesByFile.set(file, copies);
    // A resize that failed is tried again on the next attempt, not answered from here.
    copies.catch(() => copiesByFile.delete(file));
  }
  const variants = await copies;
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
