import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { Env } from "../../src/env";
import { ConfigError, readConfig } from "../../src/lib/config";
import { deliverMail } from "../../src/mail/send";
import { appLink, type MailTemplate, renderMail } from "../../src/mail/templates";
import { observedEffects } from "../effects";
import { call, errorCode, uniqueEmail } from "../helpers";
import { callSettled, outbox } from "./support";

const templates: MailTemplate[] = [
  { kind: "verify_email", link: "http://127.0.0.1:8787/verify-email?token=a" },
  {
    kind: "confirm_new_email",
    link: "http://127.0.0.1:8787/verify-email?token=b",
    newEmail: "new@example.com",
  },
  { kind: "email_change_requested", newEmail: "new@example.com" },
  { kind: "reset_password", link: "http://127.0.0.1:8787/reset-password?token=c" },
  { kind: "failed_logins", failures: 5, ipPrefix: "203.0.113.0/24" },
  { kind: "suspended", until: "2026-12-31T00:00:00.000Z", reason: "spam" },
];

describe("mail templates", () => {
  it("render every kind in Korean and in English, links listed and in the text", () => {
    for (const template of templates) {
      const ko = renderMail(template, "ko");
      const en = renderMail(template, "en");
      expect(ko.subject).not.toBe(en.subject);
      expect(ko.subject).toMatch(/[가-힣]/);
      expect(en.subject).not.toMatch(/[가-힣]/);
      for (const rendered of [ko, en]) {
        for (const link of rendered.links) expect(rendered.text).toContain(link);
        if ("link" in template) expect(rendered.links).toEqual([template.link]);
        else expect(rendered.links).toEqual([]);
      }
    }
  });

  it("builds links as the app origin plus an SPA path, the token escaped", () => {
    expect(appLink("https://orgo.dev", "/reset-password", "a+b/c")).toBe(
      "https://orgo.dev/reset-password?token=a%2Bb%2Fc",
    );
  });
});

describe("the dev outbox", () => {
  it("keeps mails in D1 and lists them newest first per recipient, case-insensitively", async () => {
    const to = uniqueEmail("Outbox");
    await deliverMail(env, { to, language: "ko", template: templates[0] as MailTemplate });
    await deliverMail(env, { to, language: "en", template: templates[3] as MailTemplate });
    await deliverMail(env, { to: uniqueEmail(), language: "en", template: templates[3] as MailTemplate });
    const items = await outbox(to.toLowerCase());
    expect(items.map((mail) => mail.subject)).toEqual([
      "Reset your OrGo password",
      "OrGo 이메일 주소를 확인해 주세요",
    ]);
    expect(items[0]).toMatchObject({ to, links: ["http://127.0.0.1:8787/reset-password?token=c"] });
    expect(items[0]?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("is 404 when MAIL_OUTBOX is not dev, and on a host that is not loopback", async () => {
    const off = await callSettled("GET", "/api/dev/outbox", {}, { MAIL_OUTBOX: undefined });
    expect(off.status).toBe(404);
    expect(await errorCode(off)).toBe("not_found");
    const exposed = await call("GET", "/api/dev/outbox", { headers: {} });
    expect(exposed.status).toBe(200);
    const { app } = await import("../../src/app");
    const remote = await app.request("https://orgo.example/api/dev/outbox", {}, env);
    expect(remote.status).toBe(404);
  });

  it("refuses any other MAIL_OUTBOX value at the config check", () => {
    expect(() => readConfig({ ...env, MAIL_OUTBOX: "yes" })).toThrow(ConfigError);
    expect(() => readConfig({ ...env, MAIL_OUTBOX: "yes" })).toThrow(/MAIL_OUTBOX/);
  });

  it("receives mails sent through effects.sendMail once the work settled", async () => {
    const to = uniqueEmail();
    const { effects, settled } = observedEffects();
    effects.sendMail({
      to,
      language: "en",
      template: { kind: "email_change_requested", newEmail: "x@example.com" },
    });
    await settled();
    expect((await outbox(to)).map((mail) => mail.subject)).toEqual(["Your OrGo email is about to change"]);
  });
});

describe("the real sender", () => {
  const sent: unknown[] = [];
  const binding = {
    send: async (message: unknown) => {
      sent.push(message);
      return { messageId: "fake" };
    },
  } as unknown as SendEmail;

  it("hands the mail to the send_email binding from MAIL_FROM when not in dev", async () => {
    const configured: Env = {
      ...env,
      MAIL_OUTBOX: undefined,
      EMAIL: binding,
      MAIL_FROM: "no-reply@orgo.dev",
      MAIL_FROM_NAME: "OrGo",
    };
    const to = uniqueEmail();
    await deliverMail(configured, { to, language: "ko", template: templates[3] as MailTemplate });
    expect(sent).toEqual([
      {
        from: { email: "no-reply@orgo.dev", name: "OrGo" },
        to,
        subject: "OrGo 비밀번호 재설정",
        text: expect.stringContaining("/reset-password?token=c"),
      },
    ]);
    expect(await outbox(to)).toEqual([]);
  });

  it("drops the mail with a warning when no sender is configured", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const to = uniqueEmail();
    await deliverMail(
      { ...env, MAIL_OUTBOX: undefined },
      { to, language: "en", template: templates[0] as MailTemplate },
    );
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("verify_email mail was dropped"));
    warn.mockRestore();
    expect(await outbox(to)).toEqual([]);
  });
});
