import { deleteObjects } from "../features/images/storage";
import { type EffectContext, runLater } from "./run";

export interface ObjectEffects {
  /** Deletes R2 objects no committed row points at any more (empty keys are skipped). */
  deleteObjects: (keys: (string | null | undefined)[]) => void;
}

export const objectEffects = (context: EffectContext): ObjectEffects => ({
  deleteObjects: (keys) => {
    if (keys.some(Boolean)) runLater(context, "R2 delete", () => deleteObjects(context.env.IMAGES, keys));
  },
});
