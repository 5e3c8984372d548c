/**
 * A small software rasteriser for the pack's map snapshots: an RGBA picture with anti-aliased filled paths (even-odd or
 * non-zero, so rings with holes and unions of shapes fill cleanly), stroked lines with a width and round joins and caps,
 * circles, rings and rectangles; colours are blended over what is already drawn ("source over"). Text is bitmap-font.ts.
 *
 * Paths are filled by scanline with SUB sub-scanlines per pixel row and exact horizontal coverage, keeping an active edge
 * list so a long outline costs its edges per row, not per picture.
 */
import type { RGBA } from '../../../shared/sensor-colors';

export type Pt = readonly [number, number];
export type FillRule = 'evenodd' | 'nonzero';

const SUB = 4;

interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** +1 going down, -1 going up (for the non-zero rule). */
  dir: number;
  /** dx per unit y. */
  slope: number;
}

export class Canvas {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: RGBA = [0, 0, 0, 255],
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || width * height > 50_000_000) {
      throw new Error(`canvas size must be positive integers (at most 50 megapixels), got ${width}×${height}`);
    }
    this.data = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) this.data.set(background, i * 4);
  }

  /** Blends `color` with coverage `a` (0..1) over pixel (x, y). */
  blend(x: number, y: number, color: RGBA, a: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || a <= 0) return;
    const alpha = (color[3] / 255) * Math.min(1, a);
    const i = (y * this.width + x) * 4;
    const d = this.data;
    d[i] = Math.round(color[0] * alpha + d[i]! * (1 - alpha));
    d[i + 1] = Math.round(color[1] * alpha + d[i + 1]! * (1 - alpha));
    d[i + 2] = Math.round(color[2] * alpha + d[i + 2]! * (1 - alpha));
    d[i + 3] = Math.round(255 * alpha + d[i + 3]! * (1 - alpha));
  }

  /** The colour at (x, y) (tests and checks). */
  pixel(x: number, y: number): RGBA {
    const i = (y * this.width + x) * 4;
    return [this.data[i]!, this.data[i + 1]!, this.data[i + 2]!, this.data[i + 3]!];
  }

  /** Fills a path of closed rings (outer rings and holes alike) by the given rule, anti-aliased. */
  fillPath(rings: readonly (readonly Pt[])[], color: RGBA, rule: FillRule = 'evenodd'): void {
    const edges: Edge[] = [];
    let minY = Infinity;
    let maxY = -Infinity;
    for (const ring of rings) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[(i + 1) % ring.length]!;
        if (!Number.isFinite(a[0]) || !Number.isFinite(a[1]) || !Number.isFinite(b[0]) || !Number.isFinite(b[1]) || a[1] === b[1]) continue;
        const down = a[1] < b[1];
        const [p, q] = down ? [a, b] : [b, a];
        edges.push({ x0: p[0], y0: p[1], x1: q[0], y1: q[1], dir: down ? 1 : -1, slope: (q[0] - p[0]) / (q[1] - p[1]) });
        minY = Math.min(minY, p[1]);
        maxY = Math.max(maxY, q[1]);
      }
    }
    if (edges.length === 0) return;
    const top = Math.max(0, Math.floor(minY));
    const bottom = Math.min(this.height - 1, Math.ceil(maxY));
    if (top > bottom) return;
    edges.sort((e, f) => e.y0 - f.y0);
    const cov = new Float32Array(this.width + 2);
    let next = 0;
    let active: Edge[] = [];
    const xs: { x: number; dir: number }[] = [];
    for (let py = top; py <= bottom; py++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let s = 0; s < SUB; s++) {
        const y = py + (s + 0.5) / SUB;
        while (next < edges.length && edges[next]!.y0 <= y) active.push(edges[next++]!);
        active = active.filter((e) => e.y1 > y);
        xs.length = 0;
        for (const e of active) if (e.y0 <= y) xs.push({ x: e.x0 + (y - e.y0) * e.slope, dir: e.dir });
        if (xs.length < 2) continue;
        xs.sort((a, b) => a.x - b.x);
        let winding = 0;
        for (let k = 0; k < xs.length - 1; k++) {
          winding += rule === 'evenodd' ? 1 : xs[k]!.dir;
          const inside = rule === 'evenodd' ? winding % 2 === 1 : winding !== 0;
          if (!inside) continue;
          const xa = Math.max(0, xs[k]!.x);
          const xb = Math.min(this.width, xs[k + 1]!.x);
          if (xb <= xa) continue;
          addSpan(cov, xa, xb, 1 / SUB);
          lo = Math.min(lo, Math.floor(xa));
          hi = Math.max(hi, Math.ceil(xb));
        }
      }
      if (lo > hi) continue;
      for (let px = lo; px <= Math.min(hi, this.width - 1); px++) {
        if (cov[px]! > 0) this.blend(px, py, color, cov[px]!);
        cov[px] = 0;
      }
      cov[this.width] = 0;
      cov[this.width + 1] = 0;
    }
  }

  /** Strokes a polyline `width` pixels wide with round joins and caps (one union: overlaps are not drawn twice). */
  strokeLine(points: readonly Pt[], width: number, color: RGBA): void {
    this.fillPath(strokeOutline(points, width), color, 'nonzero');
  }

  fillCircle(cx: number, cy: number, r: number, color: RGBA): void {
    if (r <= 0) return;
    this.fillPath([circle(cx, cy, r)], color);
  }

  /** A ring centred on radius `r`, `width` pixels wide. */
  strokeCircle(cx: number, cy: number, r: number, width: number, color: RGBA): void {
    const outer = r + width / 2;
    const inner = Math.max(0, r - width / 2);
    this.fillPath(inner > 0 ? [circle(cx, cy, outer), circle(cx, cy, inner)] : [circle(cx, cy, outer)], color, 'evenodd');
  }

  fillRect(x: number, y: number, w: number, h: number, color: RGBA): void {
    this.fillPath(
      [
        [
          [x, y],
          [x + w, y],
          [x + w, y + h],
          [x, y + h],
        ],
      ],
      color,
    );
  }
}

/** Adds coverage `weight` over [xa, xb) with exact partial coverage of the end pixels. */
function addSpan(cov: Float32Array, xa: number, xb: number, weight: number): void {
  const ia = Math.floor(xa);
  const ib = Math.floor(xb);
  if (ia === ib) {
    cov[ia] = cov[ia]! + (xb - xa) * weight;
    return;
  }
  cov[ia] = cov[ia]! + (ia + 1 - xa) * weight;
  for (let i = ia + 1; i < ib; i++) cov[i] = cov[i]! + weight;
  if (xb > ib) cov[ib] = cov[ib]! + (xb - ib) * weight;
}

/** A circle as a polygon fine enough to look round at its size (clockwise in screen space). */
export function circle(cx: number, cy: number, r: number): Pt[] {
  const n = Math.max(8, Math.min(64, Math.ceil(r * 2.5)));
  const out: Pt[] = [];
  for (let i = 0; i < n; i++) {
    const t = (i / n) * 2 * Math.PI;
    out.push([cx + r * Math.cos(t), cy + r * Math.sin(t)]);
  }
  return out;
}

/** Signed area (positive = clockwise on screen, y down). */
function signedArea(ring: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/**
 * The outline of a stroked polyline as rings of one orientation (so the non-zero rule unites them): a quad per segment
 * and a disc at every vertex (round joins and caps; left out for hairlines, where they cannot be seen).
 */
export function strokeOutline(points: readonly Pt[], width: number): Pt[][] {
  const h = Math.max(0.25, width / 2);
  const out: Pt[][] = [];
  const pts = points.filter((p, i) => Number.isFinite(p[0]) && Number.isFinite(p[1]) && (i === 0 || p[0] !== points[i - 1]![0] || p[1] !== points[i - 1]![1]));
  const round = width > 2;
  for (let i = 0; i + 1 < pts.length; i++) {
    const [ax, ay] = pts[i]!;
    const [bx, by] = pts[i + 1]!;
    const len = Math.hypot(bx - ax, by - ay);
    const nx = (-(by - ay) / len) * h;
    const ny = ((bx - ax) / len) * h;
    // Without round joins, extend each segment by half a width so consecutive ones meet.
    const ex = round ? 0 : ((bx - ax) / len) * h * 0.5;
    const ey = round ? 0 : ((by - ay) / len) * h * 0.5;
    const quad: Pt[] = [
      [ax - ex + nx, ay - ey + ny],
      [bx + ex + nx, by + ey + ny],
      [bx + ex - nx, by + ey - ny],
      [ax - ex - nx, ay - ey - ny],
    ];
    out.push(signedArea(quad) < 0 ? quad.reverse() : quad);
  }
  if (round || pts.length === 1) for (const [x, y] of pts) out.push(circle(x, y, h));
  return out;
}
