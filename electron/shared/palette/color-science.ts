/**
 * Colour science for checking palettes (pure): sRGB <-> linear RGB, CIE XYZ (D65) and CIELAB, and colour differences
 * (CIE76 and CIEDE2000, Sharma, Wu & Dalal 2005). Channels are 0..255 sRGB; Lab L is 0..100.
 */
import type { Rgb } from '../sensor-types/types';

export interface Lab {
  L: number;
  a: number;
  b: number;
}

/** One sRGB channel (0..255) to linear light (0..1). */
export function toLinear(c: number): number {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

/** Linear light (0..1, clamped) to one sRGB channel (0..255, rounded). */
export function fromLinear(v: number): number {
  const c = Math.min(1, Math.max(0, v));
  const s = c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
  return Math.round(s * 255);
}

const WHITE_D65 = [0.95047, 1, 1.08883] as const;

function f(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116;
}

export function rgbToLab(rgb: Readonly<Rgb>): Lab {
  const [r, g, b] = [toLinear(rgb[0]), toLinear(rgb[1]), toLinear(rgb[2])];
  const x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = 0.0193339 * r + 0.119192 * g + 0.9503041 * b;
  const [fx, fy, fz] = [f(x / WHITE_D65[0]), f(y / WHITE_D65[1]), f(z / WHITE_D65[2])];
  return { L: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}

/** Chroma in Lab (0 for a neutral grey; saturated primaries are 60..130). */
export function chroma(rgb: Readonly<Rgb>): number {
  const { a, b } = rgbToLab(rgb);
  return Math.hypot(a, b);
}

/** CIE76: Euclidean distance in Lab. */
export function deltaE76(x: Lab, y: Lab): number {
  return Math.hypot(x.L - y.L, x.a - y.a, x.b - y.b);
}

const RAD = Math.PI / 180;

/** CIEDE2000 (kL = kC = kH = 1). About 1 is a just-noticeable difference; 10 and more reads as a different class. */
export function deltaE2000(x: Lab, y: Lab): number {
  const C1 = Math.hypot(x.a, x.b);
  const C2 = Math.hypot(y.a, y.b);
  const Cbar = (C1 + C2) / 2;
  const G = 0.5 * (1 - Math.sqrt(Math.pow(Cbar, 7) / (Math.pow(Cbar, 7) + Math.pow(25, 7))));
  const a1 = (1 + G) * x.a;
  const a2 = (1 + G) * y.a;
  const C1p = Math.hypot(a1, x.b);
  const C2p = Math.hypot(a2, y.b);
  const hue = (bb: number, aa: number): number => {
    if (bb === 0 && aa === 0) return 0;
    const h = Math.atan2(bb, aa) / RAD;
    return h < 0 ? h + 360 : h;
  };
  const h1 = hue(x.b, a1);
  const h2 = hue(y.b, a2);
  const dL = y.L - x.L;
  const dC = C2p - C1p;
  let dh = 0;
  if (C1p * C2p !== 0) {
    dh = h2 - h1;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dH = 2 * Math.sqrt(C1p * C2p) * Math.sin((dh / 2) * RAD);
  const Lbar = (x.L + y.L) / 2;
  const Cpbar = (C1p + C2p) / 2;
  let hbar = h1 + h2;
  if (C1p * C2p !== 0) {
    if (Math.abs(h1 - h2) <= 180) hbar = (h1 + h2) / 2;
    else hbar = h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
  }
  const T = 1 - 0.17 * Math.cos((hbar - 30) * RAD) + 0.24 * Math.cos(2 * hbar * RAD) + 0.32 * Math.cos((3 * hbar + 6) * RAD) - 0.2 * Math.cos((4 * hbar - 63) * RAD);
  const dTheta = 30 * Math.exp(-Math.pow((hbar - 275) / 25, 2));
  const RC = 2 * Math.sqrt(Math.pow(Cpbar, 7) / (Math.pow(Cpbar, 7) + Math.pow(25, 7)));
  const SL = 1 + (0.015 * Math.pow(Lbar - 50, 2)) / Math.sqrt(20 + Math.pow(Lbar - 50, 2));
  const SC = 1 + 0.045 * Cpbar;
  const SH = 1 + 0.015 * Cpbar * T;
  const RT = -Math.sin(2 * dTheta * RAD) * RC;
  return Math.sqrt(Math.pow(dL / SL, 2) + Math.pow(dC / SC, 2) + Math.pow(dH / SH, 2) + RT * (dC / SC) * (dH / SH));
}

/** CIEDE2000 between two sRGB colours. */
export function colourDifference(x: Readonly<Rgb>, y: Readonly<Rgb>): number {
  return deltaE2000(rgbToLab(x), rgbToLab(y));
}
