/**
 * A PNG encoder for RGBA pixels (8 bits per channel, non-interlaced): signature, IHDR, one IDAT (zlib, each row with
 * the filter that compresses best of None/Sub/Up), IEND, every chunk with its CRC-32.
 */
import { crc32 as zlibCrc32, deflateSync } from 'node:zlib';

const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** CRC-32 (ISO 3309, as PNG chunks use) over the bytes given in order: node:zlib's, as the pack's zip uses. */
export function crc32(...parts: Uint8Array[]): number {
  let c = 0;
  for (const bytes of parts) c = zlibCrc32(bytes, c);
  return c >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  const typeBytes = new TextEncoder().encode(type);
  out.set(typeBytes, 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(typeBytes, body));
  return out;
}

/** Sum of the filtered bytes as signed values: the usual heuristic for picking a row's filter. */
function cost(row: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < row.length; i++) s += row[i]! < 128 ? row[i]! : 256 - row[i]!;
  return s;
}

/** Encodes width × height RGBA pixels (row-major, 4 bytes per pixel) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) throw new Error(`PNG size must be positive integers, got ${width}×${height}`);
  if (rgba.length !== width * height * 4) throw new Error(`PNG data must be ${width * height * 4} bytes (RGBA), got ${rgba.length}`);
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height);
  const sub = new Uint8Array(stride);
  const up = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = rgba.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? rgba.subarray((y - 1) * stride, y * stride) : null;
    for (let i = 0; i < stride; i++) {
      sub[i] = (row[i]! - (i >= 4 ? row[i - 4]! : 0)) & 0xff;
      up[i] = (row[i]! - (prev ? prev[i]! : 0)) & 0xff;
    }
    const options: [number, Uint8Array][] = [
      [0, row],
      [1, sub],
      [2, up],
    ];
    let best = options[0]!;
    let bestCost = cost(row);
    for (const o of options.slice(1)) {
      const c = cost(o[1]);
      if (c < bestCost) [best, bestCost] = [o, c];
    }
    raw[y * (stride + 1)] = best[0];
    raw.set(best[1], y * (stride + 1) + 1);
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  // compression 0, filter 0, interlace 0
  const parts = [SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', new Uint8Array(deflateSync(raw, { level: 6 }))), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
