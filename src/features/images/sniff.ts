/** What the bytes say a file is; the client's Content-Type and file name are never trusted. */
export interface SniffedImage {
  contentType: "image/jpeg" | "image/png" | "image/gif" | "image/webp";
  width: number | null;
  height: number | null;
}

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  signature.every((value, index) => bytes[offset + index] === value);

const ascii = (bytes: Uint8Array, offset: number, length: number) =>
  String.fromCharCode(...bytes.subarray(offset, offset + length));

const u16be = (b: Uint8Array, o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u16le = (b: Uint8Array, o: number) => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, o: number) => u16le(b, o) | ((b[o + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, o: number) => ((u16be(b, o) << 16) >>> 0) + u16be(b, o + 2);

const size = (width: number, height: number) =>
  width > 0 && height > 0 ? { width, height } : { width: null, height: null };

/** Walks JPEG segments to the first start-of-frame marker, which carries the dimensions. */
const jpegSize = (bytes: Uint8Array) => {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return size(0, 0);
    const marker = bytes[offset + 1] ?? 0;
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isStartOfFrame) return size(u16be(bytes, offset + 7), u16be(bytes, offset + 5));
    offset += 2 + u16be(bytes, offset + 2);
  }
  return size(0, 0);
};

const webpSize = (bytes: Uint8Array) => {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === "VP8X") return size(u24le(bytes, 24) + 1, u24le(bytes, 27) + 1);
  if (chunk === "VP8L") {
    const bits =
      (bytes[21] ?? 0) | ((bytes[22] ?? 0) << 8) | ((bytes[23] ?? 0) << 16) | ((bytes[24] ?? 0) << 24);
    return size((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8 ") return size(u16le(bytes, 26) & 0x3fff, u16le(bytes, 28) & 0x3fff);
  return size(0, 0);
};

export const sniffImage = (bytes: Uint8Array): SniffedImage | null => {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { contentType: "image/jpeg", ...jpegSize(bytes) };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { contentType: "image/png", ...size(u32be(bytes, 16), u32be(bytes, 20)) };
  }
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") {
    return { contentType: "image/gif", ...size(u16le(bytes, 6), u16le(bytes, 8)) };
  }
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") {
    return { contentType: "image/webp", ...webpSize(bytes) };
  }
  return null;
};
