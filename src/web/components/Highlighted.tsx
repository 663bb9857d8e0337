import type { ComponentChildren } from "preact";

/**
 * `text` with every occurrence of the search's matched terms (the answer's `terms`, lower-case)
 * in `<mark>`, compared case-insensitively; the longest term wins where two overlap.
 */
export const Highlighted = ({ text, terms }: { text: string; terms: readonly string[] }) => {
  const lower = text.toLowerCase();
  // Case folding that changes the length (rare letters) would shift the marks: show it unmarked.
  if (terms.length === 0 || lower.length !== text.length) return <>{text}</>;
  const sorted = [...terms].filter(Boolean).sort((a, b) => b.length - a.length);
  const parts: ComponentChildren[] = [];
  let plainFrom = 0;
  let at = 0;
  while (at < text.length) {
    const term = sorted.find((candidate) => lower.startsWith(candidate, at));
    if (!term) {
      at += 1;
      continue;
    }
    if (at > plainFrom) parts.push(text.slice(plainFrom, at));
    parts.push(
      <mark key={at} class="search-hit">
        {text.slice(at, at + term.length)}
      </mark>,
    );
    at += term.length;
    plainFrom = at;
  }
  if (plainFrom < text.length) parts.push(text.slice(plainFrom));
  return <>{parts}</>;
};
