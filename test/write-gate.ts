import { env } from "cloudflare:test";
import { writeGate } from "../src/auth/write-gate";
import { createDb } from "../src/db/client";
import { readConfig } from "../src/lib/config";

/**
 * The real write admission for one of the user's sessions (a signed-up user has one), for a test
 * that calls a write's domain function directly instead of through its route.
 */
export const gateOf = async (user: { id: string }) => {
  const session = await env.DB.prepare("SELECT id FROM sessions WHERE user_id = ? LIMIT 1")
    .bind(user.id)
    .first<{ id: string }>();
  if (!session) throw new Error(`no session for ${user.id}`);
  return writeGate(
    createDb(env.DB),
    { userId: user.id, sessionId: session.id },
    readConfig(env).rateLimits.writesPerUser,
  );
};
