import type { Nodes, Root } from "mdast";
import { HANDLE_MAX } from "../handle";
import { parseMarkdown } from "./parse";

/** At most this many people are notified by one post, comment or message (API.md § Content). */
export const MAX_MENTIONS = 10;

/**
 * `@handle` where it starts a word: not inside an email or a path (`a@b`, `x/@y`), and not
 * followed by more handle characters (a 21-character name is no handle). Case-insensitive.
 */
const MENTION = new RegExp(`(^|[^A-Za-z0-9_@./+-])@([A-Za-z0-9_]{3,${HANDLE_MAX}})(?![A-Za-z0-9_])`, "g");

export type TextPart = string | { handle: string; text: string };

/** Splits plain text into text and mentions (`handle` lower-cased, `text` as written). */
export const splitMentions = (text: string): TextPart[] => {
  if (!text.includes("@")) return [text];
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    const lead = match[1] ?? "";
    const name = match[2] ?? "";
    const start = (match.index ?? 0) + lead.length;
    if (start > last) parts.push(text.slice(last, start));
    parts.push({ handle: name.toLowerCase(), text: `@${name}` });
    last = start + name.length + 1;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
};

/** Nodes whose text is never a mention: code, link text, raw HTML. */
const OPAQUE = new Set(["code", "inlineCode", "html", "link", "linkReference", "definition"]);

/**
 * The distinct handles a Markdown tree mentions, in order of first appearance, at most
 * `MAX_MENTIONS`. Only text the reader sees as prose counts: `@Override` in a code block does not.
 */
export const mentionedHandles = (root: Root): string[] => {
  const found = new Set<string>();
  const visit = (node: Nodes) => {
    if (found.size >= MAX_MENTIONS || OPAQUE.has(node.type)) return;
    if (node.type === "text") {
      for (const part of splitMentions(node.value))
        if (typeof part !== "string" && found.size < MAX_MENTIONS) found.add(part.handle);
      return;
    }
    if ("children" in node) for (const child of node.children) visit(child);
  };
  visit(root);
  return [...found];
};

/** The handles a Markdown source mentions (no parse at all for text without `@`). */
export const mentionsIn = (source: string): string[] =>
  source.includes("@") ? mentionedHandles(parseMarkdown(source)) : [];

/** Mentions an edit adds: in the new text and not in the old one. */
export const addedMentions = (before: string, after: string): string[] => {
  const added = mentionsIn(after);
  if (added.length === 0) return added;
  const had = new Set(mentionsIn(before));
  return added.filter((handle) => !had.has(handle));
};
