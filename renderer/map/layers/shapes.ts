/**
 * The shape cue beside colour: a type's point symbols are circles, squares, diamonds or triangles (its map style's
 * `shape`). Circles are drawn by a ScatterplotLayer; the other shapes by an IconLayer from this atlas, an alpha mask
 * (tinted by the layer's colour) made here in code, so that nothing is fetched and no canvas is needed to make it.
 * Each shape also comes hollow (its outline only): the cue of a symbol with no value to show (stale, never heard from,
 * not computable), which stays drawn at its full size.
 */
import type { MapStyleDef } from '../../../electron/shared/sensor-types/types';

export type Shape = NonNullable<MapStyleDef['shape']>;
export const SHAPES: readonly Shape[] = ['circle', 'square', 'diamond', 'triangle'];

/** Pixels per atlas cell (each shape fills its cell; the icon is drawn at 2 × the symbol radius). */
export const SHAPE_CELL_PX = 64;

/** RGBA pixels, row-major: structurally an ImageData (the browser passes one made from these bytes). */
export interface ShapeAtlasImage {
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
}

export interface IconMappingEntry {
  x: number;
  y: number;
  width: number;
  height: number;
  mask: boolean;
}

/** An atlas icon: a shape, filled or hollow. */
export type ShapeIcon = Shape | `${Shape}-hollow`;
export const SHAPE_ICONS: readonly ShapeIcon[] = [...SHAPES, ...SHAPES.map((s) => `${s}-hollow` as const)];

/** The icon of a shape, hollow or not. */
export function shapeIcon(shape: Shape, hollow: boolean): ShapeIcon {
  return hollow ? `${shape}-hollow` : shape;
}

export const SHAPE_MAPPING: Record<ShapeIcon, IconMappingEntry> = Object.fromEntries(
  SHAPE_ICONS.map((s, i) => [s, { x: i * SHAPE_CELL_PX, y: 0, width: SHAPE_CELL_PX, height: SHAPE_CELL_PX, mask: true }]),
) as Record<ShapeIcon, IconMappingEntry>;

/** The hollow shape's inner edge, as a share of its outer size (the rim is about a fifth of the symbol wide). */
export const HOLLOW_INNER = 0.6;

/** Whether the point (u, v) in the unit cell [-1, 1]² is inside the shape (shapes of about equal area). */
export function insideShape(shape: Shape, u: number, v: number): boolean {
  switch (shape) {
    case 'circle':
      return u * u + v * v <= 0.94 * 0.94;
    case 'square':
      return Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8;
    case 'diamond':
      return Math.abs(u) + Math.abs(v) <= 1;
    case 'triangle': {
      // Pointing up: apex at the top (v = -0.95 in screen orientation), base at v = 0.8.
      if (v > 0.8 || v < -0.95) return false;
      const halfWidth = ((v + 0.95) / 1.75) * 0.98;
      return Math.abs(u) <= halfWidth;
    }
  }
}

/** Whether (u, v) is on the rim of the hollow shape: inside it and outside its copy scaled by HOLLOW_INNER. */
export function insideIcon(icon: ShapeIcon, u: number, v: number): boolean {
  if (!icon.endsWith('-hollow')) return insideShape(icon as Shape, u, v);
  const shape = icon.slice(0, -'-hollow'.length) as Shape;
  return insideShape(shape, u, v) && !insideShape(shape, u / HOLLOW_INNER, v / HOLLOW_INNER);
}

/** The atlas: one cell per icon, white, alpha = coverage (4 × 4 samples per pixel for smooth edges). */
export function shapeAtlasBitmap(): ShapeAtlasImage {
  const width = SHAPE_CELL_PX * SHAPE_ICONS.length;
  const height = SHAPE_CELL_PX;
  const data = new Uint8ClampedArray(width * height * 4);
  const n = 4;
  SHAPE_ICONS.forEach((icon, cell) => {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < SHAPE_CELL_PX; x++) {
        let hits = 0;
        for (let sy = 0; sy < n; sy++) {
          for (let sx = 0; sx < n; sx++) {
            const u = ((x + (sx + 0.5) / n) / SHAPE_CELL_PX) * 2 - 1;
            const v = ((y + (sy + 0.5) / n) / SHAPE_CELL_PX) * 2 - 1;
            if (insideIcon(icon, u, v)) hits++;
          }
        }
        const o = (y * width + cell * SHAPE_CELL_PX + x) * 4;
        data[o] = 255;
        data[o + 1] = 255;
        data[o + 2] = 255;
        data[o + 3] = Math.round((255 * hits) / (n * n));
      }
    }
  });
  return { width, height, data };
}
