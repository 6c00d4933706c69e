// Draws the extension's icons from one geometry: media/icon.svg (monochrome, activity bar) and media/logo.png
// (128×128, Marketplace). Only Node built-ins: shapes are rasterised from distance functions, PNG written with zlib.
// Run: node scripts/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..');

// Geometry in a 128-unit square: twelve ticks like a clock face (one per factor) around a check mark.
const C = 64;
const ticks = Array.from({ length: 12 }, (_, i) => {
  const a = (i * Math.PI) / 6;
  const at = (r) => [C + r * Math.sin(a), C - r * Math.cos(a)];
  return [at(40), at(51)];
});
const check = [
  [45, 65],
  [58, 78],
  [85, 49],
];

// --- SVG (24×24). Activity-bar icons are used as masks, so only the shape matters.
const s = 24 / 128;
const f = (n) => +(n * s).toFixed(2);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-linecap="round" stroke-linejoin="round">
  <path stroke-width="1.5" d="${ticks.map(([a, b]) => `M${f(a[0])} ${f(a[1])}L${f(b[0])} ${f(b[1])}`).join('')}"/>
  <path stroke-width="2" d="M${check.map((p) => `${f(p[0])} ${f(p[1])}`).join('L')}"/>
</svg>
`;
fs.writeFileSync(path.join(root, 'media', 'icon.svg'), svg);

// --- PNG (128×128).
const N = 128;
const px = new Float64Array(N * N * 4); // premultiplied RGBA, 0..1

function segDist(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function roundRectDist(x, y, x0, y0, x1, y1, r) {
  const qx = Math.abs(x - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);

/** Paints `color` where dist(x, y) < 0, with one pixel of anti-aliasing. */
function paint(color, dist) {
  const [r, g, b] = hex(color);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const a = Math.max(0, Math.min(1, 0.5 - dist(x + 0.5, y + 0.5)));
      if (!a) continue;
      const i = (y * N + x) * 4;
      px[i] = r * a + px[i] * (1 - a);
      px[i + 1] = g * a + px[i + 1] * (1 - a);
      px[i + 2] = b * a + px[i + 2] * (1 - a);
      px[i + 3] = a + px[i + 3] * (1 - a);
    }
  }
}

paint('#16232f', (x, y) => roundRectDist(x, y, 4, 4, 124, 124, 26));
for (const [a, b] of ticks) paint('#5eead4', (x, y) => segDist(x, y, a, b) - 3.5);
paint('#f8fafc', (x, y) => Math.min(segDist(x, y, check[0], check[1]), segDist(x, y, check[1], check[2])) - 5.5);

const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < N; x++) {
    const i = (y * N + x) * 4;
    const o = y * (N * 4 + 1) + 1 + x * 4;
    const a = px[i + 3];
    // Un-premultiply for PNG's straight alpha.
    for (let c = 0; c < 3; c++) raw[o + c] = a ? Math.round((px[i + c] / a) * 255) : 0;
    raw[o + 3] = Math.round(a * 255);
  }
}

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.writeFileSync(path.join(root, 'media', 'logo.png'), png);
console.log(`media/icon.svg (${svg.length} B), media/logo.png (${png.length} B)`);
