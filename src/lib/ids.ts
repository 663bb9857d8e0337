const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * A random 20-character id (≈103 bits). Ids are opaque: ordering always goes by
 * (created_at, id), never by the id alone.
 */
export const newId = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let id = "";
  for (const byte of bytes) id += alphabet[byte % 36];
  return id;
};

/** Random bytes as base64url, for tokens and storage keys. */
export const randomToken = (byteLength = 32): string =>
  base64UrlEncode(crypto.getRandomValues(new Uint8Array(byteLength)));

export const base64UrlEncode = (bytes: Uint8Array): string => {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
};

/** The bytes of a base64url text (padding optional); throws on anything else, so a bad key fails loudly. */
export const base64UrlDecode = (text: string): Uint8Array<ArrayBuffer> => {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text) || text.replace(/=+$/, "").length % 4 === 1)
    throw new Error("not base64url");
  const binary = atob(text.replace(/=+$/, "").replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
};

export const sha256Hex = async (text: string): Promise<string> => {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
};
