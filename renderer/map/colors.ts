/**
 * The colours every layer and legend share, whatever the sensor type: defined once, per palette, in
 * electron/shared/palette/palettes.ts (sensor-colors.ts names the default palette's, which the engine's incident-pack
 * snapshots draw), plus their CSS forms for the legend.
 */
import type { RGBA } from '../../electron/shared/palette/palettes';
import type { Rgb } from '../../electron/shared/sensor-types/types';

export {
  FLAG_HALO_COLOR,
  FLAG_RING_COLOR,
  FLAGGED_COLOR,
  NEVER_COLOR,
  OUTLINE_DIM,
  OUTLINE_LIVE,
  STALE_COLOR,
  UNKNOWN_COLOR,
} from '../../electron/shared/sensor-colors';
export { paletteOf, PALETTES, type PaletteId, type RGBA } from '../../electron/shared/palette/palettes';
export { bandRgb } from '../../electron/shared/palette/bands';

export function cssColor(c: RGBA): string {
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${(c[3] / 255).toFixed(2)})`;
}

export function cssRgb(c: Readonly<Rgb>): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
