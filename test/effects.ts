import { env } from "cloudflare:test";
import { createEffects, type Effects } from "../src/effects";

/**
 * The real effects, run in a list of our own instead of a request's `waitUntil`, so a test that
 * calls a domain function directly can await what it left for after the answer (`settled`) and
 * then look at D1, R2 or the Durable Objects themselves.
 */
export const observedEffects = (): { effects: Effects; settled: () => Promise<void> } => {
  const pending: Promise<unknown>[] = [];
  return {
    effects: createEffects({ env, waitUntil: (task) => pending.push(task) }),
    settled: async () => {
      while (pending.length > 0) await Promise.all(pending.splice(0));
    },
  };
};
