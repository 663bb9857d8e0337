import type { Db } from "../db/client";
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
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
