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
