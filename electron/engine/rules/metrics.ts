/**
 * Metric slots for the evaluator's hot path: every metric a rule can name (raw and derived) gets a fixed index, so a
 * sensor's latest values live in one Float64Array (NaN = missing or null) and conditions read them by index.
 */
import { METRIC_INFO, METRICS, SENSOR_KINDS, type Metric, type Sensor } from '../../shared/model';
import { DERIVED_METRICS } from './schema';

export const ALL_METRICS: readonly string[] = [
  ...new Set<string>([...SENSOR_KINDS.flatMap((k) => [...METRICS[k], ...DERIVED_METRICS[k]])]),
];
export const METRIC_INDEX: ReadonlyMap<string, number> = new Map(ALL_METRICS.map((m, i) => [m, i]));
export const METRIC_COUNT = ALL_METRICS.length;

export const M = {
  vehicleCount: METRIC_INDEX.get('vehicleCount')!,
  totalSpaces: METRIC_INDEX.get('totalSpaces')!,
  avgSpeedKmh: METRIC_INDEX.get('avgSpeedKmh')!,
  occupancyPct: METRIC_INDEX.get('occupancyPct')!,
  speedRatioPct: METRIC_INDEX.get('speedRatioPct')!,
  avgMeasuredTimeS: METRIC_INDEX.get('avgMeasuredTimeS')!,
  medianMeasuredTimeS: METRIC_INDEX.get('medianMeasuredTimeS')!,
  maxIndex: METRIC_INDEX.get('maxIndex')!,
  air: METRICS.air.map((m) => METRIC_INDEX.get(m)!),
};

/** Raw metrics a derived metric is computed from. */
export const DERIVED_INPUTS: Record<string, readonly string[]> = {
  occupancyPct: ['vehicleCount', 'totalSpaces'],
  speedRatioPct: ['avgSpeedKmh'],
  maxIndex: [...METRICS.air],
};

const DERIVED_INFO: Record<string, { label: string; unit: string }> = {
  occupancyPct: { label: 'Occupancy', unit: '%' },
  speedRatioPct: { label: 'Speed', unit: '% of normal' },
  maxIndex: { label: 'Air quality index (worst of five)', unit: '' },
};

export function metricInfo(metric: string): { label: string; unit: string } {
  return DERIVED_INFO[metric] ?? METRIC_INFO[metric as Metric] ?? { label: metric, unit: '' };
}

/**
 * A number for a message: whole numbers as they are, others to one decimal; percentages rounded.
 * unit 'full': 'Speed 35% of normal'; 'short': '40%' (thresholds); 'none': the number only.
 */
export function formatValue(v: number, metric: string, unit: 'full' | 'short' | 'none' = 'full'): string {
  const u = metricInfo(metric).unit;
  const pct = u.startsWith('%');
  const n = pct ? String(Math.round(v)) : Number.isInteger(v) ? String(v) : v.toFixed(1);
  if (unit === 'none' || !u) return n;
  if (pct) return unit === 'short' ? `${n}%` : `${n}${u}`;
  return `${n} ${u}`;
}

/** Static numbers of a sensor that derived metrics need (NaN when absent). */
export function sensorConstants(s: Pick<Sensor, 'kind' | 'attributes'>): { normalSpeedKmh: number; capacity: number } {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
  return { normalSpeedKmh: num(s.attributes.normalSpeedKmh), capacity: num(s.attributes.capacity) };
}
