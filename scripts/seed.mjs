#!/usr/bin/env node
// Seeds the LOCAL D1 and R2 with a living demo community, once (it does nothing when users exist).
// Usage: node scripts/seed.mjs [--persist-to <dir>] [--force]
// Everyone's password is the demo password; log in as demo@orgo.dev.
import { execFileSync } from "node:child_process";
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { DEMO_EMAIL, DEMO_PASSWORD } from "./demo-account.mjs";

const args = process.argv.slice(2);
const persistIndex = args.indexOf("--persist-to");
const persist = persistIndex >= 0 ? ["--persist-to", args[persistIndex + 1]] : [];
const force = args.includes("--force");

const wrangler = (...wranglerArgs) =>
  execFileSync("npx", ["wrangler", ...wranglerArgs], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const userCount = () => {
  const output = wrangler(
    "d1",
    "execute",
    "orgo",
    "--local",
    ...persist,
    "--json",
    "--command",
    "SELECT count(*) AS n FROM users",
  );
  return JSON.parse(output)[0].results[0].n;
};

if (!force && userCount() > 0) {
  console.log("Seed: the local database already has users; nothing to do (use --force to add more).");
  process.exit(0);
}

// ── Helpers ───────────────────────────────────────────────────────────────────────────────

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
const newId = () => [...randomBytes(20)].map((byte) => alphabet[byte % 36]).join("");
const b64url = (buffer) => buffer.toString("base64url");
// Same format and cost as src/auth/password.ts.
const hashPassword = (password) => {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, 100_000, 32, "sha256");
  return `pbkdf2-sha256$100000$${b64url(salt)}$${b64url(hash)}`;
};
const quote = (value) =>
  value === null || value === undefined
    ? "NULL"
    : typeof value === "number"
      ? String(value)
      : `'${String(value).replaceAll("'", "''")}'`;
const insert = (table, row) =>
  `INSERT INTO ${table} (${Object.keys(row).join(", ")}) VALUES (${Object.values(row).map(quote).join(", ")});`;

const now = Date.now();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const seoulDate = (offsetDays) => new Date(now + 9 * HOUR + offsetDays * DAY).toISOString().slice(0, 10);

/** A small gradient PNG (no dependencies): width×height RGB, one zlib stream. */
const png = (width, height, [r1, g1, b1], [r2, g2, b2]) => {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buffer) => {
    let c = 0xffffffff;
    for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(typed));
    return Buffer.concat([length, typed, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const t = (x + y) / (width + height);
      const offset = y * (width * 3 + 1) + 1 + x * 3;
      raw[offset] = Math.round(r1 + (r2 - r1) * t);
      raw[offset + 1] = Math.round(g1 + (g2 - g1) * t);
      raw[offset + 2] = Math.round(b1 + (b2 - b1) * t);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
};

// ── The community ─────────────────────────────────────────────────────────────────────────

const people = [
  ["demo@orgo.dev", "데모학습자", "OrGo 데모 계정입니다. 자유롭게 둘러보세요!"],
  ["minji@orgo.dev", "김민지", "프론트엔드 부트캠프 3기. React와 TypeScript를 공부하고 있어요."],
  ["junho@orgo.dev", "이준호", "백엔드 개발자 지망생. Node.js, SQL, 그리고 커피 ☕"],
  ["seoyeon@orgo.dev", "박서연", "알고리즘 스터디장. 매일 한 문제씩!"],
  ["dohyun@orgo.dev", "최도현", "Python으로 데이터 분석을 배우는 중입니다."],
  ["yuna@orgo.dev", "정유나", "디자이너에서 개발자로 전향 중 🎨 → 💻"],
  ["hyunwoo@orgo.dev", "강현우", "CS 기초부터 탄탄하게. 운영체제 책 읽는 중"],
  ["jiwon@orgo.dev", "윤지원", "Go와 클라우드에 관심이 많아요."],
  ["sumin@orgo.dev", "임수민", "웹 접근성과 좋은 UI를 고민합니다."],
  ["taeyang@orgo.dev", "한태양", "Rust 입문자. 컴파일러와 친해지는 중"],
  ["haeun@orgo.dev", "오하은", "주니어 개발자 취업 준비 중! 같이 공부해요"],
  ["eunseo@orgo.dev", "신은서", "모바일 앱 개발을 배우고 있어요 (Flutter)"],
];

const statements = [];
const users = people.map(([email, nickname, bio], index) => {
  const user = {
    id: newId(),
    email,
    nickname,
    // Demo people's handles are their demo mailbox names (@demo, @minji, …).
    handle: email.split("@")[0],
    bio,
    created_at: now - (30 - index) * DAY,
    updated_at: now - (30 - index) * DAY,
    // The demo community's addresses count as verified (no banner on the demo login).
    email_verified_at: now - (30 - index) * DAY,
  };
  statements.push(insert("users", user));
  statements.push(
    insert("password_credentials", {
      user_id: user.id,
      hash: hashPassword(DEMO_PASSWORD),
      updated_at: user.created_at,
    }),
  );
  return user;
});

const follows = new Set();
const follow = (a, b) => {
  if (a === b || follows.has(`${a.id}:${b.id}`)) return;
  follows.add(`${a.id}:${b.id}`);
  statements.push(insert("follows", { follower_id: a.id, followee_id: b.id, created_at: now - 20 * DAY }));
};
for (const [index, user] of users.entries()) {
  for (const step of [1, 2, 5]) follow(user, users[(index + step) % users.length]);
}
for (const other of users.slice(1, 7)) follow(other, users[0]);

const postTexts = [
  [
    "TypeScript 제네릭, 드디어 이해했어요",
    "제네릭은 타입을 매개변수로 받는 함수라고 생각하면 쉬워요. `function first<T>(items: T[]): T`처럼요. 오늘 배운 내용을 정리해 봅니다.\n\n```ts\nfunction first<T>(items: T[]): T | undefined {\n  return items[0];\n}\n\nconst n = first([1, 2, 3]); // number | undefined\n```\n\n같이 공부한 @junho 님 고마워요!",
  ],
  [
    "SQL JOIN 정리 (INNER, LEFT, 그리고 실수했던 부분)",
    "LEFT JOIN 뒤의 WHERE 조건이 결과를 INNER JOIN처럼 바꿔버리는 실수를 했어요. 조건은 ON 절에 넣어야 했습니다.",
  ],
  [
    "알고리즘 스터디원 모집합니다",
    "매주 화/목 저녁 9시에 온라인으로 백준 문제를 풀어요. 초보도 환영! 스터디원 모집 중입니다.",
  ],
  [
    "React 상태 관리, 언제 전역으로 올릴까?",
    "props drilling이 세 단계를 넘으면 context를 고민해요. 하지만 대부분은 컴포넌트를 나누는 게 먼저였어요.",
  ],
  [
    "Git rebase가 무서웠던 이유",
    "rebase는 커밋을 새로 쓰는 거라 이미 push한 브랜치에서는 조심해야 해요. interactive rebase로 커밋 정리하는 법을 배웠습니다.",
  ],
  [
    "Python 리스트 컴프리헨션 꿀팁",
    "[x * 2 for x in items if x > 0] 처럼 조건과 변환을 한 줄로! 너무 길어지면 그냥 for문이 더 읽기 좋아요.",
  ],
  [
    "HTTP 캐시 헤더 공부 기록",
    "Cache-Control: immutable은 파일 이름에 해시가 있을 때만 쓰세요. ETag와 304 응답도 같이 정리했어요.",
  ],
  [
    "첫 오픈소스 PR이 머지됐어요 🎉",
    "문서 오타 수정이었지만 정말 기뻤어요. 기여 가이드를 꼼꼼히 읽는 게 중요하더라고요.",
  ],
  [
    "운영체제: 프로세스 vs 스레드",
    "프로세스는 메모리를 따로 쓰고, 스레드는 공유해요. 그래서 스레드는 동기화가 필요합니다.",
  ],
  [
    "CSS Grid로 레이아웃 잡기",
    "grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)) 한 줄로 반응형 카드 레이아웃 완성!",
  ],
  ["Rust 소유권 첫인상", "빌림 검사기가 처음엔 적 같았는데, 버그를 컴파일 때 잡아주는 친구였어요."],
  [
    "웹 접근성 체크리스트",
    "버튼에는 레이블, 이미지에는 alt, 키보드로 모든 기능 사용 가능하게. 스크린 리더로 직접 써보는 게 최고예요.",
  ],
  ["면접 준비: 자료구조 복습", "스택, 큐, 해시맵, 트리. 각각 언제 쓰는지 예시와 함께 설명할 수 있어야 해요."],
  ["Go 고루틴과 채널", "채널은 고루틴 사이의 파이프예요. select 문으로 여러 채널을 기다릴 수 있어요."],
  ["Flutter 위젯 트리 이해하기", "모든 것이 위젯! StatelessWidget과 StatefulWidget의 차이를 정리했어요."],
  [
    "오늘의 TIL: 정규표현식",
    "^와 $는 문자열의 시작과 끝, \\d는 숫자. 작은 예제로 하나씩 테스트해보는 게 좋아요.",
  ],
  [
    "Docker 없이 로컬 개발 환경 만들기",
    "가벼운 프로젝트는 SQLite와 로컬 서버로 충분해요. 필요할 때 도구를 더하세요.",
  ],
  ["코드 리뷰 받을 때 마음가짐", "코드는 내가 아니다. 리뷰는 코드를 향한 것이지 나를 향한 게 아니에요."],
];

const colors = [
  [
    [255, 154, 158],
    [250, 208, 196],
  ],
  [
    [161, 196, 253],
    [194, 233, 251],
  ],
  [
    [132, 250, 176],
    [143, 211, 244],
  ],
  [
    [246, 211, 101],
    [253, 160, 133],
  ],
  [
    [212, 252, 121],
    [150, 230, 161],
  ],
];
mkdirSync(".wrangler/seed", { recursive: true });
const objects = [];

const posts = postTexts.map(([title, body], index) => {
  const author = users[index % users.length];
  const createdAt = now - (postTexts.length - index) * 9 * HOUR;
  const post = {
    id: newId(),
    author_id: author.id,
    title,
    body,
    like_count: 0,
    comment_count: 0,
    view_count: 3 + ((index * 7) % 40),
    created_at: createdAt,
    updated_at: createdAt,
  };
  if (index % 4 === 0) {
    const imageCount = index % 8 === 0 ? 2 : 1;
    post.images = Array.from({ length: imageCount }, (_, position) => {
      const [from, to] = colors[(index + position) % colors.length];
      const bytes = png(480, 320, from, to);
      const key = `img/seed${newId()}`;
      const file = `.wrangler/seed/${key.replace("/", "-")}.png`;
      writeFileSync(file, bytes);
      objects.push({ key, file });
      return {
        id: newId(),
        key,
        owner_id: author.id,
        post_id: post.id,
        position,
        content_type: "image/png",
        size: bytes.length,
        width: 480,
        height: 320,
        alt: `${title} 그림 ${position + 1}`,
        created_at: createdAt,
      };
    });
  }
  return post;
});

const likes = [];
for (const [index, post] of posts.entries()) {
  for (const [offset, user] of users.entries()) {
    if ((index + offset) % 3 === 0 && user.id !== post.author_id) {
      likes.push({ post_id: post.id, user_id: user.id, created_at: post.created_at + HOUR });
      post.like_count++;
    }
  }
}

const commentLines = [
  "좋은 정리 감사합니다!",
  "저도 같은 부분에서 헤맸어요 😂",
  "이 부분 더 자세히 알려주실 수 있나요?",
  "북마크해 둘게요.",
  "스터디에서 같이 이야기해봐요!",
];
const comments = [];
for (const [index, post] of posts.entries()) {
  const count = index % 3;
  for (let n = 0; n < count; n++) {
    const author = users[(index + n + 3) % users.length];
    const comment = {
      id: newId(),
      post_id: post.id,
      parent_id: null,
      author_id: author.id,
      body: commentLines[(index + n) % commentLines.length],
      created_at: post.created_at + (n + 1) * HOUR,
      updated_at: post.created_at + (n + 1) * HOUR,
    };
    comments.push(comment);
    post.comment_count++;
    if (n === 0) {
      const replier = users.find((user) => user.id === post.author_id);
      comments.push({
        id: newId(),
        post_id: post.id,
        parent_id: comment.id,
        author_id: replier.id,
        body: "댓글 고마워요! 🙌",
        created_at: comment.created_at + HOUR,
        updated_at: comment.created_at + HOUR,
      });
      post.comment_count++;
    }
  }
}

for (const post of posts) {
  const { images, ...row } = post;
  statements.push(insert("posts", row));
  for (const image of images ?? []) statements.push(insert("images", image));
}
for (const like of likes) statements.push(insert("likes", like));
for (const comment of comments) statements.push(insert("comments", comment));

const studyPlans = [
  [
    3,
    "알고리즘 스터디: 백준 골드 달성",
    "매주 화/목 저녁 9시, 온라인으로 문제를 풀고 풀이를 공유해요.",
    "online",
    null,
    -7,
    60,
    8,
    ["알고리즘", "Python", "백준"],
  ],
  [
    1,
    "React + TypeScript 프로젝트 스터디",
    "작은 토이 프로젝트를 함께 만들며 React와 TypeScript를 익혀요.",
    "online",
    null,
    -3,
    45,
    5,
    ["React", "TypeScript", "프론트엔드"],
  ],
  [
    2,
    "SQL 첫걸음 (강남역 오프라인)",
    "토요일 오후 2시 강남역 근처 카페에서 SQL 기초를 함께 공부해요.",
    "offline",
    "서울 강남역",
    2,
    30,
    6,
    ["SQL", "데이터베이스"],
  ],
  [
    6,
    "CS 기초: 운영체제 책 읽기",
    "공룡책을 한 주에 한 장씩 읽고 정리해요. 지난 기수 모임입니다.",
    "online",
    null,
    -60,
    -10,
    6,
    ["CS", "운영체제"],
  ],
  [9, "Rust 입문 스터디", "The Rust Book을 함께 읽어요. 정원이 찼어요!", "online", null, -1, 40, 2, ["Rust"]],
];
for (const [
  leaderIndex,
  title,
  description,
  mode,
  location,
  startOffset,
  endOffset,
  maxMembers,
  tags,
] of studyPlans) {
  const leader = users[leaderIndex];
  const study = {
    id: newId(),
    leader_id: leader.id,
    title,
    description,
    mode,
    location,
    start_date: seoulDate(startOffset),
    end_date: seoulDate(endOffset),
    max_members: maxMembers,
    member_count: 0,
    created_at: now - (20 + startOffset) * HOUR,
    updated_at: now - (20 + startOffset) * HOUR,
  };
  const members = [
    leader,
    ...users
      .filter((user) => user !== leader)
      .slice(leaderIndex % 3, (leaderIndex % 3) + Math.min(maxMembers - 1, 3)),
  ];
  study.member_count = members.length;
  statements.push(insert("studies", study));
  for (const tag of tags)
    statements.push(insert("study_tags", { study_id: study.id, name: tag, name_key: tag.toLowerCase() }));
  const roomId = newId();
  statements.push(
    insert("chat_rooms", {
      id: roomId,
      kind: "study",
      study_id: study.id,
      direct_key: null,
      last_seq: 0,
      last_message: null,
      created_at: study.created_at,
      updated_at: study.created_at,
    }),
  );
  for (const member of members) {
    statements.push(
      insert("study_members", { study_id: study.id, user_id: member.id, joined_at: study.created_at }),
    );
    statements.push(
      insert("room_members", {
        room_id: roomId,
        user_id: member.id,
        last_read_seq: 0,
        joined_at: study.created_at,
      }),
    );
  }
}

// A few notifications so the demo account's bell is not empty.
for (const [index, post] of posts.entries()) {
  if (post.author_id !== users[0].id) continue;
  const liker = likes.find((like) => like.post_id === post.id);
  if (liker)
    statements.push(
      insert("notifications", {
        id: newId(),
        user_id: users[0].id,
        actor_id: liker.user_id,
        kind: "like",
        target_id: post.id,
        post_id: post.id,
        created_at: now - index * HOUR,
      }),
    );
}
for (const other of users.slice(1, 4)) {
  statements.push(
    insert("notifications", {
      id: newId(),
      user_id: users[0].id,
      actor_id: other.id,
      kind: "follow",
      target_id: other.id,
      created_at: now - 2 * DAY,
    }),
  );
}

writeFileSync(".wrangler/seed/seed.sql", `${statements.join("\n")}\n`);
wrangler("d1", "execute", "orgo", "--local", ...persist, "--file", ".wrangler/seed/seed.sql");
for (const object of objects) {
  wrangler(
    "r2",
    "object",
    "put",
    `orgo-images/${object.key}`,
    "--local",
    ...persist,
    "--file",
    object.file,
    "--content-type",
    "image/png",
  );
}
console.log(
  `Seed: ${users.length} users, ${posts.length} posts (${objects.length} images), ${comments.length} comments, ${likes.length} likes, ${follows.size} follows, ${studyPlans.length} studies.`,
);
console.log(`Demo login: ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
