import { describe, expect, it } from "vitest";
import { call, json, signUp, type TestUser, uniqueEmail } from "../helpers";
import { openInbox, openRoomSocket, say } from "../realtime/support";
import { createPost, type PostJson } from "./support";

interface NotificationJson {
  kind: string;
  actor: { id: string };
  target: Record<string, unknown>;
}

/** A user with a handle of their own (the handle is what mentions name). */
const person = async (stem: string) => {
  const handle = `${stem}_${Math.random().toString(36).slice(2, 8)}`;
  const response = await call("POST", "/api/auth/signup", {
    body: { email: uniqueEmail(), password: "correct horse battery", nickname: stem, handle },
  });
  expect(response.status).toBe(201);
  const data = await json<{ user: { id: string }; accessToken: string }>(response);
  return { id: data.user.id, token: data.accessToken, handle };
};
type Person = Awaited<ReturnType<typeof person>>;

const mentionsOf = async (user: Person | TestUser) => {
  const response = await call("GET", "/api/notifications?limit=50", { token: user.token });
  expect(response.status).toBe(200);
  const page = await json<{ items: NotificationJson[] }>(response);
  return page.items.filter((item) => item.kind === "mention");
};

describe("Markdown bodies", () => {
  it("stores and returns the body verbatim; the excerpt is plain text", async () => {
    const author = await signUp("작성자");
    const body = [
      "# 제목 **굵게** ~~취소~~",
      "",
      "<img src=x onerror=alert(1)> [링크](javascript:alert(1)) <script>x</script>",
      "",
      "```ts",
      "const first = <T,>(xs: T[]) => xs[0];",
      "```",
      "",
      "- [x] 할 일 `code`",
      "",
      "| a | b |",
      "|---|---|",
      "| 1 | 2 |",
    ].join("\n");
    const post = await createPost(author, { body });
    expect(post.body).toBe(body);
    const read = await json<PostJson>(await call("GET", `/api/posts/${post.id}`));
    expect(read.body).toBe(body);
    expect(read.excerpt).toBe(
      "제목 굵게 취소 <img src=x onerror=alert(1)> 링크 <script>x</script> const first = <T,>(xs: T[]) => xs[0]; 할 일 code a b 1 2",
    );
    expect(read.excerpt).not.toMatch(/[#*~`|]|\]\(/);
  });

  it("cuts a long excerpt at 200 characters of plain text", async () => {
    const author = await signUp("긴글");
    const post = await createPost(author, { body: `**${"가".repeat(300)}**` });
    expect(post.excerpt).toBe(`${"가".repeat(200)}…`);
  });
});

describe("hostile Markdown", () => {
  it("takes 10,000 characters of nested quotes or list markers (with a mention) without failing", async () => {
    const [author, named] = await Promise.all([person("deep"), person("deepnamed")]);
    const asUser = { ...author, email: "", password: "", nickname: "", cookie: "" };
    for (const marker of ["> ", "- ", "1. "]) {
      const body = `${marker.repeat(Math.floor(9900 / marker.length))}@${named.handle}`.slice(0, 10_000);
      const post = await createPost(asUser, { body });
      expect(post.body).toBe(body);
      expect(post.excerpt.length).toBeLessThanOrEqual(201);
    }
  });
});

describe("@mentions", () => {
  it("notifies each named user once: never the author, nobody across a block, not from code", async () => {
    const [author, b, c, blocker, coder] = await Promise.all([
      person("auth"),
      person("bee"),
      person("cee"),
      person("blk"),
      person("cod"),
    ]);
    await call("PUT", `/api/users/${author.id}/block`, { token: blocker.token });
    const body = [
      `Hi @${b.handle} and @${c.handle.toUpperCase()}, again @${b.handle}; me @${author.handle}`,
      `@${blocker.handle} mail me: x@${c.handle}.com`,
      `\`@${coder.handle}\``,
      "```java",
      `@${coder.handle}`,
      "```",
    ].join("\n");
    const post = await createPost({ ...author, email: "", password: "", nickname: "", cookie: "" }, { body });
    for (const user of [b, c]) {
      const mentions = await mentionsOf(user);
      expect(mentions).toHaveLength(1);
      expect(mentions[0]).toMatchObject({ actor: { id: author.id }, target: { type: "post", id: post.id } });
    }
    for (const user of [author, blocker, coder]) expect(await mentionsOf(user)).toEqual([]);
  });

  it("an edit notifies only the people it newly names", async () => {
    const [author, b, c] = await Promise.all([person("edt"), person("old"), person("new")]);
    const asUser = { ...author, email: "", password: "", nickname: "", cookie: "" };
    const post = await createPost(asUser, { body: `hello @${b.handle}` });
    const edited = await call("PATCH", `/api/posts/${post.id}`, {
      token: author.token,
      body: { body: `hello @${b.handle} and @${c.handle}` },
    });
    expect(edited.status).toBe(200);
    expect(await mentionsOf(b)).toHaveLength(1);
    expect(await mentionsOf(c)).toHaveLength(1);
  });

  it("comments mention too (target with commentId); an edited comment adds only new names", async () => {
    const [author, commenter, b, c] = await Promise.all([
      person("pst"),
      person("cmt"),
      person("cmb"),
      person("cmc"),
    ]);
    const post = await createPost({ ...author, email: "", password: "", nickname: "", cookie: "" });
    const created = await call("POST", `/api/posts/${post.id}/comments`, {
      token: commenter.token,
      body: { body: `@${b.handle} 봐 주세요` },
    });
    expect(created.status).toBe(201);
    const comment = await json<{ id: string }>(created);
    expect((await mentionsOf(b))[0]).toMatchObject({
      target: { type: "post", id: post.id, commentId: comment.id },
    });
    const edited = await call("PATCH", `/api/comments/${comment.id}`, {
      token: commenter.token,
      body: { body: `@${b.handle} @${c.handle} 봐 주세요` },
    });
    expect(edited.status).toBe(200);
    expect(await mentionsOf(b)).toHaveLength(1);
    expect(await mentionsOf(c)).toHaveLength(1);
  });

  it("notifies at most 10 people per item", async () => {
    const author = await person("many");
    const named = await Promise.all(Array.from({ length: 12 }, (_, i) => person(`m${i}`)));
    await createPost(
      { ...author, email: "", password: "", nickname: "", cookie: "" },
      { body: named.map((user) => `@${user.handle}`).join(" ") },
    );
    const notified = await Promise.all(named.map(async (user) => (await mentionsOf(user)).length));
    expect(notified).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
  });

  it("a study room message mentions members live, after the broadcast; non-members and code are not", async () => {
    const [leader, member, outsider] = await Promise.all([person("lead"), person("mem"), person("out")]);
    const study = await json<{ id: string }>(
      await call("POST", "/api/studies", {
        token: leader.token,
        body: {
          title: "멘션 스터디",
          mode: "online",
          startDate: "2026-12-01",
          endDate: "2027-06-30",
          maxMembers: 5,
        },
      }),
    );
    expect((await call("PUT", `/api/studies/${study.id}/membership`, { token: member.token })).status).toBe(
      200,
    );
    const rooms = await json<{ items: { id: string; studyId: string | null }[] }>(
      await call("GET", "/api/chat/rooms", { token: leader.token }),
    );
    const room = rooms.items.find((item) => item.studyId === study.id);
    if (!room) throw new Error("no study room");
    const asUser = (p: Person) => ({ ...p, email: "", password: "", nickname: "", cookie: "" });
    const inbox = await openInbox(asUser(member));
    await inbox.nextOf("ready");
    const socket = await openRoomSocket(asUser(leader), room.id);
    await socket.nextOf("ready");
    await say(socket, "no mention here");
    const message = await say(
      socket,
      `@${member.handle} 오늘 \`@${outsider.handle}\` 코드 봐요 @${outsider.handle}`,
    );
    const frame = await inbox.next((f) => f.type === "notification");
    expect(frame.notification).toMatchObject({
      kind: "mention",
      actor: { id: leader.id },
      target: { type: "room", id: room.id, seq: message.seq },
    });
    // Editing the message without naming anyone new notifies nobody again.
    socket.send({ type: "edit", id: message.id, body: `@${member.handle} 수정` });
    await socket.next((f) => f.type === "updated");
    const third = await say(socket, `@${member.handle} 다시`);
    const again = await inbox.next((f) => f.type === "notification");
    expect(again.notification.target).toMatchObject({ seq: third.seq });
    expect(await mentionsOf(member)).toHaveLength(2);
    expect(await mentionsOf(outsider)).toEqual([]);
    socket.close();
    inbox.close();
  });
});
