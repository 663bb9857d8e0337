/**
 * Every mail OrGo sends, in Korean and English. A template is plain data (what happened, the link
 * to follow); `renderMail` turns it into a subject and a plain-text body in the user's language.
 * Links are always `APP_ORIGIN` + an SPA path: the caller builds them with `appLink`.
 */
export type MailLanguage = "ko" | "en";

export type MailTemplate =
  /** After sign-up or a resend: prove the address. */
  | { kind: "verify_email"; link: string }
  /** An email change: sent to the NEW address, which becomes the account's when the link is opened. */
  | { kind: "confirm_new_email"; link: string; newEmail: string }
  /** An email change: sent to the OLD address, so a stolen session cannot move the account silently. */
  | { kind: "email_change_requested"; newEmail: string }
  /** Forgot password. */
  | { kind: "reset_password"; link: string }
  /** Several failed logins for this account from one address. */
  | { kind: "failed_logins"; failures: number; ipPrefix: string }
  /** Moderation: the account was suspended (`until` null: permanently). */
  | { kind: "suspended"; until: string | null; reason: string };

export interface RenderedMail {
  subject: string;
  text: string;
  links: string[];
}

/** `origin` + an SPA path with the token in its query, e.g. `https://orgo.dev/verify-email?token=…`. */
export const appLink = (origin: string, path: `/${string}`, token: string) =>
  `${origin}${path}?token=${encodeURIComponent(token)}`;

const SIGNATURE = { ko: "— OrGo", en: "— OrGo" } satisfies Record<MailLanguage, string>;

const body = (language: MailLanguage, lines: string[]) => `${lines.join("\n")}\n\n${SIGNATURE[language]}\n`;

export const renderMail = (template: MailTemplate, language: MailLanguage): RenderedMail => {
  const ko = language === "ko";
  switch (template.kind) {
    case "verify_email":
      return {
        subject: ko ? "OrGo 이메일 주소를 확인해 주세요" : "Confirm your OrGo email address",
        text: body(
          language,
          ko
            ? [
                "OrGo에 가입해 주셔서 고맙습니다.",
                "아래 링크를 열면 이 주소가 확인됩니다 (24시간 동안, 한 번만 쓸 수 있습니다).",
                "",
                template.link,
                "",
                "직접 가입하지 않았다면 이 메일을 무시하세요.",
              ]
            : [
                "Thanks for joining OrGo.",
                "Open the link below to confirm this address (valid for 24 hours, once).",
                "",
                template.link,
                "",
                "If you did not sign up, ignore this mail.",
              ],
        ),
        links: [template.link],
      };
    case "confirm_new_email":
      return {
        subject: ko ? "OrGo 새 이메일 주소를 확인해 주세요" : "Confirm your new OrGo email address",
        text: body(
          language,
          ko
            ? [
                `OrGo 계정의 이메일을 ${template.newEmail}(으)로 바꾸려는 요청이 있었습니다.`,
                "아래 링크를 열면 변경이 완료됩니다 (24시간 동안, 한 번만 쓸 수 있습니다).",
                "",
                template.link,
                "",
                "요청하지 않았다면 이 메일을 무시하세요. 아무것도 바뀌지 않습니다.",
              ]
            : [
                `Someone asked to change an OrGo account's email to ${template.newEmail}.`,
                "Open the link below to complete the change (valid for 24 hours, once).",
                "",
                template.link,
                "",
                "If this was not you, ignore this mail; nothing changes.",
              ],
        ),
        links: [template.link],
      };
    case "email_change_requested":
      return {
        subject: ko ? "OrGo 이메일 변경 요청 알림" : "Your OrGo email is about to change",
        text: body(
          language,
          ko
            ? [
                `계정의 이메일을 ${template.newEmail}(으)로 바꾸려는 요청이 있었습니다.`,
                "새 주소에서 확인해야 변경됩니다.",
                "직접 요청하지 않았다면 비밀번호를 바꾸고, 설정에서 다른 기기의 로그인을 모두 종료하세요.",
              ]
            : [
                `Someone asked to change your account's email to ${template.newEmail}.`,
                "The change happens only once the new address confirms it.",
                "If this was not you, change your password and end your other sessions in Settings.",
              ],
        ),
        links: [],
      };
    case "reset_password":
      return {
        subject: ko ? "OrGo 비밀번호 재설정" : "Reset your OrGo password",
        text: body(
          language,
          ko
            ? [
                "비밀번호 재설정을 요청하셨습니다. 아래 링크에서 새 비밀번호를 정하세요 (1시간 동안, 한 번만 쓸 수 있습니다).",
                "",
                template.link,
                "",
                "재설정하면 모든 기기에서 로그아웃됩니다. 요청하지 않았다면 이 메일을 무시하세요.",
              ]
            : [
                "You asked to reset your password. Choose a new one at the link below (valid for 1 hour, once).",
                "",
                template.link,
                "",
                "Resetting signs you out everywhere. If you did not ask for this, ignore this mail.",
              ],
        ),
        links: [template.link],
      };
    case "failed_logins":
      return {
        subject: ko ? "OrGo 로그인 실패가 반복되었습니다" : "Repeated failed logins to your OrGo account",
        text: body(
          language,
          ko
            ? [
                `${template.ipPrefix} 대역의 주소에서 계정 로그인이 ${template.failures}번 실패했습니다.`,
                "본인이라면 비밀번호 찾기로 재설정할 수 있습니다. 본인이 아니라면 이 주소에서의 시도만 제한되며, 다른 곳에서는 평소처럼 로그인할 수 있습니다.",
              ]
            : [
                `There were ${template.failures} failed logins to your account from an address in ${template.ipPrefix}.`,
                "If that was you, you can reset your password. If not, only that address is slowed down; you can still log in from anywhere else.",
              ],
        ),
        links: [],
      };
    case "suspended": {
      const until = template.until ?? (ko ? "무기한" : "indefinitely");
      return {
        subject: ko ? "OrGo 계정이 정지되었습니다" : "Your OrGo account has been suspended",
        text: body(
          language,
          ko
            ? [
                `계정이 정지되었습니다 (해제: ${until}).`,
                `사유: ${template.reason}`,
                "로그인과 읽기는 계속할 수 있습니다.",
              ]
            : [
                `Your account has been suspended (until: ${until}).`,
                `Reason: ${template.reason}`,
                "You can still sign in and read.",
              ],
        ),
        links: [],
      };
    }
  }
};
