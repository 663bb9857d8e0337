import { isForeignKeyViolation } from "../../shared/constraint-errors";

/**
 * A write whose target vanished between the read that checked it and the batch (a post deleted,
 * a parent comment removed, an account closed) inserts nothing, and the notification that follows
 * it in the batch then fails its foreign key, rolling the whole batch back. That is the same
 * outcome as the check, so it gets the same answer instead of a 500.
 */
export const whenTargetGone = async <T>(write: Promise<T>, gone: () => Error): Promise<T> => {
  try {
    return await write;
  } catch (error) {
    if (isForeignKeyViolation(error)) throw gone();
    throw error;
  }
};
