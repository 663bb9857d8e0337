import { createDb } from "../db/client";
import { type PushNotice, type PushOptions, sendWebPush } from "../features/push/send";
import { readConfig } from "../lib/config";
import { type EffectContext, runLater } from "./run";

export interface PushEffects {
  /**
   * Sends a Web Push notice to every device of these users (a closed tab still gets it). A no-op
   * while the VAPID keys are not configured; expired subscriptions are deleted as they show up.
   */
  webPush: (push: { userIds: string[]; notice: PushNotice; options: PushOptions }) => void;
}

export const pushEffects = (context: EffectContext): PushEffects => ({
  webPush: ({ userIds, notice, options }) => {
    if (userIds.length === 0) return;
    runLater(context, "web push", async () => {
      const vapid = readConfig(context.env).vapid;
      if (vapid) await sendWebPush(createDb(context.env.DB), vapid, { userIds, notice, options });
    });
  },
});

export type { PushNotice, PushOptions } from "../features/push/send";
