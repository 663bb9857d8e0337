import { createStore } from "../lib/store";
import { ko } from "./ko";
import type { MessageKey, Messages, Text } from "./messages";

export type Locale = "ko" | "en";
export const LOCALES: readonly Locale[] = ["ko", "en"];

/**
 * Korean ships with the first load; English is a chunk of its own, fetched only by a browser that
 * uses it (most visitors never do), before the first render when it is the starting language.
 */
const catalogues: Partial<Record<Locale, Messages>> = { ko };
const loadCatalogue = async (language: Locale) => {
  if (!catalogues[language]) catalogues[language] = (await import("./en")).en;
};
const STORAGE_KEY = "orgo.locale";

const isLocale = (value: unknown): value is Locale => value === "ko" || value === "en";

/** A saved choice wins; otherwise the browser's language (English only if it asks for English). */
const initialLocale = (): Locale => {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage can be disabled (privacy settings): fall back to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith("en") ? "en" : "ko";
};

const starting = initialLocale();

/**
 * The UI language: a preference of this browser, not page state (so not in the URL). It changes
 * only once its catalogue is here, so no text is ever shown in a half-loaded language.
 */
export const locale = createStore<Locale>(catalogues[starting] ? starting : "ko");
document.documentElement.lang = locale.get();
locale.subscribe(() => {
  document.documentElement.lang = locale.get();
});

const switchTo = async (next: Locale) => {
  await loadCatalogue(next);
  locale.set(next);
};

/** Resolves once the starting language can be shown: main.tsx renders after it. */
export const localeReady: Promise<void> = switchTo(starting).catch(() => {
  // The English chunk did not arrive (offline): the page is shown in Korean rather than not at all.
});

export const setLocale = async (next: Locale) => {
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not saved, but this page still switches.
  }
  await switchTo(next);
};

// Another tab changed the language: follow it.
addEventListener("storage", (event) => {
  if (event.key === STORAGE_KEY && isLocale(event.newValue)) void switchTo(event.newValue);
});

/** BCP 47 tag for Intl formatters. */
export const intlLocale = (): string => (locale.get() === "en" ? "en-US" : "ko-KR");

/**
 * The plural category of a count, for our two languages: Korean has one form, English's "one" is
 * exactly 1 (counts are whole numbers). The same answers as Intl.PluralRules, without building
 * one (ICU data) during the first render.
 */
const pluralCategory = (language: Locale, count: number) =>
  language === "en" && count === 1 ? "one" : "other";

type Params = Record<string, string | number>;

const lookup = (messages: Messages, key: string): Text | undefined => {
  let node: unknown = messages;
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === "string" || (typeof node === "object" && node !== null && "other" in node)
    ? (node as Text)
    : undefined;
};

/** Whether a key built at run time (an error code, say) names a text. */
export const hasText = (key: string): key is MessageKey => lookup(ko, key) !== undefined;

/**
 * The text for `key` in the current language, `{name}` replaced by `params.name`. Parameters are
 * inserted in one pass, so a nickname containing `{title}` stays as typed.
 */
export const t = (key: MessageKey, params: Params = {}): string => {
  const current = locale.get();
  const catalogue = catalogues[current] ?? ko;
  const text = lookup(catalogue, key) ?? lookup(ko, key) ?? key;
  const chosen =
    typeof text === "string"
      ? text
      : pluralCategory(current, Number(params.count)) === "one"
        ? text.one
        : text.other;
  return chosen.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
};
