import type { Nodes, Root } from "mdast";

const BLOCKS = new Set([
  "paragraph",
  "heading",
  "code",
  "blockquote",
  "listItem",
  "table",
  "tableRow",
  "tableCell",
  "thematicBreak",
]);

/**
 * The words a reader sees, without Markdown's marks: text, code as written, image alt text, raw
 * HTML as its source text; blocks and table cells separated by a space, white space collapsed.
 */
export const toPlainText = (root: Root): string => {
  const out: string[] = [];
  const visit = (node: Nodes) => {
    if (BLOCKS.has(node.type)) out.push(" ");
    switch (node.type) {
      case "text":
      case "inlineCode":
      case "code":
      case "html":
        out.push(node.value);
        break;
      case "image":
        out.push(node.alt ?? "");
        break;
      case "break":
        out.push(" ");
        break;
      case "definition":
        break;
      default:
        if ("children" in node) for (const child of node.children) visit(child);
    }
    if (BLOCKS.has(node.type)) out.push(" ");
  };
  visit(root);
  return out.join("").replace(/\s+/g, " ").trim();
};
