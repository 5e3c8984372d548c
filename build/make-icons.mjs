// Regenerates the app icons from build/icon.svg (run by hand after editing the SVG; the outputs are committed):
//   build/icon.png            1024x1024 (electron-builder's default source; mac/win derive from it if needed)
//   build/icons/NxN.png       16..512 (Linux: AppImage/deb hicolor icons)
//   build/icon.ico            16..256 (Windows, NSIS)
//   build/icon.icns           16..1024 (macOS), written here from the PNGs: no iconutil/png2icns needed
// Needs ImageMagick's `convert` (its internal MSVG renderer is enough for this drawing).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const svg = path.join(dir, 'icon.svg');
const convert = process.env.CONVERT ?? 'convert';
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

function render(size, out) {
  execFileSync(convert, ['-background', 'none', '-density', String(Math.max(72, Math.ceil((72 * size) / 1024) * 4)), svg, '-resize', `${size}x${size}`, `png32:${out}`]);
}

mkdirSync(path.join(dir, 'icons'), { recursive: true });
render(1024, path.join(dir, 'icon.png'));
for (const s of LINUX_SIZES) render(s, path.join(dir, 'icons', `${s}x${s}.png`));

// Windows: a multi-resolution .ico from the PNGs.
execFileSync(convert, [16, 24, 32, 48, 64, 128, 256].map((s) => path.join(dir, 'icons', `${s}x${s}.png`)).concat([path.join(dir, 'icon.ico')]));

// macOS: .icns is a 'icns' header followed by (type, length, PNG data) chunks.
const icnsTypes = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512],
];
const pngFor = (size) => readFileSync(size === 1024 ? path.join(dir, 'icon.png') : path.join(dir, 'icons', `${size}x${size}.png`));
const chunks = icnsTypes.map(([type, size]) => {
  const data = pngFor(size);
  const head = Buffer.alloc(8);
  head.write(type, 0, 'ascii');
  head.writeUInt32BE(data.length + 8, 4);
  return Buffer.concat([head, data]);
});
const body = Buffer.concat(chunks);
const header = Buffer.alloc(8);
header.write('icns', 0, 'ascii');
header.writeUInt32BE(body.length + 8, 4);
writeFileSync(path.join(dir, 'icon.icns'), Buffer.concat([header, body]));
console.log('icons: build/icon.png, build/icons/*.png, build/icon.ico, build/icon.icns');
