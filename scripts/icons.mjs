// Draws the app's icons (a white tick on 落实 red) as PNG files with nothing but node:zlib, for the web app manifest
// (添加到主屏幕) and the iPhone's home screen. Run `node scripts/icons.mjs` after changing the drawing; the files are
// committed under src/web/public/icons.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const RED = [0xb4, 0x23, 0x2a];
const WHITE = [0xff, 0xff, 0xff];

const crcTable = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Distance from point p to the segment a–b (all in units of the icon's side). */
function toSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * The icon: a rounded red square (or, `maskable`, red to the edges with the mark inside the safe zone) and a white
 * tick, anti-aliased by 4×4 samples per pixel.
 */
function icon(size, maskable) {
  const scale = maskable ? 0.8 : 1;
  const radius = maskable ? 0 : 0.18;
  const stroke = 0.075 * scale;
  const c = (v) => 0.5 + (v - 0.5) * scale;
  const tick = [
    [c(0.27), c(0.53), c(0.44), c(0.69)],
    [c(0.44), c(0.69), c(0.74), c(0.34)],
  ];
  return png(size, (x, y) => {
    let bg = 0;
    let mark = 0;
    for (let sy = 0; sy < 4; sy++)
      for (let sx = 0; sx < 4; sx++) {
        const u = (x + (sx + 0.5) / 4) / size;
        const v = (y + (sy + 0.5) / 4) / size;
        const qx = Math.max(radius - u, u - (1 - radius), 0);
        const qy = Math.max(radius - v, v - (1 - radius), 0);
        if (Math.hypot(qx, qy) <= radius || radius === 0) {
          bg++;
          if (tick.some(([ax, ay, bx, by]) => toSegment(u, v, ax, ay, bx, by) <= stroke / 2)) mark++;
        }
      }
    const a = bg / 16;
    const m = bg ? mark / bg : 0;
    const rgb = RED.map((r, i) => Math.round(r * (1 - m) + WHITE[i] * m));
    return [...rgb, Math.round(a * 255)];
  });
}

const out = path.join(import.meta.dirname, '..', 'src', 'web', 'public', 'icons');
fs.mkdirSync(out, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
]) {
  fs.writeFileSync(path.join(out, name), icon(size, maskable));
  console.log(`${name} ${size}×${size}`);
}
