import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

const worker = "http://127.0.0.1:8787";

/** The SPA: built into dist/web, which wrangler serves with an SPA fallback next to the worker. */
export default defineConfig({
  root: "src/web",
  plugins: [preact()],
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
