import { useRef, useState } from "preact/hooks";
import { t } from "../../i18n";
import { Markdown } from "./Markdown";
import { useMentionSuggestions } from "./mentions";

type Mode = "write" | "preview";

/** What each toolbar button wraps the selection in (or inserts, with a placeholder selected). */
const FORMATS = {
  bold: { before: "**", after: "**", placeholder: "text", block: false },
  link: { before: "[", after: "](https://)", placeholder: "link", block: false },
  list: { before: "- ", after: "", placeholder: "item", block: true },
  codeBlock: { before: "```ts\n", after: "\n```", placeholder: "code", block: true },
} as const;
type Format = keyof typeof FORMATS;
const FORMAT_ORDER: readonly Format[] = ["codeBlock", "bold", "link", "list"];

/**
 * The post body's editor: a Markdown textarea with a small toolbar (code block, bold, link,
 * list), `@` suggestions, and a preview tab that shows the body exactly as the post will.
 */
export const MarkdownEditor = ({
  value,
  onChange,
  label,
  maxLength,
  rows = 12,
}: {
  value: string;
  onChange: (next: string) => void;
  label: string;
  maxLength: number;
  rows?: number;
}) => {
  const [mode, setMode] = useState<Mode>("write");
  const field = useRef<HTMLTextAreaElement>(null);
  const mentions = useMentionSuggestions(value, onChange);

  const apply = (format: Format) => {
    const area = field.current;
    if (!area) return;
    const { before, after, placeholder, block } = FORMATS[format];
    const start = area.selectionStart;
    const end = area.selectionEnd;
    const selected = value.slice(start, end) || placeholder;
    // Block formats start on a line of their own.
    const lead = block && start > 0 && value[start - 1] !== "\n" ? "\n" : "";
    const next = `${value.slice(0, start)}${lead}${before}${selected}${after}${value.slice(end)}`;
    onChange(next);
    const from = start + lead.length + before.length;
    requestAnimationFrame(() => {
      area.focus();
      area.setSelectionRange(from, from + selected.length);
    });
  };

  return (
    <div class="stack md-editor">
      <div class="md-editor-tabs">
        <span class="label-text">{label}</span>
        <div class="tabs" role="tablist">
          {(["write", "preview"] as const).map((tab) => (
            <button
              key={tab}
              type="button"
              role="tab"
              class={`btn btn-small${mode === tab ? " btn-primary" : ""}`}
              aria-selected={mode === tab}
              onClick={() => setMode(tab)}
            >
              {t(`markdown.${tab}`)}
            </button>
          ))}
        </div>
        {mode === "write" && (
          <div class="md-toolbar" role="toolbar" aria-label={t("markdown.toolbar")}>
            {FORMAT_ORDER.map((format) => (
              <button key={format} type="button" class="btn btn-small" onClick={() => apply(format)}>
                {t(`markdown.${format}`)}
              </button>
            ))}
          </div>
        )}
      </div>
      {mode === "write" ? (
        <>
          <textarea
            ref={field}
            name="body"
            aria-label={label}
            value={value}
            maxLength={maxLength}
            rows={rows}
            required
            onInput={(event) => {
              onChange(event.currentTarget.value);
              mentions.track(event.currentTarget);
            }}
            onClick={(event) => mentions.track(event.currentTarget)}
            onKeyDown={(event) => void mentions.onKeyDown(event)}
          />
          {mentions.list}
          <span class="muted small">{t("markdown.hint")}</span>
        </>
      ) : (
        <div class="md-preview" data-testid="preview">
          {value.trim() ? <Markdown source={value} /> : <p class="muted">{t("markdown.emptyPreview")}</p>}
        </div>
      )}
    </div>
  );
};
