import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { purgeUnattachedImages } from "../../src/jobs/cleanup";
import { call, errorCode, json, SETTLED, signUp, type TestUser } from "../helpers";
import { count, createPost, db, type ImageJson, type PostJson, png } from "./support";

// Issue 15: smaller copies of a picture (made by the browser) travel with the upload as `variant`
// files, are stored next to it, listed in the Image as `variants`, and go when the image goes.

const keyOf = (url: string) => url.replace(/^\/images\//, "");
const DAY = 24 * 60 * 60 * 1000;

/** A WebP (VP8X) header of the given size: enough for the magic-byte check and the dimensions. */
const webp = (width: number, height: number): Uint8Array => {
  const bytes = new Uint8Array(32);
  bytes.set(new TextEncoder().encode("RIFF"), 0);
  bytes.set(new TextEncoder().encode("WEBPVP8X"), 8);
  const view = new DataView(bytes.buffer);
  view.setUint32(24, (width - 1) & 0xffffff, true);
  view.setUint32(27, (height - 1) & 0xffffff, true);
  return bytes;
};

const form = (original: Uint8Array, variants: Uint8Array[]) => {
  const body = new FormData();
  body.append("file", new File([original], "photo.png", { type: "image/png" }));
  for (const [index, bytes] of variants.entries()) {
    body.append("variant", new File([bytes], `photo-${index}.webp`, { type: "image/webp" }));
  }
  return body;
};

const uploadWith = (user: TestUser, original: Uint8Array, variants: Uint8Array[]) =>
  call("POST", "/api/images", { token: user.token, body: form(original, variants) });

const uploadWithVariants = async (user: TestUser): Promise<ImageJson> => {
  const response = await uploadWith(user, png(2000, 1500), [webp(960, 720), webp(480, 360)]);
  expect(response.status).toBe(201);
  return json<ImageJson>(response);
};

const objectCount = async (prefix: string) => (await env.IMAGES.list({ prefix })).objects.length;

describe("POST /api/images with resized copies", () => {
  it("stores each copy next to the original and lists them narrowest first", async () => {
    const user = await signUp();
    const image = await uploadWithVariants(user);
    expect(image).toMatchObject({ width: 2000, height: 1500 });
    expect(image.variants).toEqual([
      { url: `${image.url}-w480`, width: 480 },
      { url: `${image.url}-w960`, width: 960 },
    ]);
    const row = await env.DB.prepare("SELECT variant_widths FROM images WHERE id = ?").bind(image.id).first();
    expect(row).toEqual({ variant_widths: "480,960" });

    const served = await call("GET", image.variants?.[0]?.url ?? "");
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/webp");
    expect(served.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(webp(480, 360));
  });

  it("lists the copies wherever the post's images appear: the post, the feed", async () => {
    const user = await signUp();
    const image = await uploadWithVariants(user);
    const post = await createPost(user, { imageIds: [image.id] });
    expect(post.images[0]?.variants).toEqual(image.variants);
    const feed = await json<{ items: PostJson[] }>(await call("GET", "/api/posts"));
    expect(feed.items.find((item) => item.id === post.id)?.images[0]?.variants).toEqual(image.variants);
  });

  it("accepts copies of a photo shown turned by its EXIF rotation (stored 2000x1500, shown 1500x2000)", async () => {
    const user = await signUp();
    const response = await uploadWith(user, png(2000, 1500), [webp(480, 640), webp(960, 1280)]);
    expect(response.status).toBe(201);
    expect((await json<ImageJson>(response)).variants?.map((variant) => variant.width)).toEqual([480, 960]);
  });

  it("keeps working without copies: no `variants`, the original is the only size", async () => {
    const user = await signUp();
    const response = await uploadWith(user, png(2000, 1500), []);
    expect(response.status).toBe(201);
    const image = await json<ImageJson>(response);
    expect(image).not.toHaveProperty("variants");
    const post = await createPost(user, { imageIds: [image.id] });
    expect(post.images[0]).not.toHaveProperty("variants");
  });

  it("answers 4xx for a bad copy, storing neither the original nor any copy", async () => {
    const user = await signUp();
    const objectsBefore = await objectCount("img/");
    const cases: { variants: Uint8Array[]; status: number; code: string; original?: Uint8Array }[] = [
      // A width that is not one of ours.
      { variants: [webp(500, 375)], status: 422, code: "validation_failed" },
      // Not smaller than the original.
      { variants: [webp(960, 720)], status: 422, code: "validation_failed", original: png(960, 720) },
      // Other proportions than the original's.
      { variants: [webp(480, 480)], status: 422, code: "validation_failed" },
      // One width twice.
      { variants: [webp(480, 360), webp(480, 360)], status: 422, code: "validation_failed" },
      // Three copies.
      { variants: [webp(480, 360), webp(960, 720), webp(480, 360)], status: 422, code: "validation_failed" },
      // Not an image by its bytes.
      { variants: [new TextEncoder().encode("<svg/>")], status: 415, code: "unsupported_media_type" },
      // Over 1 MiB.
      {
        variants: [
          (() => {
            const big = new Uint8Array(1024 * 1024 + 1);
            big.set(webp(480, 360));
            return big;
          })(),
        ],
        status: 413,
        code: "too_large",
      },
      // The original's size is unknown (a PNG header too short to say).
      { variants: [webp(480, 360)], status: 422, code: "validation_failed", original: png(0, 0) },
    ];
    for (const { variants, status, code, original } of cases) {
      const response = await uploadWith(user, original ?? png(2000, 1500), variants);
      expect(response.status, code).toBe(status);
      expect(await errorCode(response)).toBe(code);
    }
    const text = new FormData();
    text.append("file", new File([png(2000, 1500)], "a.png"));
    text.append("variant", "not a file");
    const notAFile = await call("POST", "/api/images", { token: user.token, body: text });
    expect(notAFile.status).toBe(422);

    expect(await count("images WHERE owner_id = ?", user.id)).toBe(0);
    expect(await objectCount("img/")).toBe(objectsBefore);
  });
});

describe("copies go with their image", () => {
  it("when a post is deleted", async () => {
    const user = await signUp();
    const image = await uploadWithVariants(user);
    const post = await createPost(user, { imageIds: [image.id] });
    expect(await objectCount(keyOf(image.url))).toBe(3);
    expect((await call("DELETE", `/api/posts/${post.id}`, { token: user.token })).status).toBe(204);
    await vi.waitFor(async () => expect(await objectCount(keyOf(image.url))).toBe(0), SETTLED);
  });

  it("when an edit drops the image from its post", async () => {
    const user = await signUp();
    const [dropped, kept] = [await uploadWithVariants(user), await uploadWithVariants(user)];
    const post = await createPost(user, { imageIds: [dropped.id, kept.id] });
    const response = await call("PATCH", `/api/posts/${post.id}`, {
      token: user.token,
      body: { imageIds: [kept.id] },
    });
    expect(response.status).toBe(200);
    await vi.waitFor(async () => expect(await objectCount(keyOf(dropped.url))).toBe(0), SETTLED);
    expect(await objectCount(keyOf(kept.url))).toBe(3);
  });

  it("when the hourly purge removes an unattached upload", async () => {
    const user = await signUp();
    const image = await uploadWithVariants(user);
    await purgeUnattachedImages(db(), env.IMAGES, Date.now() + DAY + 60 * 60 * 1000);
    expect(await count("images WHERE id = ?", image.id)).toBe(0);
    expect(await objectCount(keyOf(image.url))).toBe(0);
  });
});
