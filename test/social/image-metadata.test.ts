import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sniffImage } from "../../src/features/images/sniff";
import { exifOrientation, stripMetadata } from "../../src/features/images/strip-metadata";
import { concatBytes } from "../../src/lib/bytes";
import { call, json, signUp } from "../helpers";

// Small real images (16×16; from CPython's imghdr test data) to which each test adds metadata.
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
const JPEG = fromBase64(
  "/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z",
);
const PNG = fromBase64(
  "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAMAAAAoLQ9TAAAAIGNIUk0AAHomAACAhAAA+gAAAIDoAAB1MAAA6mAAADqYAAAXcJy6UTwAAAHFUExURQAAAE6NwEqGujxxnjdolgAAAAAAAAAAAAAAAAAAAE6PxEyKv0iFtkN9rT10oTlsljZmkAAAAAAAAFKRxv3dSvnVPgAAADJghwAAAP3VNgAAADVokgAAAOzORQAAADZpkxsxRQAAAAAAAOLDRf3ZQQAAAEaBsjZnkQAAAPLhbv3pav3LG0N9rhwyS/Xjb/PBGkB1oz1zogAAAMKaEgAAAAAAAAAAAAAAAAAAAOjHPevFNOvCKuu+Ieu7GMabEgAAAAAAAAAAAAAAAAAAAAAAAAAAAP3eTgAAAAAAAAAAAAAAAPHQP/rTOf3SL/rHGcCXEgAAAAAAAAAAAAAAAAAAAAAAAEiDtER+rUB4p0yKvP///0V/r0F5qD50ojpvmzZplEmFt0aAsUJ7qj51oztwnTdqljhsl0+NwUuIu0R9rUB4pj1zoDltmf/iVVCPw0yJvEiEtT10of/eS//aQU2LvkaAsDtwnP/aQv/WN//TLUqHuUeBskN8qz92pf/XOP/PI//mYf/jV//fTf/bQv/TLv/PJP/rbP/nYf/bQ//XOf/MHDpwnP/nYv/jWP/fTv/TL//bRP/XOv/TMP/QJf/YOv/UMP/QJpJJAAIAAABWdFJOUwCv7feSCwMoQRV+oKGjp6qqSBi994IKtkPtJPdPiD22XExHa/dG96pOpvf311uzwm/3S3o0CCE8NaqpqampeSACCRMSLB73QBwFAUzM99h7Ox1CRTgf+DIQcQAAAAFiS0dEWgO7paIAAAD1SURBVBjTY2AAAkamsPAIZhZWNgYoiIyKjomNi2dnhQkkJCYlp6TGc3CCeVzcPLx8/AJp8fGCQiC+cHpGWGZWdk48UCBXRFSMIS+/IDqmMA7IF5coKpaUYihJKE1KLkuNlxaXkS2vqJRjqKquqZVXUBRU4lBWqausV2VQy8xS19DUamhsaq5radVWYtCJKdTVa2tvbOrobGnt0udgMDDsNmrr6e3r6Oxv7eoyNmEwNTO3APItraxtbG3tOOwZHBydnHv7JkycNLmLw8LFFeJ6twlTpk6L0nb3cPT0Agt4+/hO6/LzD3CGec400CJIKTgk1BTIBgBAYkJ/yC2b5QAAACV0RVh0ZGF0ZTpjcmVhdGUAMjAxNC0wMS0yNlQyMDo1OTozNyswMjowMPuaB3cAAAAldEVYdGRhdGU6bW9kaWZ5ADIwMTQtMDEtMjZUMjA6NTk6MDArMDI6MDDB74amAAAAAElFTkSuQmCC",
);
const WEBP = fromBase64(
  "UklGRqgBAABXRUJQVlA4WAoAAAAQAAAADwAADwAAQUxQSMMAAAABJ6KokSTleucYX+ffKpmImP90cY3gJjDi4Yt3MsjBEVyDKzDosHgVjnhRNcEIDAJPkqBqsFUZHNa2bUYvTsZ2PLbtd/uvKa4hov9J0f2PkPe6REkkGzolkTTzFG0Ox9PlFiD0CxS+kOGDtxoynjaCfx0pfk52CPuInrOR75lzRugygtv4zEiy90UwfSD9NheMITJWLaXWayO8XeOlWRXVnIGk2W6WdYoYMQ+KqixQNPowgt+6a1BSKbUtz+lUFAoBAAAAVlA4IL4AAACQAgCdASoQABAAAwA0JbACdDBPCIUMfAMdCCz96AD+/XSg/QKbH4r3Q3ycN/bSDK/T/zVo4u6nvclvG/SqxWOuup+XhN9BojvaW+Tv+MvxvX/hr/o/5Qns9LtmX/+qKdl/yWznhuasl7nkxvSTI4xf3Y85VSB/lU/8Ofj/b9JrA+ifvIOYZm2x1RP/dhfmsf5diuSfR7+z+r/+HR3zEo/+XM/B+vkYw73Pzx+ROaAB/ZoBSzEs3rzZe6qsAAAA",
);

const text = (value: string) => new TextEncoder().encode(value);
const contains = (haystack: Uint8Array, needle: Uint8Array) => {
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let index = 0; index < needle.length; index++)
      if (haystack[start + index] !== needle[index]) continue outer;
    return true;
  }
  return false;
};

/** TIFF (little-endian) with Make, Orientation and a GPS IFD holding latitude 37°33'59" N, as a phone writes it. */
const exifWithGps = (orientation: number) => {
  const tiff = new Uint8Array(112);
  const view = new DataView(tiff.buffer);
  tiff.set(text("II"), 0);
  view.setUint16(2, 42, true);
  view.setUint32(4, 8, true);
  const entry = (at: number, tag: number, type: number, count: number, value: number) => {
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, type, true);
    view.setUint32(at + 4, count, true);
    view.setUint32(at + 8, value, true);
  };
  view.setUint16(8, 3, true);
  entry(10, 0x010f, 2, 8, 50); // Make → "TestCam\0" at 50
  entry(22, 0x0112, 3, 1, orientation);
  entry(34, 0x8825, 4, 1, 58); // GPS IFD at 58
  view.setUint32(46, 0, true);
  tiff.set(text("TestCam\0"), 50);
  view.setUint16(58, 2, true);
  entry(60, 0x0001, 2, 2, 0x4e); // GPSLatitudeRef "N"
  entry(72, 0x0002, 5, 3, 88); // GPSLatitude, three rationals at 88
  view.setUint32(84, 0, true);
  for (const [index, value] of [37, 1, 33, 1, 59, 1].entries()) view.setUint32(88 + index * 4, value, true);
  return concatBytes(text("Exif\0\0"), tiff);
};
const GPS_RATIONALS = exifWithGps(1).subarray(6 + 88, 6 + 112);

const jpegSegment = (marker: number, payload: Uint8Array) =>
  concatBytes(
    new Uint8Array([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]),
    payload,
  );

/** SOI, APP0 (JFIF), then the given segments, then the rest of the real JPEG. */
const jpegWith = (...segments: Uint8Array[]) => {
  const app0End = 2 + 2 + ((JPEG[4] ?? 0) << 8) + (JPEG[5] ?? 0);
  return concatBytes(JPEG.subarray(0, app0End), ...segments, JPEG.subarray(app0End));
};

const jpegSegments = (bytes: Uint8Array) => {
  const found: { marker: number; payload: Uint8Array }[] = [];
  let offset = 2;
  while (bytes[offset + 1] !== 0xda) {
    const length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
    found.push({ marker: bytes[offset + 1] ?? 0, payload: bytes.subarray(offset + 4, offset + 2 + length) });
    offset += 2 + length;
  }
  return found;
};

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Uint8Array) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const pngChunk = (type: string, data: Uint8Array) => {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(text(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
};
const pngChunks = (bytes: Uint8Array) => {
  const types: string[] = [];
  let offset = 8;
  while (offset < bytes.length) {
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset);
    types.push(String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)));
    offset += 12 + length;
  }
  expect(offset).toBe(bytes.length);
  return types;
};

const webpChunk = (type: string, data: Uint8Array) => {
  const out = new Uint8Array(8 + data.length + (data.length & 1));
  out.set(text(type), 0);
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
};
/** The real WebP with EXIF and XMP chunks appended and VP8X saying so, RIFF size fixed. */
const webpWithMetadata = () => {
  const bytes = concatBytes(
    WEBP,
    webpChunk("EXIF", exifWithGps(6).subarray(6)),
    webpChunk("XMP ", text("<x:xmpmeta>secret</x:xmpmeta>")),
  );
  const view = new DataView(bytes.buffer);
  view.setUint32(4, bytes.length - 8, true);
  bytes[20] = (bytes[20] ?? 0) | 0x08 | 0x04;
  return bytes;
};
const webpChunks = (bytes: Uint8Array) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  expect(view.getUint32(4, true)).toBe(bytes.length - 8);
  const types: string[] = [];
  let offset = 12;
  while (offset < bytes.length) {
    const size = view.getUint32(offset + 4, true);
    types.push(String.fromCharCode(...bytes.subarray(offset, offset + 4)));
    offset += 8 + size + (size & 1);
  }
  expect(offset).toBe(bytes.length);
  return types;
};

const uploadBytes = async (token: string, bytes: Uint8Array, name: string) => {
  const form = new FormData();
  form.append("file", new File([bytes], name));
  return call("POST", "/api/images", { token, body: form });
};
const served = async (url: string) => new Uint8Array(await (await call("GET", url)).arrayBuffer());

describe("image metadata is removed at upload", () => {
  it("a JPEG with GPS EXIF comes back without it: same pixels and size, orientation kept", async () => {
    const user = await signUp();
    const original = jpegWith(
      jpegSegment(0xe1, exifWithGps(6)),
      jpegSegment(
        0xe1,
        concatBytes(text("http://ns.adobe.com/xap/1.0/\0"), text("<x:xmpmeta>GPS 37.5665</x:xmpmeta>")),
      ),
      jpegSegment(0xed, text("Photoshop 3.0\0 8BIM caption")),
      jpegSegment(0xfe, text("shot at home")),
    );
    expect(contains(original, GPS_RATIONALS)).toBe(true);
    const response = await uploadBytes(user.token, original, "photo.jpg");
    expect(response.status).toBe(201);
    const image = await json<{ url: string; width: number; height: number }>(response);
    expect([image.width, image.height]).toEqual([16, 16]);
    const back = await served(image.url);

    for (const gone of [
      GPS_RATIONALS,
      text("TestCam"),
      text("xmpmeta"),
      text("8BIM"),
      text("shot at home"),
    ]) {
      expect(contains(back, gone)).toBe(false);
    }
    expect(sniffImage(back)).toEqual({ contentType: "image/jpeg", width: 16, height: 16 });
    const app1 = jpegSegments(back).filter((segment) => segment.marker === 0xe1);
    expect(app1).toHaveLength(1);
    expect(exifOrientation(app1[0]?.payload ?? new Uint8Array())).toBe(6);
    // Still the same JPEG: every other segment and the whole scan are the original's bytes.
    expect(back).toEqual(jpegWith(app1[0] ? jpegSegment(0xe1, app1[0].payload) : new Uint8Array()));
    const row = await env.DB.prepare("SELECT size FROM images WHERE key = ?")
      .bind(image.url.replace(/^\/images\//, ""))
      .first<{ size: number }>();
    expect(row?.size).toBe(back.length);
  });

  it("a JPEG without orientation keeps no EXIF at all; a second picture after the end goes too", () => {
    const bare = exifWithGps(1);
    // Drop the Orientation entry by renaming its tag to an unrelated one (ImageDescription).
    const noOrientation = bare.slice();
    noOrientation.set([0x0e, 0x01], 6 + 22);
    const trailing = concatBytes(text("MPF second image "), jpegWith(jpegSegment(0xe1, exifWithGps(1))));
    const stripped = stripMetadata(
      concatBytes(jpegWith(jpegSegment(0xe1, noOrientation)), trailing),
      "image/jpeg",
    );
    expect(stripped).toEqual(JPEG);
  });

  it("PNG: eXIf, tEXt, iTXt, zTXt and tIME chunks go; the rest is kept in order", () => {
    const iend = PNG.length - 12;
    const withMetadata = concatBytes(
      PNG.subarray(0, iend),
      pngChunk("eXIf", exifWithGps(1).subarray(6)),
      pngChunk("iTXt", text("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>")),
      pngChunk("zTXt", text("Comment\0\0xyz")),
      pngChunk("tIME", new Uint8Array([7, 234, 12, 7, 12, 0, 0])),
      PNG.subarray(iend),
    );
    expect(pngChunks(withMetadata)).toContain("tEXt");
    const stripped = stripMetadata(withMetadata, "image/png");
    expect(pngChunks(stripped)).toEqual(["IHDR", "cHRM", "PLTE", "tRNS", "bKGD", "IDAT", "IEND"]);
    expect(contains(stripped, GPS_RATIONALS)).toBe(false);
    expect(sniffImage(stripped)).toEqual({ contentType: "image/png", width: 16, height: 16 });
  });

  it("WebP: EXIF and XMP chunks go, VP8X no longer claims them, the RIFF size adds up", async () => {
    const user = await signUp();
    const withMetadata = webpWithMetadata();
    expect(webpChunks(withMetadata)).toEqual(["VP8X", "ALPH", "VP8 ", "EXIF", "XMP "]);
    const response = await uploadBytes(user.token, withMetadata, "a.webp");
    expect(response.status).toBe(201);
    const back = await served((await json<{ url: string }>(response)).url);
    expect(webpChunks(back)).toEqual(["VP8X", "ALPH", "VP8 "]);
    expect((back[20] ?? 0) & 0x0c).toBe(0);
    expect(contains(back, GPS_RATIONALS)).toBe(false);
    expect(sniffImage(back)).toEqual({ contentType: "image/webp", width: 16, height: 16 });
    expect(back).toEqual(WEBP);
  });

  it("malformed files are stored unchanged, never a 500", async () => {
    const user = await signUp();
    const truncatedJpeg = jpegWith(jpegSegment(0xe1, exifWithGps(6))).subarray(0, 300);
    const overrunningPng = concatBytes(
      PNG.subarray(0, 33),
      new Uint8Array([0x7f, 0xff, 0xff, 0xff]),
      text("tEXt"),
    );
    const lyingWebp = WEBP.slice();
    new DataView(lyingWebp.buffer).setUint32(4, 1_000_000, true);
    for (const [bytes, name] of [
      [truncatedJpeg, "a.jpg"],
      [overrunningPng, "a.png"],
      [lyingWebp, "a.webp"],
    ] as const) {
      const response = await uploadBytes(user.token, bytes, name);
      expect(response.status).toBe(201);
      expect(await served((await json<{ url: string }>(response)).url)).toEqual(bytes);
    }
    // A JPEG marker with a length running past the end, and junk where a marker should be.
    for (const bytes of [
      new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 1, 2]),
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0x12, 0x34]),
    ]) {
      expect(stripMetadata(bytes, "image/jpeg")).toEqual(bytes);
    }
  });
});
