import { copyProviderAvatar } from "../auth/oauth/avatar";
import { createDb } from "../db/client";
import { type EffectContext, runLater } from "./run";

export interface AvatarEffects {
  /** Copies a new social account's provider avatar into R2; never holds up the login. */
  importAvatar: (avatar: { userId: string; sourceUrl: string }) => void;
}

export const avatarEffects = (context: EffectContext): AvatarEffects => ({
  importAvatar: ({ userId, sourceUrl }) =>
    runLater(context, "avatar import", () =>
      copyProviderAvatar(createDb(context.env.DB), context.env.IMAGES, userId, sourceUrl),
    ),
});
