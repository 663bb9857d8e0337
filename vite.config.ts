import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

const worker = "http://127.0.0.1:8787";

// Built for Pages, the app calls the API on another origin: the CSP must allow its fetches,
// sockets and images. Served by the worker itself (the default), 'self' covers all three.
const apiOrigin = process.env.VITE_API_ORIGIN ?? "";
const apiSources = apiOrigin ? ` ${apiOrigin} ${apiOrigin.replace(/^http/, "ws")}` : "";

/** The SPA: built into dist/web, which wrangler serves with an SPA fallback next to the worker. */
export default defineConfig({
  root: "src/web",
  plugins: [
    preact(),
    { name: "csp-api-origin", transformIndexHtml: (html) => html.replaceAll("%API_SOURCES%", apiSources) },
  ],
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: worker, ws: true, changeOrigin: false },
      "/images": { target: worker },
    },
  },
});
