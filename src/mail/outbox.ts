import { desc, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { mailOutbox } from "../db/schema";
import { newId } from "../lib/ids";
import type { RenderedMail } from "./templates";

/** How many mails `GET /api/dev/outbox` lists; a development inbox, not an archive. */
const OUTBOX_PAGE = 50;

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  links: string[];
  createdAt: string;
}

/** `MAIL_OUTBOX = "dev"`: the mail is kept in D1 instead of sent. */
export const keepInOutbox = (db: Db, mail: RenderedMail & { to: string }) =>
  db.insert(mailOutbox).values({
    id: newId(),
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    links: JSON.stringify(mail.links),
  });

const parseLinks = (stored: string): string[] => {
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.filter((link) => typeof link === "string") : [];
};

/** The newest kept mails, to one address (compared case-insensitively) or to anyone. */
export const readOutbox = async (db: Db, { to }: { to: string | undefined }): Promise<OutboxMail[]> => {
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(to ? sql`lower(${mailOutbox.to}) = lower(${to})` : undefined)
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(OUTBOX_PAGE);
  return rows.map((row) => ({
    id: row.id,
    to: row.to,
    subject: row.subject,
    text: row.text,
    links: parseLinks(row.links),
    createdAt: row.createdAt.toISOString(),
  }));
};
