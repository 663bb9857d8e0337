import * as z from "zod";

/** `{ids: [...]}` (at most 50 of the caller's notifications) or `{all: true}`. */
export const markReadBody = z.union([
  z.strictObject({ ids: z.array(z.string().min(1).max(64)).min(1).max(50) }),
  z.strictObject({ all: z.literal(true) }),
]);

/** `?ticket&since=<notification id>` on the notifications socket. */
export const notificationSocketQuery = z.object({
  ticket: z.string().optional(),
  since: z.string().min(1).max(64).optional(),
});
