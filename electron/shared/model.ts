/**
 * The domain model shared by the feed protocol, the engine and (as types only) the renderer.
 * Pure data: no imports from Node, Electron or the DOM.
 */

export const SENSOR_KINDS = ['traffic', 'parking', 'air'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

/** Metric names per kind. Values are the data's own numbers (units in METRIC_INFO). */
export const METRICS = {
  traffic: ['avgSpeedKmh', 'vehicleCount', 'avgMeasuredTimeS', 'medianMeasuredTimeS'],
  parking: ['vehicleCount', 'totalSpaces'],
  air: ['ozone', 'particulateMatter', 'carbonMonoxide', 'sulfurDioxide', 'nitrogenDioxide'],
} as const satisfies Record<SensorKind, readonly string[]>;

export type MetricOf<K extends SensorKind> = (typeof METRICS)[K][number];
export type Metric = MetricOf<SensorKind>;

export const METRIC_INFO: Record<Metric, { label: string; unit: string }> = {
  avgSpeedKmh: { label: 'Average speed', unit: 'km/h' },
  vehicleCount: { label: 'Vehicles', unit: '' },
  avgMeasuredTimeS: { label: 'Average travel time', unit: 's' },
  medianMeasuredTimeS: { label: 'Median travel time', unit: 's' },
  totalSpaces: { label: 'Total spaces', unit: '' },
  ozone: { label: 'Ozone (O₃) index', unit: '' },
  particulateMatter: { label: 'Particulate matter index', unit: '' },
  carbonMonoxide: { label: 'Carbon monoxide (CO) index', unit: '' },
  sulfurDioxide: { label: 'Sulphur dioxide (SO₂) index', unit: '' },
  nitrogenDioxide: { label: 'Nitrogen dioxide (NO₂) index', unit: '' },
};

export type LngLat = [lng: number, lat: number];

export type SensorGeometry =
  | { type: 'Point'; coordinates: LngLat }
  | { type: 'LineString'; coordinates: LngLat[] };

/** Catalogue entry. `id` is `${kind}:${the data's own identifier}`, e.g. `traffic:158324`. */
export interface Sensor {
  id: string;
  kind: SensorKind;
  name: string;
  geometry: SensorGeometry;
  /** Expected reporting interval in seconds. A sensor silent for longer is stale. */
  expectedIntervalS: number;
  /** Static attributes: e.g. normalSpeedKmh, distanceM, roadType for traffic; capacity for parking. */
  attributes: Record<string, string | number | null>;
}

/** One reading: identified by (sensorId, ts). Receiving the same reading twice is harmless. */
export interface Reading {
  sensorId: string;
  /** Epoch milliseconds, UTC. */
  ts: number;
  /** Metric values. `null` means the source reported the field empty. */
  values: Record<string, number | null>;
}

/**
 * Quality flags the engine attaches to a reading. They never change a value: they say what is odd about it, so that
 * the UI can show it instead of hiding it.
 */
export const QUALITY_FLAGS = {
  'over-capacity': 'More vehicles than spaces (occupancy over 100%)',
  'zero-vehicles': 'No vehicles detected in this interval',
  'zero-speed': 'Average speed reported as 0 km/h',
  'missing-value': 'A metric was reported empty',
  'negative-value': 'A metric is negative, which is physically impossible',
  'speed-implausible': 'Average speed above 250 km/h',
} as const;
export type QualityFlag = keyof typeof QUALITY_FLAGS;

/** Live state of one sensor as the engine holds it and pushes it to the renderer. */
export interface SensorState {
  sensorId: string;
  /** Latest reading (by timestamp), or null when never seen. */
  last: Reading | null;
  flags: QualityFlag[];
  /** Number of accepted readings since the engine started. */
  count: number;
}

export type Freshness = 'live' | 'stale' | 'never';

/** How long past its expected interval a sensor may be silent before it is drawn as stale. */
export const STALE_GRACE_FACTOR = 1.5;

export function freshness(sensor: Pick<Sensor, 'expectedIntervalS'>, state: SensorState | undefined, nowMs: number): Freshness {
  if (!state?.last) return 'never';
  const ageMs = nowMs - state.last.ts;
  return ageMs > sensor.expectedIntervalS * 1000 * STALE_GRACE_FACTOR ? 'stale' : 'live';
}

/** Flags for a reading: pure, used by the engine on arrival and by tests. */
export function qualityFlags(sensor: Pick<Sensor, 'kind' | 'attributes'>, values: Record<string, number | null>): QualityFlag[] {
  const flags: QualityFlag[] = [];
  for (const v of Object.values(values)) {
    if (v === null) {
      if (!flags.includes('missing-value')) flags.push('missing-value');
    } else if (v < 0 && !flags.includes('negative-value')) flags.push('negative-value');
  }
  if (sensor.kind === 'parking') {
    const count = values.vehicleCount;
    const spaces = values.totalSpaces ?? numberAttr(sensor.attributes.capacity);
    if (count != null && spaces != null && spaces > 0 && count > spaces) flags.push('over-capacity');
  } else if (sensor.kind === 'traffic') {
    if (values.vehicleCount === 0) flags.push('zero-vehicles');
    if (values.avgSpeedKmh === 0) flags.push('zero-speed');
    if (values.avgSpeedKmh != null && values.avgSpeedKmh > 250) flags.push('speed-implausible');
  }
  return flags;
}

function numberAttr(v: string | number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
