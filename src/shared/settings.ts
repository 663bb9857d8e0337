/**
 * Privacy and notification settings (API.md § "Privacy and notification settings"). The worker
 * stores only what a user changed from these defaults; the SPA's Settings section reads the lists.
 */
export const dmFromValues = ["followers", "mutuals", "nobody"] as const;
export type DmFrom = (typeof dmFromValues)[number];

/** Every kind a user may switch off, `mention` (issue 14) and `study_session` (issue 16) included. */
export const notifySwitches = [
  "follow",
  "comment",
  "reply",
  "like",
  "mention",
  "chat_room",
  "study_join",
  "study_session",
] as const;
export type NotifySwitch = (typeof notifySwitches)[number];

export interface Settings {
  dmFrom: DmFrom;
  notify: Record<NotifySwitch, boolean>;
}

export const defaultSettings = (): Settings => ({
  dmFrom: "followers",
  notify: {
    follow: true,
    comment: true,
    reply: true,
    like: true,
    mention: true,
    chat_room: true,
    study_join: true,
    study_session: true,
  },
});

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
    for (const kind of notifySwitches) {
      const value: unknown = kind in notify ? Reflect.get(notify, kind) : undefined;
      if (typeof value === "boolean") settings.notify[kind] = value;
    }
  }
  return settings;
};
