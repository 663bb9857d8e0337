/**
 * The one way to recognise a SQLite constraint failure from D1. D1 reports them only as message
 * text (`D1_ERROR: UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT`), sometimes wrapped
 * in the `cause` of drizzle's own error, so the whole cause chain is read.
 */
const violates = (error: unknown, kind: "UNIQUE" | "FOREIGN KEY"): boolean => {
  const pattern = new RegExp(`${kind} constraint failed`, "i");
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (pattern.test(cause.message)) return true;
  }
  return false;
};

/** A unique index refused the row (a race lost to a parallel insert of the same key). */
export const isUniqueViolation = (error: unknown) => violates(error, "UNIQUE");

/** A foreign key refused the row (its target was deleted meanwhile). */
export const isForeignKeyViolation = (error: unknown) => violates(error, "FOREIGN KEY");

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
