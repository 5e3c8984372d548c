/**
 * Live state per sensor, and gap finding for history charts. Readings are identified by (sensorId, ts).
 */
import { freshness, qualityFlags, STALE_GRACE_FACTOR, type Reading, type Sensor, type SensorState } from '../shared/model';
import type { HistoryPoint } from './api';

export interface ApplyResult {
  /** Readings newer than the sensor's live state: they became its current value. */
  newer: number;
  /** Readings at or before the live state's time (duplicates or late): stored by the cache, the live state kept. */
  older: number;
}

/**
 * Live state per sensor. History lives in the cache (store/); this holds only the latest reading of each sensor,
 * which a late or repeated reading never rewinds.
 */
export class LiveState {
  private sensors = new Map<string, Sensor>();
  private states = new Map<string, SensorState>();
  private changed = new Set<string>();

  setCatalogue(sensors: readonly Sensor[]): void {
    this.sensors = new Map(sensors.map((s) => [s.id, s]));
    for (const s of sensors) {
      const st = this.states.get(s.id);
      if (!st) this.states.set(s.id, { sensorId: s.id, last: null, flags: [], count: 0 });
      else if (st.last) st.flags = qualityFlags(s, st.last.values); // attributes (e.g. capacity) may have changed
    }
  }

  catalogue(): Sensor[] {
    return [...this.sensors.values()];
  }

  sensor(id: string): Sensor | undefined {
    return this.sensors.get(id);
  }

  apply(readings: readonly Reading[]): ApplyResult {
    const res: ApplyResult = { newer: 0, older: 0 };
    for (const r of readings) {
      const sensor = this.sensors.get(r.sensorId);
      if (!sensor) continue; // validated upstream against the same catalogue
      const st = this.states.get(r.sensorId)!;
      st.count++;
      if (!st.last || r.ts > st.last.ts) {
        st.last = r;
        st.flags = qualityFlags(sensor, r.values);
        this.changed.add(r.sensorId);
        res.newer++;
      } else res.older++;
    }
    return res;
  }

  /** States changed since the last call. */
  takeChanged(): SensorState[] {
    const out: SensorState[] = [];
    for (const id of this.changed) {
      const st = this.states.get(id);
      if (st) out.push(st);
    }
    this.changed.clear();
    return out;
  }

  allStates(): SensorState[] {
    return [...this.states.values()];
  }

  counts(nowMs: number): { live: number; stale: number; never: number } {
    const c = { live: 0, stale: 0, never: 0 };
    for (const s of this.sensors.values()) c[freshness(s, this.states.get(s.id), nowMs)]++;
    return c;
  }
}

/**
 * Gaps: consecutive points further apart than 1.5 expected intervals, and the silence after the last point up to
 * `to` when longer than that. Before the first point nothing is claimed (the engine may simply not have been running).
 */
export function findGaps(points: readonly HistoryPoint[], intervalMs: number, to: number): { from: number; to: number; reason: string }[] {
  const limit = intervalMs * STALE_GRACE_FACTOR;
  const gaps: { from: number; to: number; reason: string }[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!.ts;
    const b = points[i]!.ts;
    if (b - a > limit) gaps.push({ from: a, to: b, reason: 'no readings' });
  }
  const last = points[points.length - 1];
  if (last && to - last.ts > limit) gaps.push({ from: last.ts, to, reason: 'no readings since the last one' });
  return gaps;
}
