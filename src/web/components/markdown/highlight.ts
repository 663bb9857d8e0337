/**
 * The syntax highlighter: its own chunk, imported only by `CodeBlock` once a page shows a fenced
 * block (so the feed and pages without code never load it). refractor (Prism grammars, yielding a
 * hast tree instead of HTML) with exactly the languages API.md lists, each imported on its own.
 */
import type { Root } from "hast";
import bash from "refractor/bash";
import c from "refractor/c";
import { refractor } from "refractor/core";
import cpp from "refractor/cpp";
import css from "refractor/css";
import diff from "refractor/diff";
import go from "refractor/go";
import java from "refractor/java";
import javascript from "refractor/javascript";
import json from "refractor/json";
import jsx from "refractor/jsx";
import kotlin from "refractor/kotlin";
import markup from "refractor/markup";
import python from "refractor/python";
import rust from "refractor/rust";
import sql from "refractor/sql";
import tsx from "refractor/tsx";
import typescript from "refractor/typescript";
import yaml from "refractor/yaml";

for (const syntax of [
  markup,
  css,
  javascript,
  typescript,
  jsx,
  tsx,
  python,
  java,
  c,
  cpp,
  go,
  rust,
  kotlin,
  sql,
  bash,
  json,
  yaml,
  diff,
])
  refractor.register(syntax);

export type { Root };

/** The grammar name for a fence's info word, or null for a language not loaded (shown plain). */
export const grammarOf = (lang: string): string | null => {
  const name = lang.toLowerCase();
  return refractor.registered(name) ? name : null;
};

/** The hast tree of highlighted `code`, or null for an unknown language. */
export const highlight = (code: string, lang: string): Root | null => {
  const grammar = grammarOf(lang);
  return grammar ? refractor.highlight(code, grammar) : null;
};
