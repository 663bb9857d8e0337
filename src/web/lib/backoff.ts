/** Reconnect delays: 0.5 s doubling to 30 s, with jitter so a server restart is not hit by every tab at once. */
export const backoffDelay = (attempt: number) => {
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
};
