#!/usr/bin/env node
// `node scripts/icons.mjs`: draws the app icons in src/web/public/ from favicon.svg with Debian's
// Chromium (no image library needed). Run it again only when the logo changes; the PNGs and the
// .ico are committed.
import { readFileSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

const publicDir = new URL("../src/web/public/", import.meta.url);
const logo = readFileSync(new URL("favicon.svg", publicDir), "utf8");
// Maskable: the launcher may crop to a circle, so the mark sits inside the middle 60% on a full square.
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#2f6fed"/><g transform="translate(12.8 12.8) scale(0.6)">${logo
  .replace(/^<svg[^>]*>/, "")
  .replace("</svg>", "")
  .replace('rx="14"', 'rx="0"')}</g></svg>`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox"],
});
const page = await browser.newPage();
const render = async (svg, size) => {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
};

for (const [name, svg, size] of [
  ["icons/icon-192.png", logo, 192],
  ["icons/icon-512.png", logo, 512],
  ["icons/maskable-512.png", maskable, 512],
  ["icons/apple-touch-icon.png", maskable, 180],
]) {
  writeFileSync(new URL(name, publicDir), await render(svg, size));
}

// favicon.ico: one 32×32 PNG inside an ICO container (every browser reads PNG-in-ICO).
const png = await render(logo, 32);
const header = Buffer.alloc(22);
header.writeUInt16LE(1, 2); // type: icon
header.writeUInt16LE(1, 4); // one image
header.writeUInt8(32, 6); // width
header.writeUInt8(32, 7); // height
header.writeUInt16LE(1, 10); // colour planes
header.writeUInt16LE(32, 12); // bits per pixel
header.writeUInt32LE(png.length, 14);
header.writeUInt32LE(22, 18); // offset of the image
writeFileSync(new URL("favicon.ico", publicDir), Buffer.concat([header, png]));
await browser.close();
console.log("icons written to src/web/public/");
