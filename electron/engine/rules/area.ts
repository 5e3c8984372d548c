/**
 * Area aggregates for zone rules: the avg / min / max / sum / count of one metric over the latest value of each sensor
 * in a zone whose reading is at most maxAge old, cached per clock time and shared by the zone rules over the same
 * sensors.
 */
import type { QualityTest } from './quality';
import type { Agg } from './schema';
import type { ZoneRt } from './runtime-state';

/**
 * Area aggregates of one list of sensors, per (metric, maxAge), as of the clock time they were computed at. Zone rules
 * over the same sensors share it, so each clock tick visits those sensors once per (metric, maxAge), not once per
 * rule. Area conditions are only evaluated in onClock, whose times strictly increase, and sensor values only change
 * in onReading: an entry computed at `now` is valid for the rest of that onClock call.
 */
export class AreaCache {
  mi: number[] = [];
  maxAge: number[] = [];
  /** The quality key of the rules sharing the entry (quality.ts): sensors whose latest reading they skip are left out. */
  q: string[] = [];
  at: number[] = [];
  n: number[] = [];
  sum: number[] = [];
  min: number[] = [];
  max: number[] = [];
}

/** Sensors counted by the last areaValue call (a scratch variable: the hot path allocates nothing). */
let areaCount = 0;

/** Sensors counted by the last areaValue call (for messages). */
export function lastAreaCount(): number {
  return areaCount;
}

/**
 * The aggregate over the zone's sensors whose latest reading is at most maxAge old and has a value, leaving out those
 * whose latest reading the rule's quality flags exclude (`excludes`, named by `qKey`; null and '' for none).
 */
export function areaValue(zone: ZoneRt, mi: number, agg: Agg, maxAge: number, now: number, qKey = '', excludes: QualityTest | null = null): number {
  const c = zone.area;
  let j = 0;
  while (j < c.mi.length && (c.mi[j] !== mi || c.maxAge[j] !== maxAge || c.q[j] !== qKey)) j++;
  if (j === c.mi.length) {
    c.mi.push(mi);
    c.maxAge.push(maxAge);
    c.q.push(qKey);
    c.at.push(NaN);
    c.n.push(0);
    c.sum.push(0);
    c.min.push(0);
    c.max.push(0);
  }
  if (c.at[j] !== now) {
    let n = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    const sensors = zone.sensors;
    for (let i = 0; i < sensors.length; i++) {
      const s = sensors[i]!;
      if (now - s.lastTs > maxAge) continue; // never seen: lastTs is -Infinity
      const v = s.vals[mi]!;
      if (v !== v) continue;
      if (excludes !== null && excludes(s.flags)) continue;
      n++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    c.at[j] = now;
    c.n[j] = n;
    c.sum[j] = sum;
    c.min[j] = min;
    c.max[j] = max;
  }
  const n = c.n[j]!;
  const sum = c.sum[j]!;
  const min = c.min[j]!;
  const max = c.max[j]!;
  areaCount = n;
  if (agg === 'count') return n;
  if (n === 0) return NaN;
  return agg === 'avg' ? sum / n : agg === 'sum' ? sum : agg === 'min' ? min : max;
}
