import { Hono } from "hono";
import type { AppEnv } from "../../lib/context";
import { notFound } from "../../lib/errors";

/** `GET /images/img/<key>`: public, immutable bytes (a key is never reused). */
export const imageServingRoutes = new Hono<AppEnv>().get("/img/:name{[A-Za-z0-9_-]+}", async (c) => {
  const key = `img/${c.req.param("name")}`;
  const etagHeader = c.req.header("If-None-Match");
  const object = await c.env.IMAGES.get(
    key,
    etagHeader ? { onlyIf: { etagDoesNotMatch: etagHeader.replaceAll('"', "") } } : undefined,
  );
  if (!object) throw notFound("이미지");
  const headers = new Headers({
    ETag: object.httpEtag,
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Type": object.httpMetadata?.contentType ?? "application/octet-stream",
  });
  if (!("body" in object)) return new Response(null, { status: 304, headers });
  return new Response(object.body, { headers });
});
