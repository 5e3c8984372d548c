/**
 * Live state per sensor and a bounded in-memory history for charts. Readings are identified by (sensorId, ts):
 * a duplicate changes nothing, a late reading goes into history in time order and never rewinds the live state.
 */
import { freshness, qualityFlags, type Reading, type Sensor, type SensorState } from './model';
import type { HistoryPoint, SensorHistory } from './api';

export interface ApplyResult {
  accepted: number;
  duplicates: number;
  late: number;
}

export class LiveState {
  private sensors = new Map<string, Sensor>();
  private states = new Map<string, SensorState>();
  private history = new Map<string, HistoryPoint[]>();
  private changed = new Set<string>();

  constructor(private readonly historyMs = 24 * 3600 * 1000) {}

  setCatalogue(sensors: Sensor[]): void {
    this.sensors = new Map(sensors.map((s) => [s.id, s]));
    for (const s of sensors) {
      if (!this.states.has(s.id)) this.states.set(s.id, { sensorId: s.id, last: null, flags: [], count: 0 });
    }
  }

  catalogue(): Sensor[] {
    return [...this.sensors.values()];
  }

  sensor(id: string): Sensor | undefined {
    return this.sensors.get(id);
  }

  apply(readings: readonly Reading[]): ApplyResult {
    const res: ApplyResult = { accepted: 0, duplicates: 0, late: 0 };
    for (const r of readings) {
      const sensor = this.sensors.get(r.sensorId);
      if (!sensor) continue; // validated upstream against the same catalogue
      const st = this.states.get(r.sensorId)!;
      const hist = this.historyOf(r.sensorId);
      if (!insertPoint(hist, { ts: r.ts, values: r.values })) {
        res.duplicates++;
        continue;
      }
      res.accepted++;
      st.count++;
      if (!st.last || r.ts > st.last.ts) {
        st.last = r;
        st.flags = qualityFlags(sensor, r.values);
        this.changed.add(r.sensorId);
      } else res.late++;
      // Bound memory: drop points older than the window, measured from this sensor's newest reading.
      const newest = st.last.ts;
      let drop = 0;
      while (drop < hist.length && hist[drop]!.ts < newest - this.historyMs) drop++;
      if (drop > 0) hist.splice(0, drop);
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

  /** History of one sensor in [from, to], with gaps where readings were expected and none arrived. */
  historyFor(sensorId: string, from: number, to: number): SensorHistory {
    const sensor = this.sensors.get(sensorId);
    if (!sensor) throw new Error(`unknown sensor ${sensorId}`);
    const all = this.history.get(sensorId) ?? [];
    const points = all.filter((p) => p.ts >= from && p.ts <= to);
    return { sensorId, from, to, points, gaps: findGaps(points, sensor.expectedIntervalS * 1000, to) };
  }

  private historyOf(id: string): HistoryPoint[] {
    let h = this.history.get(id);
    if (!h) this.history.set(id, (h = []));
    return h;
  }
}

/** Inserts in time order; returns false when a point with the same ts is already there (a duplicate). */
function insertPoint(hist: HistoryPoint[], p: HistoryPoint): boolean {
  const last = hist[hist.length - 1];
  if (!last || p.ts > last.ts) {
    hist.push(p);
    return true;
  }
  let lo = 0;
  let hi = hist.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hist[mid]!.ts < p.ts) lo = mid + 1;
    else hi = mid;
  }
  if (hist[lo]?.ts === p.ts) return false;
  hist.splice(lo, 0, p);
  return true;
}

/**
 * Gaps: consecutive points further apart than 1.5 expected intervals, and the silence after the last point up to
 * `to` when longer than that. Before the first point nothing is claimed (the engine may simply not have been running).
 */
export function findGaps(points: readonly HistoryPoint[], intervalMs: number, to: number): { from: number; to: number }[] {
  const limit = intervalMs * 1.5;
  const gaps: { from: number; to: number }[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!.ts;
    const b = points[i]!.ts;
    if (b - a > limit) gaps.push({ from: a, to: b });
  }
  const last = points[points.length - 1];
  if (last && to - last.ts > limit) gaps.push({ from: last.ts, to });
  return gaps;
}
