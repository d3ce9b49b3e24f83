// Draws Stationwatch's icons as PNG files with no dependencies: `node resources/icons/make-icons.mjs`.
// icon.png (512×512 app icon) and tray-{grey,amber,red}.png (16×16, the size the macOS menu bar and most Linux panels draw, and 32×32 @2x) for the tray state.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

function png(size, pixel) {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      // 4×4 supersampling for smooth edges.
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) {
        const [pr, pg, pb, pa] = pixel((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size);
        r += pr * pa; g += pg * pa; b += pb * pa; a += pa;
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      rows[o] = a ? Math.round(r / a) : 0; rows[o + 1] = a ? Math.round(g / a) : 0; rows[o + 2] = a ? Math.round(b / a) : 0; rows[o + 3] = Math.round((a / 16) * 255);
    }
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const none = [0, 0, 0, 0];

/** A station dot with a ring: the tray icon in one colour. */
function trayPixel(colour) {
  const c = hex(colour);
  return (u, v) => {
    const d = Math.hypot(u - 0.5, v - 0.5);
    if (d < 0.2) return [...c, 1];
    if (d > 0.32 && d < 0.46) return [...c, 1];
    return none;
  };
}

/** Rounded navy square, amber and blue arcs (a gauge), white mast: the app icon. */
function appPixel(u, v) {
  const inset = 0.03, radius = 0.19;
  const qx = Math.max(Math.abs(u - 0.5) - (0.5 - inset - radius), 0);
  const qy = Math.max(Math.abs(v - 0.5) - (0.5 - inset - radius), 0);
  if (Math.hypot(qx, qy) > radius) return none;
  const d = Math.hypot(u - 0.5, v - 0.56);
  const isUpper = v < 0.56;
  if (isUpper && Math.abs(d - 0.31) < 0.03) return [...hex('#f0a020'), 1];
  if (isUpper && Math.abs(d - 0.19) < 0.03) return [...hex('#4fc3f7'), 1];
  if (d < 0.06) return [255, 255, 255, 1];
  if (Math.abs(u - 0.5) < 0.025 && v > 0.56 && v < 0.85) return [255, 255, 255, 1];
  return [...hex('#12324a'), 1];
}

writeFileSync(join(here, 'icon.png'), png(512, appPixel));
for (const [name, colour] of [['grey', '#8a939c'], ['amber', '#f0a020'], ['red', '#d7263d']]) {
  writeFileSync(join(here, `tray-${name}.png`), png(16, trayPixel(colour)));
  writeFileSync(join(here, `tray-${name}@2x.png`), png(32, trayPixel(colour)));
}
console.log('icons written to', here);
