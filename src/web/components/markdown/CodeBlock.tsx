import type { ElementContent, Root } from "hast";
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import { t } from "../../i18n";

/** Language labels for common fence words; others show as written. */
const LABELS: Record<string, string> = {
  js: "JavaScript",
  javascript: "JavaScript",
  ts: "TypeScript",
  typescript: "TypeScript",
  jsx: "JSX",
  tsx: "TSX",
  py: "Python",
  python: "Python",
  java: "Java",
  c: "C",
  cpp: "C++",
  "c++": "C++",
  go: "Go",
  golang: "Go",
  rs: "Rust",
  rust: "Rust",
  kt: "Kotlin",
  kotlin: "Kotlin",
  sql: "SQL",
  sh: "Bash",
  bash: "Bash",
  shell: "Shell",
  json: "JSON",
  html: "HTML",
  css: "CSS",
  yml: "YAML",
  yaml: "YAML",
  diff: "Diff",
};

/** Only the first word of the info string names the language (```ts title="x"). */
const languageOf = (lang: string | null) => lang?.trim().split(/\s+/)[0]?.toLowerCase() || null;

/** The highlighter chunk, loaded once for the whole page the first time a block needs it. */
let highlighter: Promise<typeof import("./highlight")> | null = null;
const loadHighlighter = () => {
  highlighter ??= import("./highlight");
  return highlighter;
};

const renderHast = (nodes: ElementContent[]): preact.ComponentChildren =>
  nodes.map((node, index) => {
    if (node.type === "text") return node.value;
    if (node.type !== "element") return null;
    const className = node.properties.className;
    return h(
      "span",
      { key: index, class: Array.isArray(className) ? className.join(" ") : undefined },
      renderHast(node.children),
    );
  });

/**
 * A fenced code block: its language, a copy button, and the code highlighted once the
 * highlighter chunk arrived (plain text until then, and for languages it does not know). Long
 * lines scroll inside the block.
 */
export const CodeBlock = ({ code, lang }: { code: string; lang: string | null }) => {
  const language = languageOf(lang);
  const [tree, setTree] = useState<Root | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    setTree(null);
    if (!language) return;
    let live = true;
    void loadHighlighter().then(({ highlight }) => {
      if (live) setTree(highlight(code, language));
    });
    return () => {
      live = false;
    };
  }, [code, language]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };

  return (
    <figure class="code-block">
      <figcaption>
        <span class="code-lang">{language ? (LABELS[language] ?? language) : t("markdown.code")}</span>
        <button type="button" class="btn btn-small code-copy" onClick={() => void copy()} aria-live="polite">
          {copied ? t("markdown.copied") : t("markdown.copy")}
        </button>
      </figcaption>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a block that scrolls sideways must be reachable by keyboard (axe: scrollable-region-focusable) */}
      <pre tabIndex={0}>
        <code class={language ? `language-${language}${tree ? " highlighted" : ""}` : undefined}>
          {tree ? renderHast(tree.children.filter((node) => node.type !== "doctype")) : code}
        </code>
      </pre>
    </figure>
  );
};
