import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { compiledStatement } from "../../src/db/compiled";
import { users } from "../../src/db/schema";
import { signUp } from "../helpers";

describe("compiledStatement", () => {
  it("builds once, binds each request's values on that request's db, and reads rows as drizzle maps them", async () => {
    const [ana, bo] = await Promise.all([signUp("컴파일A"), signUp("컴파일B")]);
    let builds = 0;
    const nicknameOf = compiledStatement((db) => {
      builds += 1;
      return db
        .select({ id: users.id, nickname: users.nickname, createdAt: users.createdAt })
        .from(users)
        .where(eq(users.id, sql.placeholder("id")));
    });
    const rename = compiledStatement((db) =>
      db
        .update(users)
        .set({ bio: sql`${sql.placeholder("bio")}` })
        .where(eq(users.id, sql.placeholder("id"))),
    );

    for (const user of [ana, bo]) {
      const db = createDb(env.DB);
      const read = nicknameOf(db, { id: user.id });
      const write = rename(db, { id: user.id, bio: `bio of ${user.id}` });
      const [written, rows] = await db.$client.batch([write.statement, read.statement]);
      expect(write.read(written).success).toBe(true);
      expect(read.read(rows)).toEqual(
        await db
          .select({ id: users.id, nickname: users.nickname, createdAt: users.createdAt })
          .from(users)
          .where(eq(users.id, user.id)),
      );
      expect(read.read(rows)[0]?.createdAt).toBeInstanceOf(Date);
    }
    expect(builds).toBe(1);
    const bios = await env.DB.prepare("SELECT bio FROM users WHERE id IN (?, ?) ORDER BY id")
      .bind(ana.id, bo.id)
      .raw<[string]>();
    expect(bios.map(([bio]) => bio).sort()).toEqual([`bio of ${ana.id}`, `bio of ${bo.id}`].sort());
  });

  it("refuses to read a result the batch did not answer", () => {
    const one = compiledStatement((db) => db.select({ id: users.id }).from(users).limit(1));
    expect(() => one(createDb(env.DB), {}).read(undefined)).toThrow(/fewer results/);
  });
});
