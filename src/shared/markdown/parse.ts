import type { Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

export type { Root } from "mdast";

/**
 * API.md § Content: CommonMark with GFM (tables, strikethrough, task lists, autolinks) into an
 * mdast tree. Raw HTML stays `html` nodes, which every reader of the tree shows as text. The
 * worker (excerpts, mentions) and the SPA (rendering) read the same tree, so what notifies is
 * exactly what shows as a mention.
 */
export const parseMarkdown = (source: string): Root =>
  fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
