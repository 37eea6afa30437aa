// Draws images/icon.png (the marketplace and task icon): a white padlock on an Azure-blue rounded
// square, 128×128, anti-aliased by 4×4 supersampling. Plain Node (zlib), no image library.
// Run once after changing it: node extension/draw-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;
const BLUE = [0, 120, 212];
const WHITE = [255, 255, 255];

/** Inside a rounded rectangle [x0,x1]×[y0,y1] with corner radius r. */
function inRoundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The colour of one point: background, lock body, shackle, keyhole. */
function colourAt(x, y) {
  if (!inRoundedRect(x, y, 0, 0, SIZE, SIZE, 22)) return undefined;
  const keyhole = (x - 64) ** 2 + (y - 80) ** 2 <= 8 ** 2 || (Math.abs(x - 64) <= 3.5 && y >= 80 && y <= 96);
  if (inRoundedRect(x, y, 30, 58, 98, 108, 8)) return keyhole ? BLUE : WHITE;
  // Shackle: a half ring above the body, with straight legs down into it.
  const d = Math.hypot(x - 64, y - 50);
  const ring = d >= 16 && d <= 26;
  if (ring && y <= 50) return WHITE;
  if (y > 50 && y < 60 && ((x >= 38 && x <= 48) || (x >= 80 && x <= 90))) return WHITE;
  return BLUE;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  raw[py * (SIZE * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = colourAt(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
        if (c === undefined) continue;
        sum[0] += c[0];
        sum[1] += c[1];
        sum[2] += c[2];
        sum[3] += 1;
      }
    }
    const o = py * (SIZE * 4 + 1) + 1 + px * 4;
    const n = sum[3];
    raw[o] = n ? Math.round(sum[0] / n) : 0;
    raw[o + 1] = n ? Math.round(sum[1] / n) : 0;
    raw[o + 2] = n ? Math.round(sum[2] / n) : 0;
    raw[o + 3] = Math.round((255 * n) / SAMPLES ** 2);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
