import { Hono } from "hono";
import type { AppEnv } from "../../lib/context";
import { notFound } from "../../lib/errors";

const MAX_NAME_LENGTH = 64;

/** `GET /images/img/<key>`: public, immutable bytes (a key is never reused). */
export const imageServingRoutes = new Hono<AppEnv>().get("/img/:name{[A-Za-z0-9_-]+}", async (c) => {
  const name = c.req.param("name");
  // Keys are `img/` + 24 characters; R2 refuses names over 1,024 bytes with an error, not a miss.
  if (name.length > MAX_NAME_LENGTH) throw notFound("이미지");
  const key = `img/${name}`;
  const ifNoneMatch = c.req.header("If-None-Match");
  // R2 reads If-None-Match itself (lists, weak tags, `*`) and, on a match, returns no body. Only that
  // header is passed: the others (If-Match, If-Modified-Since) would need answers other than 304.
  const object = await c.env.IMAGES.get(
    key,
    ifNoneMatch ? { onlyIf: new Headers({ "If-None-Match": ifNoneMatch }) } : undefined,
  );
  if (!object) throw notFound("이미지");
  // Answered through `c.body` (not `new Response`) so the prepared X-Request-Id header goes out too.
  const headers: Record<string, string> = {
    ETag: object.httpEtag,
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Type": object.httpMetadata?.contentType ?? "application/octet-stream",
  };
  if (!("body" in object)) return c.body(null, 304, headers);
  return c.body(object.body, 200, { ...headers, "Content-Length": String(object.size) });
});
