import type { Context } from "hono";

/** Cloudflare sets CF-Connecting-IP on every request; it is absent only in local tools. */
export const clientIp = (c: Context) => c.req.header("CF-Connecting-IP") ?? "local";
