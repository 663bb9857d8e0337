import { Hono } from "hono";
import { requireAuth } from "../../auth/middleware";
import type { AppEnv } from "../../lib/context";
import { consume } from "../../lib/rate-limit";
import { validate } from "../../lib/validate";
import { requireMultipart } from "../../middleware/require-multipart";
import { uploadBody } from "../../middleware/upload-body";
import { uploadImageForm } from "./schema";
import { uploadImage } from "./service";
import { requireFile } from "./storage";
import { variantFiles } from "./variants";

/**
 * `/api/images`: uploads that a post attaches afterwards. Multipart, so it is mounted before the
 * JSON body check (see app.ts) and carries its own body limit.
 */
export const imageRoutes = new Hono<AppEnv>().post(
  "/",
  uploadBody,
  requireAuth,
  requireMultipart,
  validate("form", uploadImageForm),
  async (c) => {
    const userId = c.var.userId;
    const form = c.req.valid("form");
    const file = requireFile(form.file);
    const variants = variantFiles(form.variant);
    await consume(c.var.db, `uploads:${userId}`, c.var.config.rateLimits.uploadsPerUser);
    return c.json(
      await uploadImage(c.var.db, c.env.IMAGES, { ownerId: userId, file, variants, alt: form.alt }),
      201,
    );
  },
);
