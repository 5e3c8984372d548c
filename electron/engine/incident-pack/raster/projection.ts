/**
 * Web Mercator fit of a [west, south, east, north] box into a width × height picture: the box is centred and as large
 * as fits (one scale for x and y, so shapes keep their proportions), with an optional inset for a title band.
 */
import type { Bbox } from '../../../shared/geojson-bbox';

export interface Projection {
  /** [lng, lat] -> [x, y] in pixels (y down). */
  project(lng: number, lat: number): [number, number];
  /** Pixels per Web Mercator unit (the world is 1 unit wide): the zoom, as 256 × 2^zoom. */
  scale: number;
  width: number;
  height: number;
}

const MAX_LAT = 85.05112878;

/** Web Mercator in unit coordinates: x 0..1 west to east, y 0..1 north to south. */
export function mercator(lng: number, lat: number): [number, number] {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return [(lng + 180) / 360, 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI)];
}

/** Area of the picture the box is fitted into: top and bottom insets keep title and attribution bands free. */
export interface FitInsets {
  top: number;
  bottom: number;
}

export function fitBbox(bbox: Bbox, width: number, height: number, insets: FitInsets = { top: 0, bottom: 0 }): Projection {
  const [west, south, east, north] = bbox;
  if (![west, south, east, north].every(Number.isFinite) || east < west || north < south) throw new Error(`bbox must be [west, south, east, north], got ${JSON.stringify(bbox)}`);
  const [x0, y1] = mercator(west, south);
  const [x1, y0] = mercator(east, north);
  const innerH = Math.max(1, height - insets.top - insets.bottom);
  // A box of no extent (one sensor) is shown at a street scale rather than at an infinite zoom.
  const spanX = Math.max(x1 - x0, 1e-5);
  const spanY = Math.max(y1 - y0, 1e-5);
  const scale = Math.min(width / spanX, innerH / spanY);
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const ox = width / 2;
  const oy = insets.top + innerH / 2;
  return {
    project(lng, lat) {
      const [x, y] = mercator(lng, lat);
      return [ox + (x - cx) * scale, oy + (y - cy) * scale];
    },
    scale,
    width,
    height,
  };
}
