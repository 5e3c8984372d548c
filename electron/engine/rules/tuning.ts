/**
 * Tuning suggestions: a rule's deadband, on-delay and off-delay proposed from the cached readings of its sensors (the
 * rule editor offers them, never imposes them). Each figure comes with its basis in words; a figure the data cannot
 * support is null, and the basis says why.
 *
 * - Data rules (the first threshold, window, rate or area part of the condition; its value series replayed per sensor,
 *   or the zone's aggregate every minute for area parts; readings the rule's quality flags exclude left out):
 *   - deadband: the 75th percentile of the reading-to-reading change (when the value changes) over the pairs of
 *     readings nearest the threshold (the nearest quarter), rounded up to the metric's precision: noise that small does
 *     not clear an alarm;
 *   - on-delay: excursions past the threshold are measured from their first reading to the first reading back; those
 *     of one or two readings are fleeting, and the on-delay is one minute more than the 90th percentile of their
 *     durations (so they are not alarmed), at most 60 minutes; 0 when no excursion was fleeting;
 *   - off-delay: after an excursion, the time from the first reading back past the deadband to the next crossing;
 *     returns of one or two readings are chatter, and the off-delay is one minute more than the 90th percentile of
 *     their durations, at most 60 minutes; 0 when none was that brief.
 * - noData rules (from the sensors' reporting gaps): the on-delay (the noData minutes) is the shortest limit, in steps
 *   of 5 minutes and at least twice the median gap, that at most one silence per sensor and week reaches (ordinary
 *   gaps do not raise); the off-delay is one minute more than
 *   the 90th percentile of how long a sensor that came back after such a silence kept its alarm able to clear (its
 *   reporting span plus 1.5 intervals) when it went silent again within two readings; no deadband.
 */
import { ApiError, type TuningSuggestion } from '../api';
import type { Reading, Sensor } from '../../shared/model';
import { STALE_GRACE_FACTOR } from '../../shared/model';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import { relax } from './compile';
import { Evaluator } from './evaluator';
import type { Zone } from './geo';
import { bounds } from './leaves';
import { formatValue, metricText, type MetricText } from './metrics';
import { qualityTest, type QualityTest } from './quality';
import type { AreaCondition, Condition, Rule, RateCondition, ThresholdCondition, WindowCondition } from './schema';
import { compare, OP_CODE, TRUE, FALSE } from './three-valued';
import { SlidingWindow } from './window';
import { formatTime } from '../../shared/zone-time';

/** The default range: the last 7 days of the cache. */
export const TUNING_DEFAULT_DAYS = 7;
/** The longest range (as for backtests). */
export const TUNING_MAX_DAYS = 31;
/** Delays are proposed up to this many minutes. */
const MAX_DELAY_MINUTES = 60;
/** Excursions and returns of at most this many readings are fleeting. */
const BRIEF_READINGS = 2;
/** Fewest pairs of readings to propose a deadband from. */
const MIN_PAIRS = 10;
const DAY = 86_400_000;
const SPAN = 3_600_000;

type DataLeaf = ThresholdCondition | WindowCondition | RateCondition | AreaCondition;

export interface TuningRequest {
  rule: Rule;
  catalogue: readonly Sensor[];
  zones: readonly Zone[];
  registry: SensorTypeRegistry;
  /** The store's readings of these sensors with from <= ts <= to, in time order (Store.iterateReadings). */
  read: (from: number, to: number, sensorIds: readonly string[]) => Iterable<Reading>;
  from?: number;
  to?: number;
  /** The cache's newest reading time (the default range ends there). */
  newest: number | null;
}

/** The range to read: [from, to] as asked, else the last TUNING_DEFAULT_DAYS days up to the newest reading. */
export function tuningRange(from: number | undefined, to: number | undefined, newest: number | null): { from: number; to: number } | null {
  const end = to ?? newest;
  if (end === null) return null;
  const start = from ?? end - TUNING_DEFAULT_DAYS * DAY;
  if (start > end) throw new ApiError('invalid-params', 'from must not be after to', [{ path: 'from', message: 'from must not be after to' }]);
  if (end - start > TUNING_MAX_DAYS * DAY) throw new ApiError('invalid-params', `tuning reads at most ${TUNING_MAX_DAYS} days; the range asked for is ${((end - start) / DAY).toFixed(1)} days: choose a shorter one`, [{ path: 'from', message: `at most ${TUNING_MAX_DAYS} days before to` }]);
  return { from: start, to: end };
}

/** The suggestion for a valid rule, reading the range one hour at a time and yielding to the event loop between hours. */
export async function suggestTuning(q: TuningRequest): Promise<TuningSuggestion> {
  const { rule } = q;
  const range = tuningRange(q.from, q.to, q.newest);
  const ev = new Evaluator([{ ...rule, enabled: true }], q.catalogue, q.zones, { registry: q.registry });
  const ids = ev.sensorsOf(rule.id);
  const sensors = q.catalogue.filter((s) => ids.includes(s.id));
  const leaf = dataLeaf(rule.condition);
  const noData = !leaf && hasNoData(rule.condition);
  if (!range) return unknown('the cache holds no readings');
  const period = `${day(range.from)} to ${day(range.to)}`;
  if (sensors.length === 0) return unknown(`the rule applies to no sensor of the catalogue (${period})`);
  if (!leaf && !noData) return unknown('the rule has no threshold, window, rate, area or noData part to tune');
  const acc = leaf ? new LeafSeries(rule, leaf, sensors, q.registry) : new GapSeries(sensors);
  for (let a = range.from; a <= range.to; a += SPAN) {
    for (const r of q.read(a, Math.min(range.to, a + SPAN - 1), ids)) acc.push(r);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  acc.finish();
  const scope = `${sensors.length} sensor${sensors.length === 1 ? '' : 's'}, ${period}`;
  return leaf ? (acc as LeafSeries).suggest(scope) : (acc as GapSeries).suggest(scope, (range.to - range.from) / DAY);
}

function unknown(why: string): TuningSuggestion {
  return { hysteresis: null, onDelayMinutes: null, offDelayMinutes: null, basis: [`No suggestion: ${why}.`] };
}

/** The first threshold / window / rate / area part of a condition (depth first), the one the deadband applies to. */
function dataLeaf(c: Condition): DataLeaf | null {
  if (c.type === 'threshold' || c.type === 'window' || c.type === 'rate' || c.type === 'area') return c;
  if (c.type === 'sustained') return dataLeaf(c.condition);
  if (c.type === 'all' || c.type === 'any') {
    for (const x of c.conditions) {
      const l = dataLeaf(x);
      if (l) return l;
    }
  }
  return null;
}

function hasNoData(c: Condition): boolean {
  if (c.type === 'noData') return true;
  if (c.type === 'sustained') return hasNoData(c.condition);
  if (c.type === 'all' || c.type === 'any') return c.conditions.some(hasNoData);
  return false;
}

/** The index of the first value >= x in sorted values. */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const sortNum = (a: number, b: number) => a - b;
const minutes = (ms: number) => Math.round(ms / 60_000);
/** One minute more than `ms` (whole minutes), at most MAX_DELAY_MINUTES. */
const justOver = (ms: number) => Math.min(MAX_DELAY_MINUTES, Math.floor(ms / 60_000) + 1);
const day = (ms: number) => formatTime(ms, 'UTC', 'dateTime');
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** A sensor's (or the zone's) series: the leaf's value at each reading, and the state of the excursion being measured. */
interface Track {
  /** Time after which a reading is a gap (no pair, no excursion across it). */
  staleMs: number;
  lastTs: number;
  lastV: number;
  win: SlidingWindow | null;
  /** Current run: 'past' (raise side true), 'back' (clear side true after an excursion), or none. */
  state: 'none' | 'past' | 'back';
  runStart: number;
  runReadings: number;
}

/** The value series of a data leaf, with the pairs, excursions and returns it needs. */
class LeafSeries {
  private readonly tracks = new Map<string, Track>();
  private readonly sensors: Map<string, Sensor>;
  private readonly m: MetricText;
  private readonly op: number;
  private readonly a: number;
  private readonly b: number;
  private readonly unseen: QualityTest | null;
  /** Reading-to-reading pairs: distance of their midpoint to the threshold, and |change|. */
  private readonly pairs: { d: number; dv: number }[] = [];
  /** The (ts, value) points, kept per track, to replay excursions once the deadband is known. */
  private readonly points = new Map<string, { ts: number[]; v: number[] }>();
  private zone: { latest: Map<string, { ts: number; v: number }>; next: number; maxAge: number } | null = null;

  constructor(
    private readonly rule: Rule,
    private readonly leaf: DataLeaf,
    sensors: readonly Sensor[],
    private readonly registry: SensorTypeRegistry,
  ) {
    this.sensors = new Map(sensors.map((s) => [s.id, s]));
    this.m = metricText(registry, rule.kind, leaf.metric);
    this.op = OP_CODE[leaf.op];
    [this.a, this.b] = bounds(leaf.value);
    this.unseen = qualityTest(rule.quality);
    if (leaf.type === 'area') this.zone = { latest: new Map(), next: NaN, maxAge: (leaf.maxAgeMinutes ?? 60) * 60_000 };
  }

  push(r: Reading): void {
    const s = this.sensors.get(r.sensorId);
    if (!s) return;
    let v = this.valueOf(s, r.values);
    if (this.unseen !== null && this.unseen(this.registry.flags(s.kind, s.attributes, r.values))) v = NaN;
    if (this.zone) {
      this.zoneStep(r.ts);
      if (v === v) this.zone.latest.set(s.id, { ts: r.ts, v });
      return;
    }
    const staleMs = s.expectedIntervalS * 1000 * STALE_GRACE_FACTOR;
    let t = this.tracks.get(s.id);
    if (!t) this.tracks.set(s.id, (t = { staleMs, lastTs: -Infinity, lastV: NaN, win: this.leaf.type === 'window' || this.leaf.type === 'rate' ? new SlidingWindow(0, this.leaf.minutes * 60_000, { min: true, max: true }) : null, state: 'none', runStart: NaN, runReadings: 0 }));
    if (r.ts <= t.lastTs) return;
    if (t.win) {
      t.win.push(r.ts, v);
      v = this.windowValue(t.win);
    }
    this.add(s.id, t, r.ts, v);
  }

  /** Area parts: the zone's aggregate every minute of data time, as the evaluator's clock judges it. */
  private zoneStep(ts: number): void {
    const z = this.zone!;
    if (z.next !== z.next) z.next = Math.floor(ts / 60_000) * 60_000;
    for (; z.next <= ts; z.next += 60_000) {
      let n = 0;
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const { ts: at, v } of z.latest.values()) {
        if (z.next - at > z.maxAge) continue;
        n++;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const agg = this.leaf.type === 'area' ? this.leaf.agg : 'avg';
      const v = agg === 'count' ? n : n === 0 ? NaN : agg === 'avg' ? sum / n : agg === 'sum' ? sum : agg === 'min' ? min : max;
      let t = this.tracks.get('zone');
      if (!t) this.tracks.set('zone', (t = { staleMs: 1.5 * 60_000, lastTs: -Infinity, lastV: NaN, win: null, state: 'none', runStart: NaN, runReadings: 0 }));
      this.add('zone', t, z.next, v);
    }
  }

  finish(): void {
    if (this.zone && this.zone.next === this.zone.next) this.zoneStep(this.zone.next);
  }

  private valueOf(s: Sensor, values: Reading['values']): number {
    const metric = this.leaf.metric;
    const raw = this.registry.isRaw(s.kind, metric) ? values[metric] : this.registry.derive(s.kind, s.attributes, values)[metric];
    return typeof raw === 'number' && Number.isFinite(raw) ? raw : NaN;
  }

  private windowValue(w: SlidingWindow): number {
    const leaf = this.leaf;
    if (leaf.type === 'rate') return w.change();
    if (leaf.type !== 'window') return NaN;
    return leaf.agg === 'avg' ? w.avg() : leaf.agg === 'sum' ? w.total() : leaf.agg === 'min' ? w.min() : leaf.agg === 'max' ? w.max() : w.count;
  }

  private add(key: string, t: Track, ts: number, v: number): void {
    const gap = ts - t.lastTs > t.staleMs;
    if (!gap && v === v && t.lastV === t.lastV) {
      const mid = (v + t.lastV) / 2;
      this.pairs.push({ d: this.distance(mid), dv: Math.abs(v - t.lastV) });
    }
    t.lastTs = ts;
    t.lastV = v;
    let p = this.points.get(key);
    if (!p) this.points.set(key, (p = { ts: [], v: [] }));
    p.ts.push(gap ? -ts : ts); // a negative time marks a reading after a gap
    p.v.push(v);
  }

  /** Distance of a value to the nearest bound of the comparison. */
  private distance(v: number): number {
    return Math.min(Math.abs(v - this.a), Math.abs(v - this.b));
  }

  suggest(scope: string): TuningSuggestion {
    const basis: string[] = [];
    const where = this.leaf.type === 'area' ? `the zone's ${this.leaf.agg} of ${this.m.label.toLowerCase()} every minute` : this.leaf.type === 'window' ? `the ${this.leaf.agg} of ${this.m.label.toLowerCase()} over ${this.leaf.minutes} min at each reading` : this.leaf.type === 'rate' ? `the change of ${this.m.label.toLowerCase()} over ${this.leaf.minutes} min at each reading` : `${this.m.label.toLowerCase()} at each reading`;
    basis.push(`From ${where} (${scope})${this.unseen ? ', leaving out the readings the rule\u2019s quality flags exclude' : ''}.`);
    // Deadband.
    let hysteresis: number | null = null;
    if (this.rule.clear?.condition) basis.push('Deadband: none proposed, the rule clears by its own clear condition.');
    else if (this.pairs.length < MIN_PAIRS) basis.push(`Deadband: not enough pairs of consecutive readings (${this.pairs.length}, at least ${MIN_PAIRS} needed).`);
    else {
      const near = [...this.pairs].sort((x, y) => x.d - y.d).slice(0, Math.max(MIN_PAIRS, Math.ceil(this.pairs.length / 4)));
      const changes = near.map((x) => x.dv).filter((x) => x > 0).sort(sortNum);
      const reach = near[near.length - 1]!.d;
      if (changes.length === 0) {
        hysteresis = 0;
        basis.push(`Deadband 0: near the threshold (the ${plural(near.length, 'pair')} of readings nearest it, within ${this.fmt(reach)}) the value never changed from one reading to the next.`);
      } else {
        const p75 = percentile(changes, 75);
        const step = 10 ** -Math.max(0, this.m.precision);
        hysteresis = Math.ceil(p75 / step - 1e-9) * step;
        hysteresis = Number(hysteresis.toFixed(Math.max(0, this.m.precision)));
        basis.push(`Deadband ${this.fmt(hysteresis)}: the 75th percentile of the reading-to-reading change (when the value changed) over the ${plural(near.length, 'pair')} of readings nearest the threshold (within ${this.fmt(reach)}), rounded up to the metric's precision; noise that size does not clear the alarm.`);
      }
    }
    // Excursions (raise side) and returns (back past the deadband), per track.
    const clearLeaf = relax(this.leaf, hysteresis ?? 0) as DataLeaf;
    const [ca, cb] = bounds(clearLeaf.value);
    const cop = OP_CODE[clearLeaf.op];
    const excursions: { ms: number; n: number }[] = [];
    const returns: { ms: number; n: number }[] = [];
    for (const { ts, v } of this.points.values()) {
      let state: 'none' | 'past' | 'back' = 'none';
      let start = NaN;
      let n = 0;
      for (let i = 0; i < ts.length; i++) {
        const gap = ts[i]! < 0;
        const at = Math.abs(ts[i]!);
        const x = v[i]!;
        if (gap || x !== x) {
          state = 'none'; // a gap or an unknown value: the run is cut, its length unknown
          continue;
        }
        const past = compare(x, this.op, this.a, this.b) === TRUE;
        const back = compare(x, cop, ca, cb) === FALSE;
        if (state === 'past') {
          if (past) n++;
          else {
            excursions.push({ ms: at - start, n });
            state = back ? 'back' : 'none';
            start = at;
            n = 1;
          }
        } else if (state === 'back') {
          if (past) {
            returns.push({ ms: at - start, n });
            state = 'past';
            start = at;
            n = 1;
          } else if (back) n++;
          else state = 'none';
        } else if (past) {
          state = 'past';
          start = at;
          n = 1;
        }
      }
    }
    const onDelayMinutes = this.delay('On-delay', 'excursion', 'past the threshold, from the first reading past it to the first reading back', excursions, basis);
    const offDelayMinutes = excursions.length === 0 ? null : this.delay('Off-delay', 'return', `back${hysteresis ? ' past the deadband' : ''} after an excursion, from the first reading back to the next crossing`, returns, basis);
    if (excursions.length === 0) basis.push('Off-delay: no excursion, so no return to measure.');
    return { hysteresis, onDelayMinutes, offDelayMinutes, basis };
  }

  private delay(what: string, noun: string, how: string, runs: { ms: number; n: number }[], basis: string[]): number | null {
    if (runs.length === 0) {
      basis.push(`${what}: no ${noun} ${how.split(',')[0]} in the range; the data cannot say.`);
      return null;
    }
    const brief = runs.filter((r) => r.n <= BRIEF_READINGS).map((r) => r.ms).sort(sortNum);
    const longer = runs.filter((r) => r.n > BRIEF_READINGS).map((r) => r.ms).sort(sortNum);
    const rest = longer.length ? `; longer ones: ${longer.length.toLocaleString('en-GB')} (median ${minutes(percentile(longer, 50))} min)` : '';
    if (brief.length === 0) {
      basis.push(`${what} 0: none of the ${plural(runs.length, noun)} (${how}) lasted only ${BRIEF_READINGS} readings or fewer${rest}.`);
      return 0;
    }
    const p90 = percentile(brief, 90);
    const d = justOver(p90);
    basis.push(`${what} ${d} min: ${plural(brief.length, noun)} of ${runs.length.toLocaleString('en-GB')} (${Math.round((100 * brief.length) / runs.length)}%; ${how}) lasted ${BRIEF_READINGS} readings or fewer, 90% of them at most ${minutes(p90)} min; ${d} min is just over that${d === MAX_DELAY_MINUTES ? ` (capped at ${MAX_DELAY_MINUTES} min)` : ''}${rest}.`);
    return d;
  }

  private fmt(v: number): string {
    return formatValue(v, this.m, 'value');
  }
}

/** The reporting gaps of the sensors, for noData rules. */
class GapSeries {
  private readonly last = new Map<string, number>();
  private readonly staleMs = new Map<string, number>();
  private readonly gaps: number[] = [];
  /** Gaps as [from, to] (for finding the silences most sensors share: a source outage, alarmed once on its own). */
  private readonly spans: [number, number][] = [];
  /** Per sensor, the times of its readings (to replay silences once the limit is known). */
  private readonly times = new Map<string, number[]>();
  /** Nothing to complete (the interface of LeafSeries). */
  finish(): void {}

  constructor(private readonly sensors: readonly Sensor[]) {
    for (const s of sensors) this.staleMs.set(s.id, s.expectedIntervalS * 1000 * STALE_GRACE_FACTOR);
  }

  push(r: Reading): void {
    const prev = this.last.get(r.sensorId);
    if (prev !== undefined && r.ts <= prev) return;
    if (prev !== undefined) {
      this.gaps.push(r.ts - prev);
      this.spans.push([prev, r.ts]);
    }
    this.last.set(r.sensorId, r.ts);
    let t = this.times.get(r.sensorId);
    if (!t) this.times.set(r.sensorId, (t = []));
    t.push(r.ts);
  }

  suggest(scope: string, days: number): TuningSuggestion {
    const basis = [`From the gaps between consecutive readings of each sensor (${scope}).`, 'Deadband: none, a noData rule has no value to loosen.'];
    if (this.gaps.length < MIN_PAIRS) {
      basis.push(`On-delay and off-delay: not enough gaps between readings (${this.gaps.length}, at least ${MIN_PAIRS} needed).`);
      return { hysteresis: null, onDelayMinutes: null, offDelayMinutes: null, basis };
    }
    // Silences shared by at least half of the sensors are a source going quiet (one outage alarm, not one per sensor):
    // they do not count against the limit.
    const median = percentile([...this.gaps].sort(sortNum), 50);
    const long = this.spans.filter(([a, b]) => b - a > 2 * median);
    const starts = long.map((g) => g[0]).sort(sortNum);
    const ends = long.map((g) => g[1]).sort(sortNum);
    /** Sensors silent (a gap over twice the median) at t: long gaps with start <= t < end (whole milliseconds). */
    const silentAt = (t: number) => lowerBound(starts, t + 1) - lowerBound(ends, t + 1);
    const isShared = ([a, b]: [number, number]) => b - a > 2 * median && this.sensors.length > 1 && silentAt(Math.floor((a + b) / 2)) >= this.sensors.length / 2;
    const gaps: number[] = [];
    let shared = 0;
    for (const g of this.spans) {
      if (isShared(g)) shared++;
      else gaps.push(g[1] - g[0]);
    }
    gaps.sort(sortNum);
    // The shortest limit (in steps of 5 minutes, at least twice the median gap) that at most one silence per sensor and
    // week reaches: ordinary gaps, however common, do not raise.
    const budget = Math.max(1, Math.round((this.sensors.length * days) / 7));
    let onDelay = Math.max(5, Math.ceil((2 * median) / 300_000) * 5);
    const reaching = (min: number) => gaps.length - lowerBound(gaps, min * 60_000);
    while (onDelay < 24 * 60 && reaching(onDelay) > budget) onDelay += 5;
    basis.push(`On-delay (noData minutes) ${onDelay} min: the shortest limit in steps of 5 minutes (at least twice the median gap of ${minutes(median)} min) that at most one silence per sensor and week reaches: ${plural(reaching(onDelay), 'gap')} of ${gaps.length.toLocaleString('en-GB')} between readings were that long or longer (${plural(budget, 'sensor-week')} in the range)${shared ? `; ${plural(shared, 'silence')} shared by half of the sensors or more (a source outage, alarmed once as such) left out` : ''}.`);
    // Silences of at least the limit, and how long a sensor reported before the next one.
    const limit = onDelay * 60_000;
    const spans: { ms: number; n: number }[] = [];
    for (const [id, ts] of this.times) {
      const stale = this.staleMs.get(id) ?? 0;
      let start = -1;
      for (let i = 1; i < ts.length; i++) {
        const silent = ts[i]! - ts[i - 1]! >= limit;
        if (silent && start >= 0) spans.push({ ms: ts[i - 1]! - ts[start]! + stale, n: i - start });
        if (silent) start = i;
      }
    }
    const silences = spans.length;
    if (silences === 0) {
      basis.push(`Off-delay 0: no sensor went silent for ${onDelay} min twice in the range, so none raised and cleared again and again.`);
      return { hysteresis: null, onDelayMinutes: onDelay, offDelayMinutes: 0, basis };
    }
    const brief = spans.filter((s) => s.n <= BRIEF_READINGS).map((s) => s.ms).sort(sortNum);
    if (brief.length === 0) {
      basis.push(`Off-delay 0: of the ${plural(silences, 'return')} between two silences of ${onDelay} min or more, none lasted only ${BRIEF_READINGS} readings or fewer.`);
      return { hysteresis: null, onDelayMinutes: onDelay, offDelayMinutes: 0, basis };
    }
    const p90 = percentile(brief, 90);
    const off = justOver(p90);
    basis.push(`Off-delay ${off} min: ${plural(brief.length, 'sensor return', 'sensor returns')} of ${silences.toLocaleString('en-GB')} between two silences of ${onDelay} min or more sent ${BRIEF_READINGS} readings or fewer before going silent again (90% of them within ${minutes(p90)} min, counting 1.5 reporting intervals after the last reading); ${off} min is just over that${off === MAX_DELAY_MINUTES ? ` (capped at ${MAX_DELAY_MINUTES} min)` : ''}, so such a sensor stays in alarm instead of clearing and raising again.`);
    return { hysteresis: null, onDelayMinutes: onDelay, offDelayMinutes: off, basis };
  }
}
