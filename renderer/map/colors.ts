/** Colour helpers and the palettes shared by layers and legends. Colours are [r, g, b, a] with 0..255 channels. */

export type RGBA = [number, number, number, number];

export const STALE_COLOR: RGBA = [120, 128, 140, 170];
export const NEVER_COLOR: RGBA = [85, 92, 104, 120];
export const FLAGGED_COLOR: RGBA = [186, 120, 255, 255];
export const OVER_CAPACITY_OUTLINE: RGBA = [255, 0, 220, 255];
export const UNKNOWN_COLOR: RGBA = [150, 200, 230, 220];

export const RED: RGBA = [229, 57, 53, 255];
export const AMBER: RGBA = [255, 179, 0, 255];
export const GREEN: RGBA = [67, 200, 90, 255];

export function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

export function mix(a: RGBA, b: RGBA, t: number): RGBA {
  const u = clamp(t, 0, 1);
  return [Math.round(lerp(a[0], b[0], u)), Math.round(lerp(a[1], b[1], u)), Math.round(lerp(a[2], b[2], u)), Math.round(lerp(a[3], b[3], u))];
}

/** Piecewise-linear ramp over sorted stops; values outside the stops clamp to the end colours. */
export function ramp(stops: readonly (readonly [number, RGBA])[], x: number): RGBA {
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (!first || !last) throw new Error('ramp needs stops');
  if (!(x > first[0])) return [...first[1]];
  if (x >= last[0]) return [...last[1]];
  for (let i = 1; i < stops.length; i++) {
    const hi = stops[i];
    const lo = stops[i - 1];
    if (hi && lo && x <= hi[0]) return mix(lo[1], hi[1], (x - lo[0]) / (hi[0] - lo[0]));
  }
  return [...last[1]];
}

export function cssColor(c: RGBA): string {
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${(c[3] / 255).toFixed(2)})`;
}

/** CSS linear-gradient for a ramp over [min, max]. */
export function cssGradient(stops: readonly (readonly [number, RGBA])[], min: number, max: number): string {
  const parts = stops.map(([v, c]) => `${cssColor(c)} ${(((v - min) / (max - min)) * 100).toFixed(1)}%`);
  return `linear-gradient(to right, ${parts.join(', ')})`;
}
