/**
 * The domain model shared by the feed protocol, the engine and (as types only) the renderer.
 * Pure data: no imports from Node, Electron or the DOM.
 */
import type { Bbox } from './geojson-bbox';

export type LngLat = [lng: number, lat: number];

/**
 * Where a sensor is (GeoJSON, WGS84). Which shape a sensor has follows its type's geometry: 'point' and 'moving-point'
 * a Point (a moving point's last known position; readings may carry newer ones), 'line' a LineString, 'area' a
 * Polygon (outer ring first, then holes; each ring closed).
 */
export type SensorGeometry =
  | { type: 'Point'; coordinates: LngLat }
  | { type: 'LineString'; coordinates: LngLat[] }
  | { type: 'Polygon'; coordinates: LngLat[][] };

/**
 * Catalogue entry. `id` is the feed's identifier (protocol v1: `${v1 kind}:${the data's own id}`, e.g.
 * `traffic:158324`, `parking:NORREPORT`; v2: any 1 to 200 non-whitespace characters).
 */
export interface Sensor {
  id: string;
  /** The sensor's type: a registry type id (shipped, e.g. 'car-park', or sent by the feed in its catalogue). */
  kind: string;
  name: string;
  geometry: SensorGeometry;
  /** Expected reporting interval in seconds. A sensor silent for longer is stale. */
  expectedIntervalS: number;
  /** Static attributes: e.g. normalSpeedKmh, distanceM, roadType for traffic; capacity for car parks. */
  attributes: Record<string, string | number | null>;
}

/** One reading: identified by (sensorId, ts). Receiving the same reading twice is harmless. */
export interface Reading {
  sensorId: string;
  /** Epoch milliseconds, UTC. */
  ts: number;
  /** Raw metric values (the type's metrics). `null` means the source reported the field empty. */
  values: Record<string, number | null>;
  /** A moving point's position when it was read (protocol v2); absent for fixed sensors. */
  position?: LngLat;
}

/**
 * Flags the engine sets beside the registry's (`registry.flags`, labelled by `registry.flagLabel`): a sensor whose type
 * the engine does not know, which only a cache can hold (its feed has since stopped sending that type).
 */
export const ENGINE_FLAGS = { 'unknown-type': "This sensor's type is unknown to the desk (its feed no longer sends it): no derived values or checks" } as const;

/** Live state of one sensor as the engine holds it and pushes it to the renderer. */
export interface SensorState {
  sensorId: string;
  /** Latest reading (by timestamp), or null when never seen. */
  last: Reading | null;
  /** Derived metrics of the latest reading, computed by the registry from its type's formulas ({} when never seen). */
  derived: Record<string, number | null>;
  /**
   * Quality flag ids of the latest reading: the registry's (its generic flags and the type's checks), with
   * 'unknown-metric' when the reading carried a metric its type lacks (left out and counted), or ENGINE_FLAGS.
   */
  flags: string[];
  /** Number of accepted readings since the engine started. */
  count: number;
}

export type Freshness = 'live' | 'stale' | 'never';

/** How long past its expected interval a sensor may be silent before it is drawn as stale. */
export const STALE_GRACE_FACTOR = 1.5;

export function freshness(sensor: Pick<Sensor, 'expectedIntervalS'>, state: Pick<SensorState, 'last'> | undefined, nowMs: number): Freshness {
  if (!state?.last) return 'never';
  const ageMs = nowMs - state.last.ts;
  return ageMs > sensor.expectedIntervalS * 1000 * STALE_GRACE_FACTOR ? 'stale' : 'live';
}

/** [west, south, east, north] of every coordinate of the sensors' geometries, or null without sensors. */
export function sensorExtent(sensors: readonly Sensor[]): Bbox | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const add = ([lng, lat]: LngLat) => {
    if (lng < w) w = lng;
    if (lng > e) e = lng;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  };
  for (const sensor of sensors) {
    const g = sensor.geometry;
    if (g.type === 'Point') add(g.coordinates);
    else if (g.type === 'LineString') g.coordinates.forEach(add);
    else for (const ring of g.coordinates) ring.forEach(add);
  }
  return w === Infinity ? null : [w, s, e, n];
}
