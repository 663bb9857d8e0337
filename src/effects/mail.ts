import { deliverMail, type OutgoingMail } from "../mail/send";
import { type EffectContext, runLater } from "./run";

export interface MailEffects {
  /**
   * Sends a mail (in `language`) after the answer; kept in the D1 outbox under `MAIL_OUTBOX = "dev"`.
   * Call it once the write that the mail tells about has committed.
   */
  sendMail: (mail: OutgoingMail) => void;
}

export const mailEffects = (context: EffectContext): MailEffects => ({
  sendMail: (mail) => runLater(context, `${mail.template.kind} mail`, () => deliverMail(context.env, mail)),
});

export type { MailLanguage, MailTemplate } from "../mail/templates";
