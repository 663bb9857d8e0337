import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type * as z from "zod";
import { validationFailed } from "./errors";

/**
 * zod validation for a request part; a failure becomes 422 `validation_failed` with one
 * `{path, message}` per issue, thrown so the app's error handler renders it like every other error.
 */
export const validate = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) =>
  zValidator(target, schema, (result) => {
    if (!result.success) {
      const details = result.error.issues.map((issue) => ({
        path: issue.path.map(String).join("."),
        message: issue.message,
      }));
      throw validationFailed("입력값을 확인해 주세요.", details);
    }
  });
