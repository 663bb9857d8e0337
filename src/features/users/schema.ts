import * as z from "zod";

/** `GET /api/users?prefix=`: the people offered after `@` in an editor. */
export const suggestQuery = z.object({
  prefix: z.string().trim().min(1).max(30),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});
