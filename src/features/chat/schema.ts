import * as z from "zod";

const id = z.string().min(1).max(64);

export const roomParam = z.object({ id });

export const openRoomBody = z.strictObject({ userId: id });

export const readBody = z.strictObject({ seq: z.number().int().min(0) });

/** `before` and `after` are exclusive of each other; chat pages are larger than other lists. */
export const historyQuery = z
  .object({
    before: z.coerce.number().int().min(1).optional(),
    after: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .refine((query) => query.before === undefined || query.after === undefined, {
    message: "before와 after는 함께 쓸 수 없습니다.",
    path: ["after"],
  });

/** `?ticket&since=<seq>` on a room socket. */
export const roomSocketQuery = z.object({
  ticket: z.string().optional(),
  since: z.coerce.number().int().min(0).optional(),
});
