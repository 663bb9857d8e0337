/** API.md § Content: only these schemes become links; anything else (javascript:, data:, relative) is text. */
const ALLOWED = new Set(["http:", "https:", "mailto:"]);

/** The URL as a link may use it, or null when it must stay text. */
export const safeHref = (url: string): string | null => {
  const trimmed = url.trim();
  if (!/^(https?|mailto):/i.test(trimmed)) return null;
  try {
    const parsed = new URL(trimmed);
    return ALLOWED.has(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
};

/** What every link written by a person carries (they are user content: no referrer, no SEO credit). */
export const USER_LINK_REL = "nofollow ugc noopener noreferrer";
