/**
 * Live state per sensor, and gap finding for history charts. Readings are identified by (sensorId, ts).
 */
import { freshness, STALE_GRACE_FACTOR, type ENGINE_FLAGS, type Reading, type Sensor, type SensorState } from '../shared/model';
import type { CatalogueCity } from '../shared/protocol';
import type { GenericFlag, SensorTypeRegistry } from '../shared/sensor-types/registry';
import type { HistoryPoint } from './api';
import { shippedRegistry } from './feed/registry';

const UNKNOWN_METRIC: GenericFlag = 'unknown-metric';
const UNKNOWN_TYPE: keyof typeof ENGINE_FLAGS = 'unknown-type';

export interface ApplyResult {
  /** Readings newer than the sensor's live state: they became its current value. */
  newer: number;
  /** Readings at or before the live state's time (duplicates or late): stored by the cache, the live state kept. */
  older: number;
}

/** What comes with a catalogue besides its sensors. */
export interface CatalogueContext {
  /** The types the sensors' kinds name (shipped plus the feed's). Default: the shipped types. */
  registry?: SensorTypeRegistry;
  /** The feed's city (protocol v2), or null. */
  city?: CatalogueCity | null;
}

/**
 * Live state per sensor. History lives in the cache (store/); this holds only the latest reading of each sensor,
 * which a late or repeated reading never rewinds, with its derived metrics and quality flags from the sensor's type.
 * It also holds the catalogue as the engine knows it: sensors, their types (the registry) and the feed's city.
 *
 * Derived metrics and flags are computed when a state is read (takeChanged, allStates), once per sensor for all the
 * readings applied since: a busy sensor may report many times between two deltas, and only its latest reading counts.
 */
export class LiveState {
  private sensors = new Map<string, Sensor>();
  private states = new Map<string, SensorState>();
  private changed = new Set<string>();
  /** Sensors whose latest reading is not judged yet, and whether that reading carried an unknown metric. */
  private unjudged = new Map<string, boolean>();
  private types: SensorTypeRegistry = shippedRegistry();
  private cityDoc: CatalogueCity | null = null;

  setCatalogue(sensors: readonly Sensor[], ctx: CatalogueContext = {}): void {
    this.judgePending();
    this.sensors = new Map(sensors.map((s) => [s.id, s]));
    this.types = ctx.registry ?? shippedRegistry();
    this.cityDoc = ctx.city ?? null;
    for (const s of sensors) {
      const st = this.states.get(s.id);
      if (!st) this.states.set(s.id, { sensorId: s.id, last: null, derived: {}, flags: [], count: 0 });
      else if (st.last) this.judge(s, st, st.flags.includes(UNKNOWN_METRIC)); // attributes (e.g. capacity) or the type may have changed
    }
  }

  /** The types the catalogue's sensors name. */
  get registry(): SensorTypeRegistry {
    return this.types;
  }

  /** The feed's city as its catalogue sent it, or null. */
  city(): CatalogueCity | null {
    return this.cityDoc;
  }

  catalogue(): Sensor[] {
    return [...this.sensors.values()];
  }

  sensor(id: string): Sensor | undefined {
    return this.sensors.get(id);
  }

  /** `withUnknownMetrics`: readings that carried metrics their type lacks (their states are flagged 'unknown-metric'). */
  apply(readings: readonly Reading[], withUnknownMetrics?: ReadonlySet<Reading>): ApplyResult {
    const res: ApplyResult = { newer: 0, older: 0 };
    for (const r of readings) {
      const sensor = this.sensors.get(r.sensorId);
      if (!sensor) continue; // validated upstream against the same catalogue
      const st = this.states.get(r.sensorId)!;
      st.count++;
      if (!st.last || r.ts > st.last.ts) {
        st.last = r;
        this.unjudged.set(r.sensorId, withUnknownMetrics?.has(r) === true);
        this.changed.add(r.sensorId);
        res.newer++;
      } else res.older++;
    }
    return res;
  }

  /** Derived metrics and flags of the state's latest reading, from its sensor's type. */
  private judge(sensor: Sensor, st: SensorState, unknownMetric: boolean): void {
    if (!st.last) return;
    if (!this.types.has(sensor.kind)) {
      st.derived = {};
      st.flags = [UNKNOWN_TYPE];
      return;
    }
    const { values } = st.last;
    st.derived = this.types.derive(sensor.kind, sensor.attributes, values);
    const flags = this.types.flags(sensor.kind, sensor.attributes, values, st.derived);
    if (unknownMetric && !flags.includes(UNKNOWN_METRIC)) flags.push(UNKNOWN_METRIC);
    st.flags = flags;
  }

  private judgePending(): void {
    for (const [id, unknownMetric] of this.unjudged) {
      const sensor = this.sensors.get(id);
      const st = this.states.get(id);
      if (sensor && st) this.judge(sensor, st, unknownMetric);
    }
    this.unjudged.clear();
  }

  /** States changed since the last call. */
  takeChanged(): SensorState[] {
    this.judgePending();
    const out: SensorState[] = [];
    for (const id of this.changed) {
      const st = this.states.get(id);
      if (st) out.push(st);
    }
    this.changed.clear();
    return out;
  }

  allStates(): SensorState[] {
    this.judgePending();
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
