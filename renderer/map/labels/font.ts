/**
 * The map labels' font: the system's sans-serif, drawn by deck.gl's TextLayer into a canvas font atlas (no glyph files,
 * nothing fetched: it works offline). Text boxes for decluttering are estimated from the size and the character count.
 */

export const LABEL_FONT = 'system-ui, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif';

/** Average advance of a character of LABEL_FONT, as a fraction of the font size (generous: boxes must not undershoot). */
const CHAR_WIDTH_EM = 0.6;

/** Width × height (CSS px) of a one-line label of `text` at `sizePx`. */
export function textBoxSize(text: string, sizePx: number): [number, number] {
  return [Math.ceil([...text].length * sizePx * CHAR_WIDTH_EM), Math.ceil(sizePx * 1.25)];
}
