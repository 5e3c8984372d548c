/**
 * The colours every layer and legend share, whatever the sensor type: defined once in electron/shared/sensor-colors.ts
 * (the engine's incident-pack snapshots draw the same), plus their CSS forms for the legend.
 */
import type { RGBA } from '../../electron/shared/sensor-colors';
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
  type RGBA,
} from '../../electron/shared/sensor-colors';

export function cssColor(c: RGBA): string {
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${(c[3] / 255).toFixed(2)})`;
}

export function cssRgb(c: Rgb): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
