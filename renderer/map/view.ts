/**
 * The map's home view: the city the feed describes, never a built-in one. The feed's home box when it sent one, else
 * the extent of its sensors (the engine's city.extent, else computed here from the catalogue); before any of that, the
 * whole world. Pure: the camera for a box is computed here (Web Mercator, MapLibre's 512 px tiles), so the view is
 * tested without a map.
 */
import type { LngLat, Sensor } from '../../electron/shared/model';
import { coordinatesOf } from './layers/geometry';

/** [west, south, east, north] in degrees. */
export type Bbox = [number, number, number, number];

/** What the map needs of the store's city: the feed's home box (optional) and the sensors' extent. */
export interface CityView {
  home?: Bbox | null;
  extent: Bbox | null;
}

export interface Camera {
  center: LngLat;
  zoom: number;
}

/** Before anything is known: the world, not a city. */
export const WORLD_VIEW: Camera = { center: [0, 20], zoom: 1 };
/** Closest zoom for the home view (a single sensor's box has no size). */
export const HOME_MAX_ZOOM = 15;
/** Room around the sensors, px. */
export const HOME_PADDING_PX = 40;
const TILE_PX = 512;
const MAX_LAT = 85.051129;

export function isValidBbox(b: unknown): b is Bbox {
  if (!Array.isArray(b) || b.length !== 4 || !b.every((x) => typeof x === 'number' && Number.isFinite(x))) return false;
  const [w, s, e, n] = b as Bbox;
  return w >= -180 && e <= 180 && w <= e && s >= -90 && n <= 90 && s <= n;
}

/** The box around every coordinate of the catalogue's sensors, or null when it has none. */
export function catalogueBbox(catalogue: Iterable<Pick<Sensor, 'geometry'>>): Bbox | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const sensor of catalogue) {
    for (const [x, y] of coordinatesOf(sensor)) {
      if (Math.abs(x) > 180 || Math.abs(y) > 90) continue;
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  }
  return w <= e && s <= n ? [w, s, e, n] : null;
}

/** The home box: the feed's home, else the city's extent, else the sensors' box, else null (show the world). */
export function homeBbox(city: CityView | null | undefined, catalogue: Iterable<Pick<Sensor, 'geometry'>>): Bbox | null {
  if (city?.home && isValidBbox(city.home)) return city.home;
  if (city?.extent && isValidBbox(city.extent)) return city.extent;
  return catalogueBbox(catalogue);
}

function mercatorX(lng: number): number {
  return (lng + 180) / 360;
}

function mercatorY(lat: number): number {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2;
}

function latOfMercatorY(y: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
}

/** The centre and zoom that fit a box in a viewport of `width` × `height` CSS px with `padding` around it. */
export function cameraForBbox(bbox: Bbox, viewport: { width: number; height: number }, padding = HOME_PADDING_PX, maxZoom = HOME_MAX_ZOOM): Camera {
  const [w, s, e, n] = bbox;
  const x0 = mercatorX(w);
  const x1 = mercatorX(e);
  const y0 = mercatorY(n);
  const y1 = mercatorY(s);
  const center: LngLat = [(w + e) / 2, latOfMercatorY((y0 + y1) / 2)];
  const availW = Math.max(1, viewport.width - 2 * padding);
  const availH = Math.max(1, viewport.height - 2 * padding);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const fit = (avail: number, d: number): number => (d > 0 ? Math.log2(avail / (d * TILE_PX)) : Infinity);
  const zoom = Math.max(0, Math.min(maxZoom, fit(availW, dx), fit(availH, dy)));
  return { center, zoom };
}
