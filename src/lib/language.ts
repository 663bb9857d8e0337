import type { MailLanguage } from "../mail/templates";

/**
 * The language a new account's mails are written in, from the browser's Accept-Language when the
 * client did not say: English only when English is preferred over Korean (Korean is the default).
 */
export const languageFromHeader = (header: string | undefined): MailLanguage => {
  const ranked = (header ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = Number(params.find((param) => param.trim().startsWith("q="))?.split("=")[1] ?? "1");
      return { tag, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0 && /^(ko|en)\b/.test(entry.tag))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.tag.startsWith("en") ? "en" : "ko";
};
