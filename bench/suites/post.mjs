// One post's detail page (signed in: the view counter's write included, once per viewer and hour)
// against the bare one-row D1 read, at 1 and 10 connections.
import { compareRoutes, seedPosts } from "../http-load.mjs";
import { orgoClient } from "../lib.mjs";

export const name = "post";
export const description = "GET /api/posts/:id (with an image, signed in) vs GET /rows?limit=1";

const SECONDS = Number(process.env.POST_SECONDS ?? 5);
const BLOCKS = Number(process.env.POST_BLOCKS ?? 2);

export async function run(ctx) {
  const orgo = orgoClient(ctx.orgoUrl);
  const author = await orgo.signUp("글벤치");
  const reader = await orgo.signUp("독자벤치");
  const [post] = await seedPosts(orgo, author, 1);
  await compareRoutes(ctx, {
    label: "post",
    orgoUrl: `${ctx.orgoUrl}/api/posts/${post.id}`,
    orgoHeaders: { Authorization: `Bearer ${reader.token}` },
    bareUrl: `${ctx.bareUrl}/rows?limit=1`,
    levels: [1, 10],
    seconds: SECONDS,
    blocks: BLOCKS,
  });
}
