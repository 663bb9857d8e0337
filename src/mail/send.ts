import { createDb } from "../db/client";
import type { Env } from "../env";
import { readConfig } from "../lib/config";
import { keepInOutbox } from "./outbox";
import { type MailLanguage, type MailTemplate, renderMail } from "./templates";

export interface OutgoingMail {
  to: string;
  language: MailLanguage;
  template: MailTemplate;
}

/**
 * Renders the mail in the recipient's language and hands it to Cloudflare's `send_email` binding
 * (`EMAIL`), or keeps it in the D1 outbox when `MAIL_OUTBOX = "dev"`. Without a binding or a sender
 * the mail is dropped with a warning: a worker without mail still serves everything else.
 */
export const deliverMail = async (env: Env, { to, language, template }: OutgoingMail) => {
  const mail = renderMail(template, language);
  const config = readConfig(env).mail;
  if (config.outbox) {
    await keepInOutbox(createDb(env.DB), { to, ...mail });
    return;
  }
  if (!env.EMAIL || !config.from) {
    console.warn(`mail is not configured (EMAIL binding and MAIL_FROM): a ${template.kind} mail was dropped`);
    return;
  }
  await env.EMAIL.send({
    from: config.fromName ? { email: config.from, name: config.fromName } : config.from,
    to,
    subject: mail.subject,
    text: mail.text,
  });
};
