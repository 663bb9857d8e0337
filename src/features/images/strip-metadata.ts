/**
 * Removes what a camera or an editor wrote about a picture (GPS position, device, time, names,
 * thumbnails) before it is stored, keeping what it needs to look the same: the pixels, the colour
 * profile and the EXIF orientation. Byte surgery on the container, no decoding: JPEG segments, PNG
 * chunks, WebP RIFF chunks. No npm library does this for all three without Node's Buffer/streams or a
 * large WebAssembly build, and these formats need only a few dozen lines each.
 *
 * A file these walkers cannot follow (truncated, lengths that overrun) is returned unchanged: the
 * sniffer already accepted it as an image, and refusing it here would turn odd-but-displayable
 * uploads into errors. GIF (no EXIF) is returned as is.
 */
import { concatBytes } from "../../lib/bytes";
import type { SniffedImage } from "./sniff";

const ascii = (bytes: Uint8Array, offset: number, length: number) =>
  String.fromCharCode(...bytes.subarray(offset, offset + length));

const u16be = (b: Uint8Array, o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u32be = (b: Uint8Array, o: number) => ((u16be(b, o) << 16) >>> 0) + u16be(b, o + 2);
const u32le = (b: Uint8Array, o: number) =>
  ((b[o] ?? 0) | ((b[o + 1] ?? 0) << 8) | ((b[o + 2] ?? 0) << 16) | ((b[o + 3] ?? 0) << 24)) >>> 0;

class Malformed extends Error {}

// ── JPEG ────────────────────────────────────────────────────────────────────────────────────────

const APP1 = 0xe1;
const APP2 = 0xe2;
const APP13 = 0xed;
const COM = 0xfe;
const SOS = 0xda;
const EOI = 0xd9;
const ORIENTATION_TAG = 0x0112;

/** The Orientation (1–8) in an APP1 `Exif\0\0` payload's first IFD, or null. */
export const exifOrientation = (payload: Uint8Array): number | null => {
  if (ascii(payload, 0, 6) !== "Exif\0\0") return null;
  const tiff = payload.subarray(6);
  const order = ascii(tiff, 0, 2);
  if (order !== "II" && order !== "MM") return null;
  const little = order === "II";
  const u16 = (o: number) => (little ? (tiff[o] ?? 0) | ((tiff[o + 1] ?? 0) << 8) : u16be(tiff, o));
  const u32 = (o: number) => (little ? u32le(tiff, o) : u32be(tiff, o));
  const ifd = u32(4);
  const entries = u16(ifd);
  for (let index = 0; index < entries; index++) {
    const entry = ifd + 2 + index * 12;
    if (entry + 12 > tiff.length) return null;
    if (u16(entry) === ORIENTATION_TAG) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
};

/** An APP1 segment whose EXIF holds nothing but the Orientation tag (big-endian TIFF, one IFD entry). */
const orientationOnlyApp1 = (orientation: number): Uint8Array => {
  const tiff = [
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0,
    0,
    0,
    8,
    0,
    1,
    0x01,
    0x12,
    0,
    3,
    0,
    0,
    0,
    1,
    0,
    orientation,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const length = payload.length + 2;
  return new Uint8Array([0xff, APP1, length >> 8, length & 0xff, ...payload]);
};

/** Metadata segments: EXIF/XMP (APP1), Photoshop IRB/IPTC (APP13), comments, and MPF's index of the trailing images. */
const isMetadataSegment = (marker: number, payload: Uint8Array) =>
  marker === APP1 ||
  marker === APP13 ||
  marker === COM ||
  (marker === APP2 && ascii(payload, 0, 4) === "MPF\0");

const stripJpeg = (bytes: Uint8Array): Uint8Array => {
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let orientationKept = false;
  let offset = 2;
  for (;;) {
    if (offset >= bytes.length) throw new Malformed("no end of image");
    if (bytes[offset] !== 0xff) throw new Malformed("not a marker");
    // Fill bytes: any number of 0xFF may precede a marker.
    let markerAt = offset + 1;
    while (bytes[markerAt] === 0xff) markerAt++;
    const marker = bytes[markerAt];
    if (marker === undefined) throw new Malformed("truncated");
    if (marker === EOI) {
      // Whatever follows the end of the image (a phone's second picture, with its own EXIF) goes.
      parts.push(new Uint8Array([0xff, EOI]));
      return concatBytes(...parts);
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(bytes.subarray(offset, markerAt + 1));
      offset = markerAt + 1;
      continue;
    }
    const length = u16be(bytes, markerAt + 1);
    const end = markerAt + 1 + length;
    if (length < 2 || end > bytes.length) throw new Malformed("segment overruns the file");
    const payload = bytes.subarray(markerAt + 3, end);
    if (isMetadataSegment(marker, payload)) {
      const orientation = marker === APP1 ? exifOrientation(payload) : null;
      if (orientation !== null && !orientationKept) {
        parts.push(orientationOnlyApp1(orientation));
        orientationKept = true;
      }
    } else {
      parts.push(bytes.subarray(offset, end));
    }
    offset = end;
    if (marker === SOS) {
      // Entropy-coded data up to the next marker that is neither a stuffed 0xFF00 nor a restart.
      // indexOf jumps between 0xFF bytes natively: a 5 MiB scan costs a few ms, not a byte-by-byte loop.
      let scan = bytes.indexOf(0xff, offset);
      for (;;) {
        if (scan < 0 || scan + 1 >= bytes.length) throw new Malformed("scan without an end");
        const next = bytes[scan + 1] ?? 0;
        if (next !== 0 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
        scan = bytes.indexOf(0xff, scan + 1);
      }
      parts.push(bytes.subarray(offset, scan));
      offset = scan;
    }
  }
};

// ── PNG ─────────────────────────────────────────────────────────────────────────────────────────

const PNG_METADATA = new Set(["eXIf", "tEXt", "iTXt", "zTXt", "tIME"]);

const stripPng = (bytes: Uint8Array): Uint8Array => {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let offset = 8;
  while (offset < bytes.length) {
    const length = u32be(bytes, offset);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new Malformed("chunk overruns the file");
    const type = ascii(bytes, offset + 4, 4);
    if (!PNG_METADATA.has(type)) parts.push(bytes.subarray(offset, end));
    offset = end;
    if (type === "IEND") break;
  }
  return concatBytes(...parts);
};

// ── WebP ────────────────────────────────────────────────────────────────────────────────────────

const WEBP_METADATA = new Set(["EXIF", "XMP "]);
const VP8X_EXIF_FLAG = 0x08;
const VP8X_XMP_FLAG = 0x04;

const stripWebp = (bytes: Uint8Array): Uint8Array => {
  const riffEnd = 8 + u32le(bytes, 4);
  if (riffEnd > bytes.length || riffEnd < 12) throw new Malformed("RIFF size overruns the file");
  const parts: Uint8Array[] = [];
  let offset = 12;
  while (offset < riffEnd) {
    if (offset + 8 > riffEnd) throw new Malformed("truncated chunk header");
    const type = ascii(bytes, offset, 4);
    const size = u32le(bytes, offset + 4);
    // Chunks are padded to an even size; a last chunk may lack its pad byte.
    const end = Math.min(offset + 8 + size + (size & 1), riffEnd);
    if (offset + 8 + size > riffEnd) throw new Malformed("chunk overruns the RIFF");
    if (type === "VP8X") {
      const chunk = bytes.slice(offset, end);
      chunk[8] = (chunk[8] ?? 0) & ~(VP8X_EXIF_FLAG | VP8X_XMP_FLAG);
      parts.push(chunk);
    } else if (!WEBP_METADATA.has(type)) {
      parts.push(bytes.subarray(offset, end));
    }
    offset = end;
  }
  const body = concatBytes(...parts);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 4));
  new DataView(header.buffer).setUint32(4, 4 + body.byteLength, true);
  header.set(bytes.subarray(8, 12), 8);
  return concatBytes(header, body);
};

// ────────────────────────────────────────────────────────────────────────────────────────────────

const strippers: Partial<Record<SniffedImage["contentType"], (bytes: Uint8Array) => Uint8Array>> = {
  "image/jpeg": stripJpeg,
  "image/png": stripPng,
  "image/webp": stripWebp,
};

/** The image without its metadata; the bytes as given when the type has none or they cannot be walked. */
export const stripMetadata = (bytes: Uint8Array, contentType: SniffedImage["contentType"]): Uint8Array => {
  const strip = strippers[contentType];
  if (!strip) return bytes;
  try {
    return strip(bytes);
  } catch (error) {
    if (error instanceof Malformed) return bytes;
    throw error;
  }
};
