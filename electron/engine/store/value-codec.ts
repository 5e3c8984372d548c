/**
 * How a reading's values are stored: a JSON array in the order of METRICS[kind] (model.ts); a metric the feed did not
 * send is stored as null, like one it sent empty.
 */
import { METRICS, type SensorKind } from '../../shared/model';

export function encodeValues(kind: SensorKind, values: Readonly<Record<string, number | null>>): string {
  const metrics = METRICS[kind];
  let s = '[';
  for (let i = 0; i < metrics.length; i++) {
    const v = values[metrics[i]!];
    s += (i ? ',' : '') + (v === undefined || v === null ? 'null' : String(v));
  }
  return s + ']';
}

export function decodeValues(kind: SensorKind, v: string): Record<string, number | null> {
  const arr = JSON.parse(v) as (number | null)[];
  const metrics = METRICS[kind];
  const out: Record<string, number | null> = {};
  for (let i = 0; i < metrics.length; i++) out[metrics[i]!] = arr[i] ?? null;
  return out;
}
