/**
 * Where the API lives: this page's own origin, unless the app was built to be served elsewhere
 * (Cloudflare Pages) with `VITE_API_ORIGIN=https://api.example npm run build:web`.
 */
export const API_ORIGIN: string = import.meta.env.VITE_API_ORIGIN || location.origin;

/** The worker answers image and other paths relative to itself (`/images/…`); make them loadable here. */
export const apiUrl = (path: string): string => (path.startsWith("/") ? `${API_ORIGIN}${path}` : path);
