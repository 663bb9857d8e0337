import * as z from "zod";
import { pageQuery } from "../../lib/pagination";
import { MAX_POST_IMAGES, POST_BODY_MAX, POST_TITLE_MAX } from "../../shared/limits";
import { wellFormedText } from "../../shared/text";

const notBlank = (text: string) => text.trim().length > 0;

export const title = z
  .string()
  .check(wellFormedText)
  .trim()
  .min(1, "제목을 입력하세요.")
  .max(POST_TITLE_MAX, "제목은 120자 이하입니다.");
export const body = z
  .string()
  .check(wellFormedText)
  .max(POST_BODY_MAX, "본문은 10,000자 이하입니다.")
  .refine(notBlank, "본문을 입력하세요.");
export const imageIds = z
  .array(z.string().min(1).max(64))
  .max(MAX_POST_IMAGES, `이미지는 ${MAX_POST_IMAGES}장까지 올릴 수 있습니다.`)
  .refine((ids) => new Set(ids).size === ids.length, "같은 이미지가 두 번 들어 있습니다.");

export const createPostBody = z.object({ title, body, imageIds: imageIds.optional() }).strict();

export const updatePostBody = z
  .object({ title: title.optional(), body: body.optional(), imageIds: imageIds.optional() })
  .strict()
  .refine(
    (changes) => Object.values(changes).some((value) => value !== undefined),
    "바꿀 내용(title, body, imageIds)이 없습니다.",
  );

export const feedQuery = pageQuery.extend({ feed: z.enum(["latest", "following"]).default("latest") });
