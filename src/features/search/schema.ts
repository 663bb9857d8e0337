import * as z from "zod";
import { SEARCH_QUERY_MAX } from "../../shared/limits";

export const searchTypes = ["all", "posts", "users", "studies"] as const;
export const searchQuery = z
  .object({
    q: z
      .string()
      .trim()
      .min(1, "검색어를 입력하세요.")
      .max(SEARCH_QUERY_MAX, "검색어는 100자 이하입니다.")
      // `@` is the sign before a handle: on its own (`@`, `@@`, `@ @`) it is as empty as a blank q.
      .refine((q) => /[^@\s]/u.test(q), "검색어를 입력하세요."),
    type: z.enum(searchTypes).default("all"),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  // One cursor cannot carry three positions; with type=all each list is a first page.
  .refine((query) => query.type !== "all" || query.cursor === undefined, {
    message: "cursor는 type이 posts, users, studies 중 하나일 때만 쓸 수 있습니다.",
    path: ["cursor"],
  });

export type SearchInput = z.output<typeof searchQuery>;
