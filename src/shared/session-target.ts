/** What a `study_session` notification says happened to the session. */
export const sessionEvents = ["created", "changed", "cancelled", "check_in_opened", "reminder"] as const;
export type SessionEvent = (typeof sessionEvents)[number];

/**
 * A `study_session` notification's `target_id`: the session and what happened to it. It is also
 * the 24-hour de-duplication key, so a second change of the same session within a day does not
 * notify again, while its cancellation does.
 */
export const sessionTarget = (sessionId: string, event: SessionEvent) => `${sessionId}:${event}`;

export const parseSessionTarget = (targetId: string): { id: string; event: SessionEvent } => {
  const [id = "", event] = targetId.split(":");
  return { id, event: sessionEvents.find((known) => known === event) ?? "changed" };
};
