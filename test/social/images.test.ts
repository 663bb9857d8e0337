import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { purgeUnattachedImages } from "../../src/jobs/cleanup";
import { call, errorCode, json, signUp } from "../helpers";
import { count, createPost, db, type ImageJson, png, upload, uploadForm } from "./support";

const keyOf = (image: ImageJson) => image.url.replace(/^\/images\//, "");
const DAY = 24 * 60 * 60 * 1000;

describe("POST /api/images", () => {
  it("stores the upload in R2 and records an unattached row with its size", async () => {
    const user = await signUp("업로더");
    const response = await call("POST", "/api/images", {
      token: user.token,
      body: uploadForm(png(640, 480), "  고양이 사진 "),
    });
    expect(response.status).toBe(201);
    const image = await json<ImageJson>(response);
    expect(image).toMatchObject({ width: 640, height: 480, alt: "고양이 사진" });
    expect(image.url).toMatch(/^\/images\/img\/[A-Za-z0-9_-]+$/);
    const object = await env.IMAGES.head(keyOf(image));
    expect(object?.httpMetadata?.contentType).toBe("image/png");
    const row = await env.DB.prepare("SELECT owner_id, post_id, content_type, size FROM images WHERE id = ?")
      .bind(image.id)
      .first();
    expect(row).toEqual({ owner_id: user.id, post_id: null, content_type: "image/png", size: 33 });
  });

  it("omits alt when none is given", async () => {
    const user = await signUp();
    const image = await upload(user);
    expect(image).not.toHaveProperty("alt");
  });

  it("needs a login", async () => {
    const response = await call("POST", "/api/images", { body: uploadForm(png()) });
    expect(response.status).toBe(401);
  });

  it("refuses what is not an image by its bytes (415), whatever its name and type say", async () => {
    const user = await signUp();
    const before = await count("images WHERE owner_id = ?", user.id);
    const fake = new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'></svg>");
    const response = await call("POST", "/api/images", { token: user.token, body: uploadForm(fake) });
    expect(response.status).toBe(415);
    expect(await errorCode(response)).toBe("unsupported_media_type");
    expect(await count("images WHERE owner_id = ?", user.id)).toBe(before);
  });

  it("refuses a file over 5 MiB (413) and stores nothing", async () => {
    const user = await signUp();
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(png());
    const response = await call("POST", "/api/images", { token: user.token, body: uploadForm(big) });
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe("too_large");
    expect(await count("images WHERE owner_id = ?", user.id)).toBe(0);
  });

  it("answers 422 without a file or with an over-long alt, storing nothing", async () => {
    const user = await signUp();
    const noFile = new FormData();
    noFile.append("alt", "x");
    const missing = await call("POST", "/api/images", { token: user.token, body: noFile });
    expect(missing.status).toBe(422);
    const longAlt = await call("POST", "/api/images", {
      token: user.token,
      body: uploadForm(png(), "가".repeat(301)),
    });
    expect(longAlt.status).toBe(422);
    expect(await count("images WHERE owner_id = ?", user.id)).toBe(0);
  });
});

describe("GET /images/:key", () => {
  it("serves the bytes with type, ETag, immutable caching and nosniff, and 304 on a matching ETag", async () => {
    const user = await signUp();
    const image = await upload(user);
    const response = await call("GET", image.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/png");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const etag = response.headers.get("ETag");
    expect(etag).toMatch(/^".+"$/);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png());

    const cached = await call("GET", image.url, { headers: { "If-None-Match": etag ?? "" } });
    expect(cached.status).toBe(304);
    expect(cached.headers.get("ETag")).toBe(etag);
    expect(cached.headers.get("Cache-Control")).toContain("immutable");
    expect(await cached.text()).toBe("");

    const weakInList = await call("GET", image.url, { headers: { "If-None-Match": `"other", W/${etag}` } });
    expect(weakInList.status).toBe(304);

    const stale = await call("GET", image.url, { headers: { "If-None-Match": '"not-it"' } });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it("answers 404 in the API's error shape for an unknown key", async () => {
    const response = await call("GET", "/images/img/doesnotexist");
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe("not_found");
  });
});

describe("hourly purge of unattached uploads", () => {
  it("removes rows and objects of uploads no post took within 24 h; attached ones stay", async () => {
    const user = await signUp();
    const [loose, attached] = [await upload(user), await upload(user)];
    await createPost(user, { imageIds: [attached.id] });

    // Not yet 24 h old: nothing happens.
    await purgeUnattachedImages(db(), env.IMAGES, Date.now() + DAY - 60_000);
    expect(await count("images WHERE id = ?", loose.id)).toBe(1);

    await purgeUnattachedImages(db(), env.IMAGES, Date.now() + DAY + 60 * 60 * 1000);
    expect(await count("images WHERE id = ?", loose.id)).toBe(0);
    expect(await env.IMAGES.head(keyOf(loose))).toBeNull();
    expect(await count("images WHERE id = ?", attached.id)).toBe(1);
    expect(await env.IMAGES.head(keyOf(attached))).not.toBeNull();
  });
});
