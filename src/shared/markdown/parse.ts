import type { Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

export type { Root } from "mdast";

/** Deeper block nesting than this on one line is shown as text (see `limitNesting`). */
export const MAX_NESTING = 16;

/** One container marker at the start of a line: a quote `>` or a list item `-`, `*`, `+`, `1.`, `1)`. */
const MARKER = /^[ \t]{0,3}(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?/;

/**
 * Escapes the container markers of a line beyond the `MAX_NESTING`th, so they are text. The
 * parser builds one nested block per marker and walks the tree recursively: 5,000 `- ` or `>` on
 * one line (a 10,000-character post) exhausted the stack or took seconds. Nobody nests deeper on
 * purpose; such a line still shows every character.
 */
const limitNesting = (source: string) =>
  source.replace(/^[^\n]*$/gm, (line) => {
    let rest = line;
    let depth = 0;
    let cut = 0;
    for (let match = MARKER.exec(rest); match; match = MARKER.exec(rest)) {
      depth += 1;
      if (depth > MAX_NESTING) break;
      cut += match[0].length;
      rest = rest.slice(match[0].length);
    }
    if (depth <= MAX_NESTING) return line;
    const kept = line.slice(0, cut);
    const tail = line.slice(cut);
    const lead = /^[ \t]*/.exec(tail)?.[0] ?? "";
    return `${kept}${lead}\\${tail.slice(lead.length)}`;
  });

/**
 * API.md § Content: CommonMark with GFM (tables, strikethrough, task lists, autolinks) into an
 * mdast tree. Raw HTML stays `html` nodes, which every reader of the tree shows as text. The
 * worker (excerpts, mentions) and the SPA (rendering) read the same tree, so what notifies is
 * exactly what shows as a mention.
 */
export const parseMarkdown = (source: string): Root =>
  fromMarkdown(limitNesting(source), { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
