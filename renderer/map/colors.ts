/**
 * The colours every layer and legend share, whatever the sensor type (the type's own colours are its bands). Colours are
 * [r, g, b, a] with 0..255 channels.
 */
import type { Rgb } from '../../electron/shared/sensor-types/types';

export type RGBA = [number, number, number, number];

/** Silent for longer than 1.5 × the expected interval. */
export const STALE_COLOR: RGBA = [120, 128, 140, 170];
/** Never heard from. */
export const NEVER_COLOR: RGBA = [85, 92, 104, 120];
/** A live reading whose headline cannot be judged (a value it needs is empty or outside its valid range). */
export const FLAGGED_COLOR: RGBA = [186, 120, 255, 255];
/** The headline cannot be computed although the reading is fine (e.g. an attribute it needs is unknown). */
export const UNKNOWN_COLOR: RGBA = [150, 200, 230, 220];
/** Ring around a flagged point or area (e.g. a car park over capacity). */
export const FLAG_RING_COLOR: RGBA = [255, 0, 220, 255];
/** Light halo under a flagged line. */
export const FLAG_HALO_COLOR: RGBA = [235, 235, 255, 110];
/** Outline of a point symbol: live / not live. */
export const OUTLINE_LIVE: RGBA = [15, 20, 28, 255];
export const OUTLINE_DIM: RGBA = [40, 44, 52, 255];

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

export function cssColor(c: RGBA): string {
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${(c[3] / 255).toFixed(2)})`;
}

export function cssRgb(c: Rgb): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
