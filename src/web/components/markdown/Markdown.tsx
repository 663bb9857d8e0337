import type { Definition, Nodes, Root, RootContent } from "mdast";
import type { ComponentChildren } from "preact";
import { h } from "preact";
import { useMemo } from "preact/hooks";
import { splitMentions } from "../../../shared/markdown/mentions";
import { parseMarkdown } from "../../../shared/markdown/parse";
import { CodeBlock } from "./CodeBlock";
import { safeHref, USER_LINK_REL } from "./links";

/**
 * Markdown (API.md § Content) as Preact elements, built from the mdast tree node by node: nothing
 * is ever set as HTML, raw HTML in the source shows as its text, and only http(s)/mailto URLs
 * become links. `@handle` in prose links to the profile. Fenced code goes to `CodeBlock`, which
 * loads the highlighter only when a page has one.
 */
export const Markdown = ({
  source,
  breaks = false,
  class: className,
}: {
  source: string;
  /** Single newlines are line breaks (comments, chat, agendas), as people type them there. */
  breaks?: boolean;
  class?: string;
}) => {
  const tree = useMemo(() => parseMarkdown(source), [source]);
  return (
    <div class={`markdown${breaks ? " md-breaks" : ""}${className ? ` ${className}` : ""}`}>
      {renderRoot(tree)}
    </div>
  );
};

const renderRoot = (root: Root) => {
  const definitions = new Map<string, Definition>();
  const collect = (node: Nodes) => {
    if (node.type === "definition") definitions.set(node.identifier, node);
    else if ("children" in node) for (const child of node.children) collect(child);
  };
  collect(root);
  const context: Context = { definitions };
  return root.children.map((child, index) => render(child, context, index));
};

interface Context {
  definitions: Map<string, Definition>;
  /** Inside a link's text: a mention there would be a link inside a link, so it stays text. */
  inLink?: boolean;
}

const children = (node: { children: RootContent[] }, context: Context): ComponentChildren =>
  node.children.map((child, index) => render(child, context, index));

const mentionText = (value: string): ComponentChildren =>
  splitMentions(value).map((part, index) =>
    typeof part === "string" ? (
      part
    ) : (
      <a key={index} class="mention" href={`/@${part.handle}`}>
        {part.text}
      </a>
    ),
  );

/** A link when the URL is allowed, else just its text (the reader still sees what was written). */
const linkOrText = (
  url: string,
  title: string | null | undefined,
  content: ComponentChildren,
  key: number,
) => {
  const href = safeHref(url);
  if (!href) return <span key={key}>{content}</span>;
  return (
    <a key={key} href={href} title={title ?? undefined} rel={USER_LINK_REL} target="_blank">
      {content}
    </a>
  );
};

const render = (node: RootContent, context: Context, key: number): ComponentChildren => {
  switch (node.type) {
    case "text":
      return context.inLink ? node.value : mentionText(node.value);
    case "paragraph":
      return <p key={key}>{children(node, context)}</p>;
    case "heading":
      // The page's own title is the h1: the body's headings start one level below it.
      return h(`h${Math.min(node.depth + 1, 6)}`, { key }, children(node, context));
    case "thematicBreak":
      return <hr key={key} />;
    case "blockquote":
      return <blockquote key={key}>{children(node, context)}</blockquote>;
    case "list": {
      const items = children(node, context);
      return node.ordered ? (
        <ol key={key} start={node.start ?? undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case "listItem":
      return (
        <li key={key} class={node.checked === null || node.checked === undefined ? undefined : "task"}>
          {node.checked === null || node.checked === undefined ? null : (
            <input
              type="checkbox"
              checked={node.checked}
              disabled
              aria-label={node.checked ? "done" : "to do"}
            />
          )}
          {/* A tight list's paragraphs are its items' text, not separate blocks. */}
          {node.spread
            ? children(node, context)
            : node.children.map((child, index) =>
                child.type === "paragraph" ? children(child, context) : render(child, context, index),
              )}
        </li>
      );
    case "code":
      return <CodeBlock key={key} code={node.value} lang={node.lang ?? null} />;
    case "inlineCode":
      return <code key={key}>{node.value}</code>;
    case "html":
      // Raw HTML is shown as written, never interpreted.
      return node.value;
    case "emphasis":
      return <em key={key}>{children(node, context)}</em>;
    case "strong":
      return <strong key={key}>{children(node, context)}</strong>;
    case "delete":
      return <del key={key}>{children(node, context)}</del>;
    case "break":
      return <br key={key} />;
    case "link":
      return linkOrText(node.url, node.title, children(node, { ...context, inLink: true }), key);
    case "linkReference": {
      const definition = context.definitions.get(node.identifier);
      return definition
        ? linkOrText(definition.url, definition.title, children(node, { ...context, inLink: true }), key)
        : children(node, context);
    }
    case "image":
      // Never loaded from elsewhere (privacy, CSP): a link to it, named by its alt text.
      return linkOrText(node.url, node.title, `🖼 ${node.alt || node.url}`, key);
    case "imageReference": {
      const definition = context.definitions.get(node.identifier);
      return definition
        ? linkOrText(definition.url, definition.title, `🖼 ${node.alt || definition.url}`, key)
        : `🖼 ${node.alt ?? ""}`;
    }
    case "table":
      return (
        <div key={key} class="md-table">
          <table>
            <thead>{node.children[0] && renderRow(node.children[0], node.align ?? [], context, "th")}</thead>
            <tbody>
              {node.children.slice(1).map((row, index) => (
                <tr key={index}>
                  {row.children.map((cell, at) =>
                    renderCell(cell, node.align?.[at] ?? null, context, "td", at),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case "definition":
      return null;
    case "footnoteReference":
      return `[^${node.label ?? node.identifier}]`;
    case "footnoteDefinition":
      return (
        <div key={key} class="md-footnote">
          [^{node.label ?? node.identifier}]: {children(node, context)}
        </div>
      );
    default:
      // Anything the tree may hold that is not listed above shows its text, never markup.
      return "children" in node ? children(node, context) : "value" in node ? String(node.value) : null;
  }
};

type Row = Extract<RootContent, { type: "tableRow" }>;
type Cell = Extract<RootContent, { type: "tableCell" }>;
type Align = "left" | "right" | "center" | null;

const renderCell = (cell: Cell, align: Align, context: Context, tag: "th" | "td", key: number) =>
  h(tag, { key, style: align ? { textAlign: align } : undefined }, children(cell, context));

const renderRow = (row: Row, align: Align[], context: Context, tag: "th" | "td") => (
  <tr>{row.children.map((cell, at) => renderCell(cell, align[at] ?? null, context, tag, at))}</tr>
);
