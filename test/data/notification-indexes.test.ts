import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

/**
 * The notifications' target indexes are partial (`… IS NOT NULL`, migration 0008): a like or a
 * follow writes no index entry for the targets it does not have. What they are for — the cascade
 * when a post, comment, room or study is deleted, which looks the rows up by `col = ?` — must
 * still read the index, never the whole table.
 */
describe("notification target indexes", () => {
  it.each([
    ["post_id", "notifications_post_idx"],
    ["comment_id", "notifications_comment_idx"],
    ["room_id", "notifications_room_idx"],
    ["study_id", "notifications_study_idx"],
  ])("finds the notifications of one %s through %s", async (column, index) => {
    const { results } = await env.DB.prepare(
      `EXPLAIN QUERY PLAN DELETE FROM notifications WHERE ${column} = ?`,
    )
      .bind("some-id")
      .all<{ detail: string }>();
    const plan = results.map((row) => row.detail);
    expect(plan.some((step) => new RegExp(`USING (COVERING )?INDEX ${index}\\b`).test(step))).toBe(true);
    expect(plan.some((step) => /^SCAN notifications\b/.test(step))).toBe(false);
    const definition = await env.DB.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")
      .bind(index)
      .first<{ sql: string }>();
    expect(definition?.sql).toMatch(new RegExp(`WHERE "notifications"\\."${column}" IS NOT NULL$`));
  });
});
