import type { WriteGate } from "../auth/write-gate";
import type { Db } from "../db/client";
import type { Effects } from "../effects";
import type { Env } from "../env";
import type { AppConfig } from "./config";

/** What every request handler can read from `c.var`. */
export interface AppVariables {
  db: Db;
  config: AppConfig;
  /** Set by `requireAuth` / `optionalAuth`. */
  userId: string | null;
  /** The caller's session (from the access token), for "revoke my other sessions". */
  sessionId: string | null;
  requestId: string;
  /** Set by `requireAuthInBatch`: the write's admission, for the handler's own batch. */
  writeGate: WriteGate | null;
  /** After-commit work (pushes, room purges, R2 deletes): see src/effects/index.ts. */
  effects: Effects;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
