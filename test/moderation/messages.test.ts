/**
 * Chat messages: reported only by a member of their room, with the few around them; hidden ones
 * read as deleted to the whole room, live and in history, and come back on undo (issue 13).
 */
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers";
import { historyOf, openRoomSocket, pairWithRoom, say } from "../realtime/support";
import { cast, expectError, report, resolve, signUpAs } from "./support";

describe("reporting and hiding a chat message", () => {
  it("only a member reports it; the queue shows its context; a hide reads as deleted live and in history; undo restores", async () => {
    const { moderator } = await cast();
    const { a, b, room } = await pairWithRoom();
    const sa = await openRoomSocket(a, room.id);
    const sb = await openRoomSocket(b, room.id);
    await sa.nextOf("ready");
    await sb.nextOf("ready");
    await say(sa, "첫 말");
    const bad = await say(sb, "나쁜 말");
    await say(sa, "셋째 말");

    const outsider = await signUpAs("member", "외부인");
    await expectError(
      await call("POST", "/api/reports", {
        token: outsider.token,
        body: { target: { type: "message", id: bad.id, roomId: room.id }, reason: "harassment" },
      }),
      403,
      "forbidden",
    );
    await expectError(
      await call("POST", "/api/reports", {
        token: a.token,
        body: { target: { type: "message", id: "no-such-message", roomId: room.id }, reason: "harassment" },
      }),
      404,
      "not_found",
    );
    const filed = await report(
      a,
      { type: "message", id: bad.id, roomId: room.id },
      "harassment",
      "계속 이래요",
    );
    expect(filed.target).toMatchObject({ type: "message", id: bad.id, roomId: room.id, preview: "나쁜 말" });
    expect(filed.target.author?.id).toBe(b.id);
    expect(filed.target.context?.map((m) => m.body)).toEqual(["첫 말", "나쁜 말", "셋째 말"]);
    // A repeat is the same open report (200), not a second one.
    const again = await call("POST", "/api/reports", {
      token: a.token,
      body: { target: { type: "message", id: bad.id, roomId: room.id }, reason: "spam" },
    });
    expect(again.status).toBe(200);
    expect((await json<{ id: string }>(again)).id).toBe(filed.id);

    expect((await resolve(moderator, filed.id, { action: "hide" })).status).toBe(200);
    for (const socket of [sa, sb]) {
      const updated = await socket.next((f) => f.type === "updated" && f.message.id === bad.id);
      expect(updated.message).toMatchObject({ deleted: true, body: "" });
    }
    for (const member of [a, b]) {
      const history = await historyOf(member, room.id);
      expect(history.items.map((m) => [m.body, m.deleted])).toEqual([
        ["첫 말", false],
        ["", true],
        ["셋째 말", false],
      ]);
    }
    // The sender cannot edit it back.
    sb.send({ type: "edit", id: bad.id, body: "고침" });
    expect((await sb.nextOf("error")).code).toBe("not_found");

    expect(
      (
        await call("POST", "/api/moderation/unhide", {
          token: moderator.token,
          body: { target: { type: "message", id: bad.id, roomId: room.id } },
        })
      ).status,
    ).toBe(204);
    const restored = await sa.next((f) => f.type === "updated" && f.message.id === bad.id);
    expect(restored.message).toMatchObject({ deleted: false, body: "나쁜 말" });
    expect((await historyOf(a, room.id)).items.map((m) => m.body)).toEqual(["첫 말", "나쁜 말", "셋째 말"]);
    sa.close();
    sb.close();
  });

  it("one open report per reporter and target; 20 reports an hour; no reporting yourself", async () => {
    const reporter = await signUpAs("member", "신고자");
    const authors = await Promise.all(Array.from({ length: 21 }, (_, i) => signUpAs("member", `작성자${i}`)));
    for (const [index, author] of authors.entries()) {
      const response = await call("POST", "/api/reports", {
        token: reporter.token,
        body: { target: { type: "user", id: author.id }, reason: "spam" },
      });
      expect(response.status, `report ${index + 1}`).toBe(index < 20 ? 201 : 429);
    }
    await expectError(
      await call("POST", "/api/reports", {
        token: authors[0]?.token,
        body: { target: { type: "user", id: authors[0]?.id }, reason: "spam" },
      }),
      422,
      "validation_failed",
    );
  });
});
