/**
 * Source outages: a source whose sensors go silent together is one common cause, raised as ONE built-in alarm (ruleId
 * `source-outage`, subject `source:<key>`) instead of one "not reporting" alarm per sensor. Pure (time is passed in).
 *
 * - A sensor's source: its `source` attribute (the hub's source id, set by electron/hub/catalogue.ts), else its type
 *   within the feed (`Traffic segment sensors`): every sensor of a type that came without a source id.
 * - A sensor is silent when it has not reported for more than SILENT_AFTER_INTERVALS times its expected interval (a
 *   sensor never heard from counts from the tracker's first clock). Traffic reports every 5 min: silent after 10 min,
 *   well before the starter "not reporting" rule fires (30 min), so the outage is raised before its members' alerts.
 * - A source (of at least OUTAGE_MIN_SENSORS sensors) is in outage when at least OUTAGE_RAISE_SHARE of its sensors
 *   (and at least OUTAGE_MIN_SENSORS) are silent; it clears when fewer than OUTAGE_CLEAR_SHARE of them (and fewer than
 *   OUTAGE_MIN_SENSORS: one or two broken sensors do not hold an outage open) have been silent for
 *   CLEAR_AFTER_INTERVALS times the source's longest interval (hysteresis and an off-delay, so a feed that comes back
 *   for one report and drops again stays one outage).
 * The shares come from the demo week (assets/city): its traffic outages leave a quarter to three quarters of the 449
 * segments silent for hours, while outside them at most 16 are silent at once.
 *
 * Cost: a reading is a map lookup and a compare; silence is found from a min-heap of deadlines (one entry per sensor
 * that is not silent), so a clock tick costs the sensors that turned silent, not the catalogue.
 */
import type { Reading, Sensor } from '../../shared/model';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import type { AlertEvent } from './evaluator';
import { OUTAGE_RULE_ID } from '../../shared/built-in-alarms';
import { outageSubject, sourceOf } from '../../shared/source-key';


export { OUTAGE_RULE_ID, outageSubject, sourceOf };
export const SILENT_AFTER_INTERVALS = 2;
export const OUTAGE_RAISE_SHARE = 0.25;
export const OUTAGE_CLEAR_SHARE = 0.05;
export const OUTAGE_MIN_SENSORS = 3;
export const CLEAR_AFTER_INTERVALS = 4;
/** A source outage is a warning: a whole source's data is missing. */
export const OUTAGE_SEVERITY = 'warning' as const;

/** An outage raise or clear, as an alert event of the built-in rule, with the source's name. */
export interface OutageEvent extends AlertEvent {
  ruleId: typeof OUTAGE_RULE_ID;
  sourceName: string;
}

interface SourceState {
  key: string;
  name: string;
  sensors: number;
  silent: number;
  /** Longest expected interval of its sensors (ms). */
  intervalMs: number;
  active: boolean;
  /** While active: since when the silent count has been under the clear threshold (NaN when it is not). */
  belowSince: number;
}

interface SensorSt {
  source: SourceState;
  silentAfterMs: number;
  /** Last reading time (or the tracker's origin for a sensor never heard from; NaN before the origin). */
  last: number;
  /** Heard from: `last` is a reading's time. */
  seen: boolean;
  silent: boolean;
  /** A deadline entry is in the heap. */
  pending: boolean;
}

export class OutageTracker {
  private sources = new Map<string, SourceState>();
  /** The sources in key order (events come out in this order). */
  private ordered: SourceState[] = [];
  private sensors = new Map<string, SensorSt>();
  /** Min-heap of [deadline, sensor id]; an entry is checked (and rescheduled if the sensor reported) when due. */
  private heap: { due: number; id: string }[] = [];
  private origin = NaN;
  /** Sources found in outage before a catalogue named them (restored alarms). */
  private restored = new Set<string>();

  constructor(catalogue: readonly Sensor[] = [], registry?: SensorTypeRegistry) {
    this.setCatalogue(catalogue, registry);
  }

  /** A new catalogue: sensors keep their last reading; outages in force stay in force. */
  setCatalogue(catalogue: readonly Sensor[], registry?: SensorTypeRegistry): void {
    const old = this.sensors;
    const oldSources = this.sources;
    this.sources = new Map();
    this.sensors = new Map();
    this.heap = [];
    for (const s of catalogue) {
      if (!(s.expectedIntervalS > 0)) continue; // no expected interval: silence means nothing
      const { key, name } = sourceOf(s, registry);
      let src = this.sources.get(key);
      if (!src) {
        const was = oldSources.get(key);
        src = { key, name, sensors: 0, silent: 0, intervalMs: 0, active: was?.active ?? this.restored.has(key), belowSince: was?.belowSince ?? NaN };
        this.sources.set(key, src);
      }
      src.sensors++;
      src.intervalMs = Math.max(src.intervalMs, s.expectedIntervalS * 1000);
      const prev = old.get(s.id);
      const st: SensorSt = { source: src, silentAfterMs: SILENT_AFTER_INTERVALS * s.expectedIntervalS * 1000, last: prev ? prev.last : this.origin, seen: prev?.seen ?? false, silent: prev?.silent ?? false, pending: false };
      if (st.silent) src.silent++;
      else if (st.last === st.last) this.schedule(s.id, st);
      this.sensors.set(s.id, st);
    }
    this.ordered = [...this.sources.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Outages in force when the desk stopped (their alarms are open): they carry on until their sources report. */
  restore(sourceKeys: Iterable<string>): void {
    for (const k of sourceKeys) {
      this.restored.add(k);
      const src = this.sources.get(k);
      if (src) src.active = true;
    }
  }

  isOut(sensorId: string): { key: string; name: string } | null {
    const st = this.sensors.get(sensorId);
    return st?.source.active ? { key: st.source.key, name: st.source.name } : null;
  }

  onReadings(readings: readonly Reading[]): void {
    for (let i = 0; i < readings.length; i++) {
      const r = readings[i]!;
      const st = this.sensors.get(r.sensorId);
      // The first reading of a sensor counts whatever the origin was (a clock that started on the wall clock, say).
      if (!st || (st.seen && !(r.ts > st.last))) continue;
      st.last = r.ts;
      st.seen = true;
      if (st.silent) {
        st.silent = false;
        st.source.silent--;
      }
      if (!st.pending && this.origin === this.origin) this.schedule(r.sensorId, st);
    }
  }

  /** The earliest time at which the clock can change an outage (for backtests that skip idle ticks). */
  nextClockWork(): number {
    let next = this.heap.length ? this.heap[0]!.due : Infinity;
    for (const src of this.ordered) if (src.active && src.belowSince === src.belowSince) next = Math.min(next, src.belowSince + CLEAR_AFTER_INTERVALS * src.intervalMs);
    return next;
  }

  /** The clock: sensors turning silent, outages raised and cleared at `now`. */
  onClock(now: number): OutageEvent[] {
    if (this.origin !== this.origin || now < this.origin) {
      // The first clock, or a clock that went back before it (the wall clock first, then the feed's): silence of the
      // sensors never heard from counts from here.
      this.origin = now;
      for (const [id, st] of this.sensors) {
        if (!st.seen) {
          st.last = now;
          if (st.silent) {
            st.silent = false;
            st.source.silent--;
          }
        }
        // An entry due after the old origin may be pending: this one is due first (the other is checked when due).
        if (!st.silent) this.schedule(id, st);
      }
    }
    while (this.heap.length && this.heap[0]!.due <= now) {
      const { id } = this.pop();
      const st = this.sensors.get(id);
      if (!st) continue;
      st.pending = false;
      if (st.silent) continue;
      if (now > st.last + st.silentAfterMs) {
        st.silent = true;
        st.source.silent++;
      } else this.schedule(id, st);
    }
    const out: OutageEvent[] = [];
    for (const src of this.ordered) {
      if (src.sensors < OUTAGE_MIN_SENSORS) continue;
      const subject = outageSubject(src.key);
      if (!src.active) {
        if (src.silent >= Math.max(OUTAGE_MIN_SENSORS, Math.ceil(OUTAGE_RAISE_SHARE * src.sensors))) {
          src.active = true;
          src.belowSince = NaN;
          const mins = Math.round((SILENT_AFTER_INTERVALS * src.intervalMs) / 60_000);
          out.push({ type: 'raise', ruleId: OUTAGE_RULE_ID, subject, severity: OUTAGE_SEVERITY, at: now, value: src.silent, sourceName: src.name, message: `No data from ${src.name}: ${src.silent} of ${src.sensors} sensors silent for over ${mins} min` });
        }
      } else if (src.silent < Math.max(OUTAGE_MIN_SENSORS, Math.ceil(OUTAGE_CLEAR_SHARE * src.sensors))) {
        if (src.belowSince !== src.belowSince) src.belowSince = now;
        if (now - src.belowSince >= CLEAR_AFTER_INTERVALS * src.intervalMs) {
          src.active = false;
          src.belowSince = NaN;
          this.restored.delete(src.key);
          out.push({ type: 'clear', ruleId: OUTAGE_RULE_ID, subject, severity: OUTAGE_SEVERITY, at: now, value: src.silent, sourceName: src.name, message: `Data again from ${src.name}: ${src.sensors - src.silent} of ${src.sensors} sensors reporting` });
        }
      } else src.belowSince = NaN;
    }
    return out;
  }

  private schedule(id: string, st: SensorSt): void {
    st.pending = true;
    // Due at the first instant the sensor counts as silent (silent when now > last + silentAfter).
    this.push({ due: st.last + st.silentAfterMs + 1, id });
  }

  private push(e: { due: number; id: string }): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.due <= e.due) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }

  private pop(): { due: number; id: string } {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && h[r]!.due < h[l]!.due ? r : l;
        if (h[c]!.due >= last.due) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}
