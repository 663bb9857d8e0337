import type { ko } from "./ko";

/** English (and any language with plurals) may give a count-dependent text; `{count}` picks the form. */
export interface Plural {
  one: string;
  other: string;
}
export type Text = string | Plural;

type Shape<T> = { [K in keyof T]: T[K] extends string ? Text : Shape<T[K]> };
/** The catalogue's shape, taken from ko.ts: every language has exactly these keys. */
export type Messages = Shape<typeof ko>;

type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends Text ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
/** `"feed.tabs.latest"` and the like. */
export type MessageKey = Leaves<Messages>;
