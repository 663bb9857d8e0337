/**
 * One rule for every text a user writes (posts, comments, chat messages, profiles, studies): no
 * NUL and no lone UTF-16 surrogate. Neither can be stored and read back as the same text (D1,
 * JSON encoders and UTF-8 all mangle or cut them), so they are refused at validation rather than
 * stored. A `zod/mini` check, which the worker's full-zod schemas take as well through `.check()`.
 */
import * as z from "zod/mini";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormedText = (text: string): boolean =>
  !text.includes("\u0000") && !LONE_SURROGATE.test(text);

export const wellFormedText = z.refine<string>(
  isWellFormedText,
  "NUL 문자나 짝이 없는 서로게이트가 든 글은 저장할 수 없습니다.",
);
