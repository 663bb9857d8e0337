import type { Context } from "hono";
import type { AppEnv } from "../../lib/context";
import type { Defer } from "../account/service";
import { type CreatedNotification, publishNotifications } from "../notifications/publish";

/** What a domain function may leave for after the response, once its D1 batch committed. */
export interface Effects {
  /** R2 deletes and other work the answer need not wait for. */
  defer: Defer;
  /** Pushes notifications the batch created to their recipients. */
  notify: (created: CreatedNotification[]) => void;
}

/** Takes any route's context (whatever its auth middleware added to the variables). */
export const effectsOf = (c: Pick<Context<AppEnv>, "env" | "executionCtx">): Effects => ({
  defer: (task) => c.executionCtx.waitUntil(task),
  notify: (created) => {
    if (created.length > 0) c.executionCtx.waitUntil(publishNotifications(c.env, created));
  },
});
