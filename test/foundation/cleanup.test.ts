import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { runScheduledCleanup } from "../../src/jobs/cleanup";
import { signUp } from "../helpers";

const count = async (sql: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...params)
      .first<{ n: number }>()
  )?.n ?? 0;

describe("the hourly clean-up", () => {
  it("drops expired rate-limit windows and view rows of past hours, keeping current ones", async () => {
    const user = await signUp();
    const now = Date.now();
    const hour = Math.floor(now / 3_600_000);
    const postId = `cleanup-${now}`;
    await env.DB.batch([
      env.DB.prepare("INSERT INTO posts (id, author_id, title, body) VALUES (?, ?, 't', 'b')").bind(
        postId,
        user.id,
      ),
      env.DB.prepare("INSERT INTO post_views (post_id, viewer_key, hour) VALUES (?, 'old', ?)").bind(
        postId,
        hour - 2,
      ),
      env.DB.prepare("INSERT INTO post_views (post_id, viewer_key, hour) VALUES (?, 'now', ?)").bind(
        postId,
        hour,
      ),
      env.DB.prepare(
        "INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (?, 0, 1, ?)",
      ).bind(`old-${now}`, now - 1000),
      env.DB.prepare(
        "INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (?, 0, 1, ?)",
      ).bind(`live-${now}`, now + 60_000),
    ]);

    await runScheduledCleanup(createDb(env.DB), env.IMAGES, now);

    expect(await count("SELECT count(*) AS n FROM post_views WHERE post_id = ?", postId)).toBe(1);
    expect(await count("SELECT count(*) AS n FROM rate_limits WHERE key = ?", `old-${now}`)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM rate_limits WHERE key = ?", `live-${now}`)).toBe(1);
  });
});
