import * as z from "zod";
import { COMMENT_BODY_MAX } from "../../shared/limits";
import { wellFormedText } from "../../shared/text";

export const commentBody = z
  .string()
  .check(wellFormedText)
  .max(COMMENT_BODY_MAX, "댓글은 1,000자 이하입니다.")
  .refine((text) => text.trim().length > 0, "댓글을 입력하세요.");

export const createCommentBody = z
  .object({ body: commentBody, parentId: z.string().min(1).max(64).nullish() })
  .strict();

export const updateCommentBody = z.object({ body: commentBody }).strict();
