/**
 * Text on a Canvas with the 5 × 7 bitmap font, scaled by a whole number, with an optional halo so that labels read on
 * any background. Letters the font lacks are drawn without their accents when they have a base letter (é -> e), else
 * as a box: never silently dropped.
 */
import type { RGBA } from '../../../shared/sensor-colors';
import type { Canvas } from './canvas';
import { GLYPHS, GLYPH_HEIGHT, GLYPH_WIDTH } from './font-glyphs';

/** Advance per character in font pixels (glyph plus one column of spacing). */
const ADVANCE = GLYPH_WIDTH + 1;

function glyphOf(ch: string): readonly string[] {
  const direct = GLYPHS[ch];
  if (direct) return direct;
  const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return GLYPHS[base] ?? GLYPHS['?missing']!;
}

export interface TextStyle {
  color: RGBA;
  /** Whole-number scale: 1 = 7 px capitals. */
  scale?: number;
  /** Drawn one font pixel around every ink pixel first. */
  halo?: RGBA;
}

/** Width in pixels of `text` at `scale`. */
export function textWidth(text: string, scale = 1): number {
  const n = [...text].length;
  return n === 0 ? 0 : (n * ADVANCE - 1) * scale;
}

export const TEXT_HEIGHT = GLYPH_HEIGHT;

/** Draws `text` with its top-left corner at (x, y). */
export function drawText(canvas: Canvas, text: string, x: number, y: number, style: TextStyle): void {
  const scale = Math.max(1, Math.round(style.scale ?? 1));
  const ink: [number, number][] = [];
  let cx = 0;
  for (const ch of text) {
    const rows = glyphOf(ch);
    rows.forEach((row, ry) => {
      for (let rx = 0; rx < row.length; rx++) if (row[rx] === '#') ink.push([cx + rx, ry]);
    });
    cx += ADVANCE;
  }
  const x0 = Math.round(x);
  const y0 = Math.round(y);
  const paint = (color: RGBA, dx: number, dy: number, done: Set<number>): void => {
    for (const [gx, gy] of ink) {
      const key = (gy + dy + 2) * 100_000 + (gx + dx + 2);
      if (done.has(key)) continue;
      done.add(key);
      for (let sy = 0; sy < scale; sy++) {
        for (let sx = 0; sx < scale; sx++) canvas.blend(x0 + (gx + dx) * scale + sx, y0 + (gy + dy) * scale + sy, color, 1);
      }
    }
  };
  if (style.halo) {
    const done = new Set<number>();
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) paint(style.halo, dx, dy, done);
  }
  paint(style.color, 0, 0, new Set());
}
