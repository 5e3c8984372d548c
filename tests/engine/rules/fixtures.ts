/** Shared fixtures for the rules tests: a tiny catalogue, a rule builder and a step runner with readable output. */
import { join } from 'node:path';
import type { Reading, Sensor } from '../../../electron/shared/model';
import { Evaluator, type AlertEvent } from '../../../electron/engine/rules/evaluator';
import { makeZone, type Zone } from '../../../electron/engine/rules/geo';
import { parseRule, type Rule } from '../../../electron/engine/rules/schema';

export const ASSETS = join(import.meta.dirname, '..', '..', '..', 'assets');

/** Monday 2014-08-04 10:00 in Aarhus (08:00 UTC). */
export const T0 = Date.UTC(2014, 7, 4, 8, 0);
export const min = (m: number) => T0 + m * 60_000;

export const SENSORS: Sensor[] = [
  { id: 'parking:P1', kind: 'car-park', name: 'P1', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 300, attributes: { capacity: 100 } },
  { id: 'parking:P2', kind: 'car-park', name: 'P2', geometry: { type: 'Point', coordinates: [10.21, 56.151] }, expectedIntervalS: 300, attributes: { capacity: 200 } },
  { id: 'parking:FAR', kind: 'car-park', name: 'Far', geometry: { type: 'Point', coordinates: [10.5, 56.5] }, expectedIntervalS: 300, attributes: { capacity: 50 } },
  { id: 'traffic:T1', kind: 'traffic', name: 'Ring road', geometry: { type: 'LineString', coordinates: [[10.1, 56.1], [10.3, 56.2]] }, expectedIntervalS: 300, attributes: { normalSpeedKmh: 50, roadType: 'MAJOR_ROAD' } },
  { id: 'traffic:T2', kind: 'traffic', name: 'Side street', geometry: { type: 'LineString', coordinates: [[10.1, 56.1], [10.11, 56.11]] }, expectedIntervalS: 300, attributes: { normalSpeedKmh: 30, roadType: 'STREET' } },
  { id: 'air:A1', kind: 'citypulse-air-index', name: 'Air 1', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 300, attributes: {} },
];

/** A square zone around P1 and P2 (not FAR). */
export const CENTRE: Zone = makeZone('170', 'Centre', [[[[10.1, 56.1], [10.3, 56.1], [10.3, 56.2], [10.1, 56.2], [10.1, 56.1]]]]);

const KIND_OF: Record<string, Rule['kind']> = { occupancyPct: 'car-park', vehicleCount: 'car-park', totalSpaces: 'car-park', speedRatioPct: 'traffic', avgSpeedKmh: 'traffic', maxIndex: 'citypulse-air-index', ozone: 'citypulse-air-index' };

/** A valid rule from a condition and overrides (kind guessed from the first metric, default parking). */
export function rule(condition: object, over: Record<string, unknown> = {}): Rule {
  const metric = JSON.stringify(condition).match(/"metric":"(\w+)"/)?.[1];
  return parseRule({
    schema: 1,
    id: 'r1',
    name: 'Test rule',
    enabled: true,
    severity: 'warning',
    kind: (metric && KIND_OF[metric]) ?? 'car-park',
    scope: { type: 'kind' },
    condition,
    ...over,
  }, { zones: [CENTRE] });
}

/** A step: a reading [minute, values, sensor = parking:P1], or a clock tick ['clock', minute]. */
export type Step = [number, Record<string, number | null>, string?] | ['clock', number];

/** Parking values with the given occupancy of a 100-space car park. */
export const occ = (pct: number | null) => ({ vehicleCount: pct, totalSpaces: 100 });

export function reading(m: number, values: Record<string, number | null>, sensorId = 'parking:P1'): Reading {
  return { sensorId, ts: min(m), values };
}

/** Feeds the steps; returns events as 'raise@15 parking:P1' (minutes after T0). */
export function run(ev: Evaluator, steps: Step[]): string[] {
  const out: string[] = [];
  for (const s of steps) {
    const evs = s[0] === 'clock' ? ev.onClock(min(s[1])) : ev.onReading(reading(s[0], s[1], s[2]));
    for (const e of evs) out.push(short(e));
  }
  return out;
}

export function short(e: AlertEvent): string {
  return `${e.type}@${(e.at - T0) / 60_000} ${e.subject}`;
}

export function evaluator(rules: Rule | Rule[], sensors = SENSORS, zones: Zone[] = [CENTRE]): Evaluator {
  return new Evaluator(Array.isArray(rules) ? rules : [rules], sensors, zones);
}
