import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";

const worker = "http://127.0.0.1:8787";
const outDir = "dist/web";

// Built for Pages, the app calls the API on another origin: the CSP must allow its fetches,
// sockets and images. Served by the worker itself (the default), 'self' covers all three.
const apiOrigin = process.env.VITE_API_ORIGIN ?? "";
const apiSources = apiOrigin ? ` ${apiOrigin} ${apiOrigin.replace(/^http/, "ws")}` : "";

/**
 * The one stylesheet goes into index.html as a <style> element, so the first paint waits for no
 * second request. The CSP allows exactly that element by its hash: in the <meta> here and, when
 * the static-assets `_headers` file sends a CSP, there too (its `style-src 'self'` gains the hash).
 */
const styleHash = (source: string) => `'sha256-${createHash("sha256").update(source).digest("base64")}'`;

const inlineStylesheet = (): Plugin => {
  let styleSource = "";
  return {
    name: "inline-stylesheet",
    apply: "build",
    enforce: "post",
    transformIndexHtml: {
      order: "post",
      handler(html, context) {
        const bundle = context.bundle;
        const link = html.match(/<link rel="stylesheet"[^>]*href="\/(assets\/[^"]+\.css)"[^>]*>/);
        const asset = link?.[1] ? bundle?.[link[1]] : undefined;
        if (!bundle || !link?.[1] || asset?.type !== "asset") return html;
        delete bundle[link[1]];
        styleSource = String(asset.source);
        return html
          .replace(link[0], `<style>${styleSource}</style>`)
          .replace("style-src 'self'", `style-src 'self' ${styleHash(styleSource)}`);
      },
    },
    writeBundle() {
      const headersFile = join(outDir, "_headers");
      if (!styleSource || !existsSync(headersFile)) return;
      const headers = readFileSync(headersFile, "utf8");
      writeFileSync(
        headersFile,
        headers.replaceAll("style-src 'self'", `style-src 'self' ${styleHash(styleSource)}`),
      );
    },
  };
};

/** The SPA: built into dist/web, which wrangler serves with an SPA fallback next to the worker. */
export default defineConfig({
  root: "src/web",
  plugins: [
    preact(),
    { name: "csp-api-origin", transformIndexHtml: (html) => html.replaceAll("%API_SOURCES%", apiSources) },
    inlineStylesheet(),
  ],
  build: {
    outDir: `../../${outDir}`,
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
