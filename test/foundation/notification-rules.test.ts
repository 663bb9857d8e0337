import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { blocks } from "../../src/db/schema";
import { NOTIFICATION_DEDUPE_MS, recordNotification } from "../../src/features/notifications/record";
import { signUp } from "../helpers";

describe("recordNotification", () => {
  it("applies self, block and 24-hour repeat rules in one statement", async () => {
    const db = createDb(env.DB);
    const [alice, bob, carol] = await Promise.all([signUp("앨리스"), signUp("밥"), signUp("캐럴")]);
    const follow = (actorId: string, recipientId: string, now = Date.now()) =>
      recordNotification(db, { recipientId, actorId, kind: "follow", targetId: actorId }, now);

    expect(await follow(alice.id, alice.id)).toEqual([]);
    const first = await follow(bob.id, alice.id);
    expect(first).toHaveLength(1);
    expect(first[0]?.userId).toBe(alice.id);
    expect(await follow(bob.id, alice.id)).toEqual([]);
    expect(await follow(bob.id, alice.id, Date.now() + NOTIFICATION_DEDUPE_MS + 1000)).toHaveLength(1);

    await db.insert(blocks).values({ blockerId: carol.id, blockedId: alice.id });
    expect(await follow(alice.id, carol.id)).toEqual([]);
    expect(await follow(carol.id, alice.id)).toEqual([]);
  });
});
