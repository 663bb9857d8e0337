/**
 * Privacy and notification settings (API.md § "Privacy and notification settings"). The worker
 * stores only what a user changed from these defaults; the SPA's Settings section reads the lists.
 */
import { type NotificationKind, notificationKinds } from "./notification-kinds";

export const dmFromValues = ["followers", "mutuals", "nobody"] as const;
export type DmFrom = (typeof dmFromValues)[number];

export interface Settings {
  dmFrom: DmFrom;
  /** One switch per notification kind; every kind is on until the user turns it off. */
  notify: Record<NotificationKind, boolean>;
}

const hasEveryKind = (
  notify: Partial<Record<NotificationKind, boolean>>,
): notify is Record<NotificationKind, boolean> =>
  notificationKinds.every((kind) => notify[kind] !== undefined);

const everyKindOn = (): Record<NotificationKind, boolean> => {
  const notify: Partial<Record<NotificationKind, boolean>> = {};
  for (const kind of notificationKinds) notify[kind] = true;
  // Always true (the loop set every kind); it tells the type so instead of a cast.
  if (!hasEveryKind(notify)) throw new Error("a notification kind has no default");
  return notify;
};

export const defaultSettings = (): Settings => ({ dmFrom: "followers", notify: everyKindOn() });

const isDmFrom = (value: unknown): value is DmFrom => dmFromValues.some((known) => known === value);

/** The stored overrides (JSON of unknown age) over the defaults; anything unrecognised is ignored. */
export const settingsFrom = (stored: string | null): Settings => {
  const settings = defaultSettings();
  let parsed: unknown = null;
  try {
    parsed = stored ? JSON.parse(stored) : null;
  } catch {
    return settings;
  }
  if (typeof parsed !== "object" || parsed === null) return settings;
  if ("dmFrom" in parsed && isDmFrom(parsed.dmFrom)) settings.dmFrom = parsed.dmFrom;
  if ("notify" in parsed && typeof parsed.notify === "object" && parsed.notify !== null) {
    const notify: object = parsed.notify;
    for (const kind of notificationKinds) {
      const value: unknown = kind in notify ? Reflect.get(notify, kind) : undefined;
      if (typeof value === "boolean") settings.notify[kind] = value;
    }
  }
  return settings;
};
