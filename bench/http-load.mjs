// Closed-loop HTTP load for the request suites (feed, post): `connections` clients each send the
// next request as soon as the last one answered, for `seconds`; OrGo and the bare reference are
// measured in alternating blocks so drifts of the machine's load hit both alike.
import { percentile } from "./lib.mjs";

/** Requests per second and latency percentiles of GET `url` under `connections` closed loops. */
export const closedLoop = async (url, { connections, seconds, headers = {} }) => {
  const times = [];
  const until = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < until) {
      const began = performance.now();
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
      times.push(performance.now() - began);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: connections }, client));
  return { count: times.length, seconds: (performance.now() - began) / 1000, times };
};

/**
 * Alternates `blocks` runs of OrGo and the reference at each connection count and reports req/s,
 * p50 and p99 of both, pooled over the blocks.
 */
export const compareRoutes = async (
  ctx,
  { label, orgoUrl, bareUrl, orgoHeaders, levels, seconds, blocks },
) => {
  for (const connections of levels) {
    const pooled = { orgo: { count: 0, seconds: 0, times: [] }, bare: { count: 0, seconds: 0, times: [] } };
    // Warm both isolates and SQLite's page cache.
    await closedLoop(orgoUrl, { connections, seconds: 1, headers: orgoHeaders });
    await closedLoop(bareUrl, { connections, seconds: 1 });
    for (let block = 0; block < blocks; block++) {
      for (const [which, url, headers] of [
        ["orgo", orgoUrl, orgoHeaders],
        ["bare", bareUrl, {}],
      ]) {
        const run = await closedLoop(url, { connections, seconds, headers });
        pooled[which].count += run.count;
        pooled[which].seconds += run.seconds;
        pooled[which].times.push(...run.times);
      }
    }
    const rate = (which) => pooled[which].count / pooled[which].seconds;
    const at = (which, p) => percentile(pooled[which].times, p);
    const suffix = `${connections} conn`;
    ctx.report({
      figure: `${label} req/s, ${suffix}`,
      unit: "req/s",
      orgo: rate("orgo"),
      bare: rate("bare"),
      lowerIsBetter: false,
    });
    ctx.report({
      figure: `${label} p50, ${suffix}`,
      unit: "ms",
      orgo: at("orgo", 50),
      bare: at("bare", 50),
      lowerIsBetter: true,
    });
    ctx.report({
      figure: `${label} p99, ${suffix}`,
      unit: "ms",
      orgo: at("orgo", 99),
      bare: at("bare", 99),
      lowerIsBetter: true,
    });
  }
};

/** A 2×3 PNG header: enough for OrGo's magic-byte and dimension checks. */
export const tinyPng = () => {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, 2);
  new DataView(bytes.buffer).setUint32(20, 3);
  return bytes;
};

/** Uploads one image as `user` and returns its id. */
export const uploadImage = async (base, user) => {
  const form = new FormData();
  form.append("file", new Blob([tinyPng()], { type: "image/png" }), "bench.png");
  const response = await fetch(`${base}/api/images`, {
    method: "POST",
    headers: { Authorization: `Bearer ${user.token}` },
    body: form,
  });
  if (response.status !== 201) throw new Error(`upload → ${response.status} ${await response.text()}`);
  return (await response.json()).id;
};

/** `count` posts by `user`, every third with an image, so feeds carry images like real ones. */
export const seedPosts = async (orgo, user, count) => {
  const posts = [];
  for (let i = 0; i < count; i++) {
    const imageIds = i % 3 === 0 ? [await uploadImage(orgo.base, user)] : [];
    posts.push(
      await orgo.api("POST", "/api/posts", {
        token: user.token,
        body: { title: `벤치 글 ${i}: 배포 전에 리뷰 정리`, body: `본문 ${i} `.repeat(40), imageIds },
      }),
    );
  }
  return posts;
};
