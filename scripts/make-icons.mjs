#!/usr/bin/env node
// Draws Jembatan's icons (a green rounded square with a white bridge) without image tools and writes:
//   build/icon.png (512), build/icons/NxN.png (Linux), build/icon.ico (Windows: 16, 24, 32, 48 as BMP, 256 as PNG)
//   build/tray/tray-{on,off}.png + @2x (Linux), build/tray/tray-{on,off}.ico (Windows: 16 to 40 px), build/tray/trayTemplate.png + @2x (macOS menu bar)
// Usage: node scripts/make-icons.mjs   (deterministic: same bytes every run)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { Buffer } from 'node:buffer';

const root = join(import.meta.dirname, '..');
const GREEN = [0x16, 0xa3, 0x4a];
const GRAY = [0x6b, 0x72, 0x80];
const WHITE = [0xff, 0xff, 0xff];
const BLACK = [0x00, 0x00, 0x00];

// ---- shapes, in unit coordinates (0..1, y down) --------------------------------------------------------------

function inRoundedSquare(x, y, inset, radius) {
  const half = 0.5 - inset;
  const qx = Math.abs(x - 0.5) - (half - radius);
  const qy = Math.abs(y - 0.5) - (half - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius <= 0;
}

function inBar(x, y, x0, x1, yc, thick) {
  return x >= x0 && x <= x1 && Math.abs(y - yc) <= thick / 2;
}

/** The bridge: a deck, an arch over it, two piers under it, hangers when there are pixels for them. */
function inBridge(x, y, detail, scale = 1) {
  // Scale around the centre so the glyph can fill a bare (template) icon.
  x = 0.5 + (x - 0.5) / scale;
  y = 0.52 + (y - 0.52) / scale;
  const deckY = 0.64;
  const stroke = detail ? 0.065 : 0.1;
  if (inBar(x, y, 0.14, 0.86, deckY, stroke)) return true;
  // Arch: a circle through (0.22, deck) and (0.78, deck) peaking at y = 0.3.
  const cy = 0.6;
  const r = cy - 0.3;
  const d = Math.hypot(x - 0.5, y - cy);
  if (y <= deckY && Math.abs(d - r) <= stroke / 2) return true;
  for (const px of [0.26, 0.74]) {
    if (Math.abs(x - px) <= stroke / 2 && y >= deckY && y <= 0.82) return true;
  }
  if (detail) {
    for (const hx of [0.36, 0.5, 0.64]) {
      const top = cy - Math.sqrt(Math.max(r * r - (hx - 0.5) ** 2, 0));
      if (Math.abs(x - hx) <= 0.018 && y >= top && y <= deckY) return true;
    }
  }
  return false;
}

// ---- raster ------------------------------------------------------------------------------------------------

/** RGBA pixels, 4x4 supersampled. style: { bg: rgb | null, fg: rgb, inset, radius, scale } */
function draw(size, style) {
  const out = new Uint8Array(size * size * 4);
  const n = 4;
  const detail = size >= 48;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          const glyph = inBridge(x, y, detail, style.scale);
          const bg = style.bg !== null && inRoundedSquare(x, y, style.inset, style.radius);
          let c = null;
          if (style.bg === null) c = glyph ? style.fg : null;
          else if (bg) c = glyph ? style.fg : style.bg;
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            covered++;
          }
        }
      }
      const i = (py * size + px) * 4;
      if (covered) {
        out[i] = Math.round(r / covered);
        out[i + 1] = Math.round(g / covered);
        out[i + 2] = Math.round(b / covered);
      }
      out[i + 3] = Math.round((covered / (n * n)) * 255);
    }
  }
  return out;
}

// ---- PNG ---------------------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- ICO ---------------------------------------------------------------------------------------------------

/** A 32-bit BMP entry (BITMAPINFOHEADER, bottom-up BGRA, then the 1-bit AND mask): read by every Windows tool. */
function bmpEntry(size, rgba) {
  const maskStride = Math.ceil(size / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour + mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(size * size * 4 + maskStride * size, 20);
  const pixels = Buffer.alloc(size * size * 4);
  const mask = Buffer.alloc(maskStride * size);
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y;
    for (let x = 0; x < size; x++) {
      const s = (y * size + x) * 4;
      const d = (row * size + x) * 4;
      pixels[d] = rgba[s + 2];
      pixels[d + 1] = rgba[s + 1];
      pixels[d + 2] = rgba[s];
      pixels[d + 3] = rgba[s + 3];
      if (rgba[s + 3] === 0) mask[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, data } of images) {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size;
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

// ---- output ------------------------------------------------------------------------------------------------

function write(rel, data) {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
  console.log(`${rel} (${data.length} bytes)`);
}

const appStyle = { bg: GREEN, fg: WHITE, inset: 0.04, radius: 0.2, scale: 1 };
const trayStyle = (bg) => ({ bg, fg: WHITE, inset: 0, radius: 0.22, scale: 1.1 });
const templateStyle = { bg: null, fg: BLACK, inset: 0, radius: 0, scale: 1.3 };

write('build/icon.png', png(512, draw(512, appStyle)));
for (const size of [16, 32, 48, 64, 128, 256, 512])
  write(`build/icons/${size}x${size}.png`, png(size, draw(size, appStyle)));
write(
  'build/icon.ico',
  ico([
    ...[16, 24, 32, 48].map((size) => ({ size, data: bmpEntry(size, draw(size, appStyle)) })),
    { size: 256, data: png(256, draw(256, appStyle)) },
  ]),
);
for (const [variant, bg] of [
  ['on', GREEN],
  ['off', GRAY],
]) {
  write(`build/tray/tray-${variant}.png`, png(16, draw(16, trayStyle(bg))));
  write(`build/tray/tray-${variant}@2x.png`, png(32, draw(32, trayStyle(bg))));
  // Windows picks the size for the display scaling (100 %, 125 %, 150 %, 200 %, 250 %) out of the .ico.
  write(
    `build/tray/tray-${variant}.ico`,
    ico([16, 20, 24, 32, 40].map((size) => ({ size, data: bmpEntry(size, draw(size, trayStyle(bg))) }))),
  );
}
write('build/tray/trayTemplate.png', png(16, draw(16, templateStyle)));
write('build/tray/trayTemplate@2x.png', png(32, draw(32, templateStyle)));
