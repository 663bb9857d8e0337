import { describe, expect, it } from "vitest";
import { call, errorCode, json, signUp } from "../helpers";
import { count, createStudy, marker, type StudyJson } from "./fixtures";

const tagPath = (id: string, name: string) => `/api/studies/${id}/tags/${encodeURIComponent(name)}`;

describe("PUT/DELETE /api/studies/:id/tags/:name", () => {
  it("adds and removes tags case-insensitively, keeping the first spelling", async () => {
    const leader = await signUp();
    const study = await createStudy(leader.token, { tags: ["React"] });

    const added = await call("PUT", tagPath(study.id, "TypeScript"), { token: leader.token });
    expect(added.status).toBe(200);
    expect((await json<StudyJson>(added)).tags).toEqual(["React", "TypeScript"]);

    const same = await call("PUT", tagPath(study.id, "typescript"), { token: leader.token });
    expect(same.status).toBe(200);
    expect((await json<StudyJson>(same)).tags).toEqual(["React", "TypeScript"]);

    const korean = await call("PUT", tagPath(study.id, "  알고리즘 공부 "), { token: leader.token });
    expect((await json<StudyJson>(korean)).tags).toEqual(["React", "TypeScript", "알고리즘 공부"]);

    const removed = await call("DELETE", tagPath(study.id, "TYPESCRIPT"), { token: leader.token });
    expect(removed.status).toBe(200);
    expect((await json<StudyJson>(removed)).tags).toEqual(["React", "알고리즘 공부"]);
    const absent = await call("DELETE", tagPath(study.id, "없는태그"), { token: leader.token });
    expect(absent.status).toBe(200);
  });

  it("allows at most 10 tags (422) and 1..30 characters (422), storing nothing", async () => {
    const leader = await signUp();
    const study = await createStudy(leader.token, { tags: Array.from({ length: 9 }, (_, i) => `t${i}`) });
    expect((await call("PUT", tagPath(study.id, "t9"), { token: leader.token })).status).toBe(200);
    const eleventh = await call("PUT", tagPath(study.id, "t10"), { token: leader.token });
    expect(eleventh.status).toBe(422);
    expect(await errorCode(eleventh)).toBe("validation_failed");
    // An existing tag is still an idempotent success at the limit.
    expect((await call("PUT", tagPath(study.id, "T9"), { token: leader.token })).status).toBe(200);

    const other = await createStudy(leader.token);
    expect((await call("PUT", tagPath(other.id, "a".repeat(31)), { token: leader.token })).status).toBe(422);
    expect((await call("PUT", tagPath(other.id, "가".repeat(30)), { token: leader.token })).status).toBe(200);
    expect((await call("PUT", tagPath(other.id, "   "), { token: leader.token })).status).toBe(422);
    expect(await count("study_tags WHERE study_id = ?", study.id)).toBe(10);
    expect(await count("study_tags WHERE study_id = ?", other.id)).toBe(1);
  });

  it("is the leader's alone: 401, 403, 404", async () => {
    const [leader, member] = await Promise.all([signUp(), signUp()]);
    const study = await createStudy(leader.token, { tags: ["keep"] });
    await call("PUT", `/api/studies/${study.id}/membership`, { token: member.token });
    for (const method of ["PUT", "DELETE"]) {
      expect((await call(method, tagPath(study.id, "keep"))).status).toBe(401);
      const forbidden = await call(method, tagPath(study.id, "keep"), { token: member.token });
      expect(forbidden.status).toBe(403);
      expect(await errorCode(forbidden)).toBe("forbidden");
      expect((await call(method, tagPath("nope", "keep"), { token: leader.token })).status).toBe(404);
    }
    expect((await json<StudyJson>(await call("GET", `/api/studies/${study.id}`))).tags).toEqual(["keep"]);
  });

  it("two concurrent adds at 9 tags make 10, never 11", async () => {
    const leader = await signUp();
    const study = await createStudy(leader.token, { tags: Array.from({ length: 9 }, (_, i) => `t${i}`) });
    const tag = marker("x");
    const responses = await Promise.all([
      call("PUT", tagPath(study.id, `${tag}a`), { token: leader.token }),
      call("PUT", tagPath(study.id, `${tag}b`), { token: leader.token }),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(await count("study_tags WHERE study_id = ?", study.id)).toBe(10);
  });
});
