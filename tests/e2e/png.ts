/**
 * A minimal PNG decoder for the e2e tests: 8-bit greyscale, grey+alpha, RGB or RGBA, non-interlaced (what Chromium's
 * screenshots are). Always returns RGBA. Anything else throws, so a format change is loud rather than misread.
 */
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, row-major, 4 bytes per pixel. */
  data: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Colour type -> channels per pixel. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

export function decodePng(buf: Buffer): DecodedPng {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG (bad signature)');
  let off = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (off + 8 <= buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const body = buf.subarray(off + 8, off + 8 + len);
    off += 12 + len; // length, type, body, CRC
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const bitDepth = body[8];
      colorType = body[9]!;
      const interlace = body[12];
      if (bitDepth !== 8) throw new Error(`PNG bit depth ${bitDepth} not supported (8 only)`);
      if (!(colorType in CHANNELS)) throw new Error(`PNG colour type ${colorType} not supported`);
      if (interlace !== 0) throw new Error('interlaced PNG not supported');
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
  }
  if (width <= 0 || height <= 0 || colorType < 0) throw new Error('PNG without IHDR');
  const channels = CHANNELS[colorType]!;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length < (stride + 1) * height) throw new Error(`PNG data too short: ${raw.length} < ${(stride + 1) * height}`);

  // Unfilter into `px` (channels per pixel), then expand to RGBA.
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i]!;
      const a = i >= channels ? px[row + i - channels]! : 0;
      const b = y > 0 ? px[prev + i]! : 0;
      const c = y > 0 && i >= channels ? px[prev + i - channels]! : 0;
      let v: number;
      switch (filter) {
        case 0: v = x; break;
        case 1: v = x + a; break;
        case 2: v = x + b; break;
        case 3: v = x + ((a + b) >> 1); break;
        case 4: v = x + paeth(a, b, c); break;
        default: throw new Error(`PNG filter ${filter} invalid (row ${y})`);
      }
      px[row + i] = v & 0xff;
    }
  }

  const data = new Uint8Array(width * height * 4);
  for (let p = 0, q = 0; p < width * height; p++, q += channels) {
    const o = p * 4;
    if (channels >= 3) {
      data[o] = px[q]!;
      data[o + 1] = px[q + 1]!;
      data[o + 2] = px[q + 2]!;
      data[o + 3] = channels === 4 ? px[q + 3]! : 255;
    } else {
      data[o] = data[o + 1] = data[o + 2] = px[q]!;
      data[o + 3] = channels === 2 ? px[q + 1]! : 255;
    }
  }
  return { width, height, data };
}
