// The latest feed (20 posts, a third with an image, anonymous) against the bare 20-row D1 read, at
// 1 and 10 connections: req/s, p50, p99.
import { compareRoutes, seedPosts } from "../http-load.mjs";
import { orgoClient } from "../lib.mjs";

export const name = "feed";
export const description = "GET /api/posts?feed=latest&limit=20 vs GET /rows?limit=20, 1 and 10 connections";

const SECONDS = Number(process.env.FEED_SECONDS ?? 5);
const BLOCKS = Number(process.env.FEED_BLOCKS ?? 2);

export async function run(ctx) {
  const orgo = orgoClient(ctx.orgoUrl);
  const author = await orgo.signUp("피드벤치");
  await seedPosts(orgo, author, 30);
  await compareRoutes(ctx, {
    label: "feed",
    orgoUrl: `${ctx.orgoUrl}/api/posts?feed=latest&limit=20`,
    bareUrl: `${ctx.bareUrl}/rows?limit=20`,
    levels: [1, 10],
    seconds: SECONDS,
    blocks: BLOCKS,
  });
}
