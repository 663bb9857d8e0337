const PROBE_ORIGIN = "https://orgo.invalid";

/**
 * The SPA path to return to after login, or "/" for anything that could leave the site:
 * `//host` and `/\host` are protocol-relative to browsers, `https:…` carries its own host, and
 * browsers drop tabs and newlines inside URLs (`/\t/host` becomes `//host`), so control
 * characters and backslashes are refused outright before a final same-origin check.
 */
export const safeRedirectPath = (value: string | null | undefined): string => {
  if (!value || value.length > 2048) return "/";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(value)) return "/";
  const resolved = new URL(value, PROBE_ORIGIN);
  // Dot segments can still produce one: `/..//host` resolves to the path `//host`.
  if (resolved.origin !== PROBE_ORIGIN || resolved.pathname.startsWith("//")) return "/";
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
};
