/** Client-side navigation from outside components: preact-iso's router follows `popstate`. */
export const navigate = (url: string, replace = false) => {
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  dispatchEvent(new PopStateEvent("popstate"));
};

export const currentPath = () => location.pathname + location.search;

/** Only same-site paths may be redirect targets (no `//evil.example`). */
export const safeRedirect = (value: string | undefined | null, fallback = "/") =>
  value?.startsWith("/") && !value.startsWith("//") ? value : fallback;

export const loginUrl = (redirect = currentPath()) => `/login?redirect=${encodeURIComponent(redirect)}`;

/** Whether `path` is in the section that starts at `prefix` ("/" is the feed alone). */
export const inSection = (path: string, prefix: string) =>
  prefix === "/" ? path === "/" : path === prefix || path.startsWith(`${prefix}/`);
