import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../lib/context";
import { notFound } from "../lib/errors";
import { validate } from "../lib/validate";
import { readOutbox } from "./outbox";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * `/api/dev`: the development outbox (like Rails' letter_opener). It exists only with
 * `MAIL_OUTBOX = "dev"` and only on a loopback host: it shows everyone's reset links, so a worker
 * deployed with the variable by mistake still shows nothing to the internet.
 */
export const devOutboxRoutes = new Hono<AppEnv>().get(
  "/outbox",
  validate("query", z.object({ to: z.string().trim().max(254).optional() })),
  async (c) => {
    if (!c.var.config.mail.outbox || !LOOPBACK.has(new URL(c.req.url).hostname)) throw notFound();
    const { to } = c.req.valid("query");
    return c.json({ items: await readOutbox(c.var.db, { to: to || undefined }) });
  },
);
