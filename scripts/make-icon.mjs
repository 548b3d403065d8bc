// Draws media/icon.png (128×128): three offset feature maps under a magnifier whose lens shows a 3×3 filter,
// on a dark rounded tile. Node built-ins only: shapes are signed-distance tests, 4×4 supersampled, written as a PNG.
//   node scripts/make-icon.mjs [out.png] [size]
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateSync } from 'node:zlib';

const out = process.argv[2] ?? 'media/icon.png';
const SIZE = Number(process.argv[3] ?? 128);
const S = SIZE / 128; // the design is in 128-unit coordinates
const SUB = 4;

// ── shapes: signed distance (negative inside), in design units ──────────────────────────────────────────────
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r), qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - t * dx, py - t * dy) - w / 2;
};
const intersect = (a, b) => (x, y) => Math.max(a(x, y), b(x, y));

const hex = (h, a = 1) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), a];

// ── the motif ───────────────────────────────────────────────────────────────────────────────────────────────
const tile = roundRect(4, 4, 124, 124, 26);
const lens = { x: 79, y: 77, r: 25 };
const inLens = circle(lens.x, lens.y, lens.r - 2);

/** Layers back to front: a shape and a colour, which may depend on the position (gradients). */
const layers = [
  // tile: a vertical gradient from slate to near-black
  { shape: tile, color: (_x, y) => mix(hex('#2a3142'), hex('#141821'), y / 128) },
  // three feature maps, offset down-right, each translucent so the ones behind show through
  { shape: roundRect(16, 16, 66, 66, 6), color: () => hex('#7c5cff', 0.55) },
  { shape: roundRect(29, 29, 79, 79, 6), color: () => hex('#3b82f6', 0.6) },
  { shape: roundRect(42, 42, 92, 92, 6), color: () => hex('#22d3ee', 0.62) },
  // the lens glass: darkens what it covers a little
  { shape: inLens, color: () => hex('#0b1020', 0.45) },
  // a 3×3 filter seen through the lens
  ...cells(),
  // the magnifier: rim and handle
  { shape: segment(lens.x + 19, lens.y + 19, 111, 109, 11), color: () => hex('#e5e7eb') },
  { shape: ring(lens.x, lens.y, lens.r, 6.5), color: () => hex('#f8fafc') },
];

function cells() {
  const cell = 9, gap = 2.5, span = 3 * cell + 2 * gap;
  const out = [];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const x0 = lens.x - span / 2 + j * (cell + gap), y0 = lens.y - span / 2 + i * (cell + gap);
      const a = (i + j) % 2 === 0 ? 0.95 : 0.75; // a faint checker so the cells read as weights
      out.push({ shape: intersect(roundRect(x0, y0, x0 + cell, y0 + cell, 1.8), inLens), color: () => hex('#fbbf24', a) });
    }
  }
  return out;
}

function mix(a, b, t) {
  return a.map((v, i) => v + (b[i] - v) * Math.max(0, Math.min(1, t)));
}

// ── rasterise: per pixel, composite each layer with its supersampled coverage ───────────────────────────────
const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0; // premultiplied
    const cx = (px + 0.5) / S, cy = (py + 0.5) / S;
    for (const layer of layers) {
      let hits = 0;
      for (let sy = 0; sy < SUB; sy++) {
        for (let sx = 0; sx < SUB; sx++) {
          const x = (px + (sx + 0.5) / SUB) / S, y = (py + (sy + 0.5) / SUB) / S;
          if (layer.shape(x, y) <= 0) hits++;
        }
      }
      if (!hits) continue;
      const [lr, lg, lb, la] = layer.color(cx, cy);
      const alpha = la * hits / (SUB * SUB);
      r = lr * alpha + r * (1 - alpha);
      g = lg * alpha + g * (1 - alpha);
      b = lb * alpha + b * (1 - alpha);
      a = alpha + a * (1 - alpha);
    }
    const o = (py * SIZE + px) * 4;
    rgba[o] = a ? Math.round(r / a) : 0;
    rgba[o + 1] = a ? Math.round(g / a) : 0;
    rgba[o + 2] = a ? Math.round(b / a) : 0;
    rgba[o + 3] = Math.round(a * 255);
  }
}

// ── PNG: signature, IHDR (8-bit RGBA), one IDAT of filter-0 scanlines, IEND ──────────────────────────────────
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

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // colour type: RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`${out}: ${SIZE}×${SIZE}, ${png.length} bytes`);
