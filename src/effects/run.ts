import type { Env } from "../env";

/**
 * What every effect kind is built from: the bindings, and a way to run work after the answer
 * (`executionCtx.waitUntil` in a request; the test's own list in a test that wants to await it).
 */
export interface EffectContext {
  env: Env;
  waitUntil: (task: Promise<unknown>) => void;
}

/**
 * Runs `work` after the response. A failure is logged with its label and never reaches the
 * caller: the D1 write that made the effect true has committed, and each effect is best-effort
 * (a missed push is replayed with `since`, a missed R2 delete is an orphan the cron removes).
 */
export const runLater = (context: EffectContext, label: string, work: () => Promise<unknown>) => {
  context.waitUntil(
    Promise.resolve()
      .then(work)
      .catch((error) => console.error(`${label} failed`, error)),
  );
};
