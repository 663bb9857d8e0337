import * as z from "zod";
import { IMAGE_ALT_MAX } from "../../shared/limits";

/** Multipart body of `POST /api/images`; the file itself is checked by `requireFile`/`storeImage`. */
export const uploadImageForm = z.object({
  file: z.unknown(),
  // Smaller copies of the file made by the browser (./variants.ts checks them).
  variant: z.unknown().optional(),
  alt: z
    .string()
    .trim()
    .max(IMAGE_ALT_MAX, "대체 텍스트는 300자 이하입니다.")
    .optional()
    .transform((value) => value || null),
});
