/**
 * The incremental rule evaluator. Pure and deterministic: no timers, no I/O, no global state. Time comes in with the
 * readings (their ts) and with onClock(now); the same readings and clock calls in the same order give the same events,
 * live or in a backtest.
 *
 * Work per reading: one Map lookup for the sensor, the sensor's metrics read once into a Float64Array (derived metrics
 * computed once), each of the sensor's sliding windows moved once (shared by every rule that uses the same metric and
 * length; the windows of one metric share one ring buffer of values, WindowGroup) with its aggregates written beside
 * the metrics, then each applicable rule evaluated. Idle one-leaf subjects whose leaf is not true, and open alerts
 * whose one-leaf clear does not hold, are settled inline in the reading loop (interval tests on typed arrays). Rules are indexed per
 * sensor at setRules time. The common shapes (threshold / window / rate leaves, all / any of them, sustained over
 * them, noData) are evaluated inline from the sensor's value array and a per-sensor struct-of-arrays state block
 * (StateBlock); other shapes through compiled closures. Idle noData subjects are skipped at readings (nothing can
 * change). Timers sit in one-minute buckets (TimerWheel), handed out in (due, seq) order as a heap would pop them.
 *
 * Semantics (see RULES.md for the operator's version):
 * - Conditions are three-valued: true, false, unknown. A missing value (null, absent metric, empty window) is unknown:
 *   it never raises an alert and never clears one.
 * - Data conditions (threshold, window, rate) are judged as of the sensor's latest reading. Windows hold the readings
 *   with ts in (latest - minutes, latest].
 * - Time conditions run on the clock: noData (now - last reading >= minutes), sustained maturing, minClearMinutes.
 *   A sustained condition or a pending clear matures on the clock no further than the sensor's data horizon (last
 *   reading + 1.5 expected intervals): a silent sensor does not "stay" over a threshold forever.
 *   A gap longer than that horizon between two readings restarts sustained timers.
 * - Area conditions (zone subjects) are evaluated on every onClock call over the latest value of each sensor in the
 *   zone whose reading is at most maxAgeMinutes old (computed once per clock call for each (sensors, metric, maxAge),
 *   shared by the zone rules over the same sensors: AreaCache).
 * - A reading whose ts is not newer than the sensor's latest is ignored: a duplicate (same ts) or a late reading never
 *   rewinds live state (windows, timers). The cache still stores it; backtests over sorted history see it in order.
 * - onClock(now) with now not after the previous clock is ignored (clock went backwards); a jump forward evaluates
 *   everything that became due, in due order, at the new time.
 * - activeHours gate raising only: outside them nothing is raised, open alerts still clear.
 * - Rules edited while an alert is open: see setRules.
 */
import { STALE_GRACE_FACTOR, type Reading, type Sensor, type SensorKind } from '../../shared/model';
import { type Zone, makeZone, sensorInZone } from './geo';
import { ALL_METRICS, M, METRIC_COUNT, METRIC_INDEX, DERIVED_INPUTS, formatValue, metricInfo, sensorConstants } from './metrics';
import { type Agg, type CompareOp, type CompareValue, type Condition, type Rule, type Severity, findZone } from './schema';
import { AGG_STRIDE, type GroupWindow, WindowGroup } from './window';

export interface AlertEvent {
  type: 'raise' | 'clear' | 'escalate';
  ruleId: string;
  ruleVersion?: number;
  /** A sensor id, or 'zone:<id>' for zone rules (district number, or the rule id for polygon / kind scopes). */
  subject: string;
  severity: Severity;
  /** Epoch ms (data time): the reading's ts, or the clock time at which it became due. */
  at: number;
  value?: number;
  /** Human text, e.g. 'Occupancy 97% > 95% for 15 min at Magasin (Åboulevarden 70)'. */
  message: string;
  /** Clear events: why. 'condition' unless the rule was removed, disabled, or no longer covers the subject. */
  reason?: 'condition' | 'rule-removed' | 'rule-disabled' | 'out-of-scope';
}

export interface ActiveAlert {
  ruleId: string;
  ruleVersion?: number;
  subject: string;
  severity: Severity;
  raisedAt: number;
  value?: number;
  message: string;
}

export interface EvaluatorStats {
  readings: number;
  duplicates: number;
  late: number;
  unknownSensor: number;
  /** Rule evaluations (rule x subject) so far. */
  evaluations: number;
}

export interface EvaluatorOptions {
  /**
   * false: every rule through the generic compiled closures, no inline fast path (for the property test that proves
   * both give the same events). Default true.
   */
  fastPaths?: boolean;
}

export interface RuleProblem {
  ruleId: string;
  problem: string;
}

/** Returned when nothing happened (most readings): shared and frozen, hence the readonly return types. */
const EMPTY: readonly AlertEvent[] = Object.freeze([]);
const TRUE = 1;
const FALSE = 0;
const UNKNOWN = -1;

// Comparison op codes.
const GT = 0;
const GE = 1;
const LT = 2;
const LE = 3;
const BETWEEN = 4;
const OUTSIDE = 5;
const OP_CODE: Record<CompareOp, number> = { '>': GT, '>=': GE, '<': LT, '<=': LE, between: BETWEEN, outside: OUTSIDE };

function compare(v: number, op: number, a: number, b: number): number {
  if (v !== v) return UNKNOWN;
  switch (op) {
    case GT:
      return v > a ? TRUE : FALSE;
    case GE:
      return v >= a ? TRUE : FALSE;
    case LT:
      return v < a ? TRUE : FALSE;
    case LE:
      return v <= a ? TRUE : FALSE;
    case BETWEEN:
      return v >= a && v <= b ? TRUE : FALSE;
    default:
      return v < a || v > b ? TRUE : FALSE;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// runtime state

class SensorRt {
  readonly id: string;
  readonly kind: SensorKind;
  readonly name: string;
  sensor: Sensor;
  lastTs = -Infinity;
  /** Start of the current silence, for noData: the last reading, or the evaluator's first time before any. */
  quietFrom = -Infinity;
  seen = false;
  /** The latest accepted reading's values (for metrics a rule edit starts to need, and immediate evaluation). */
  lastValues: Reading['values'] | null = null;
  /**
   * Latest value per metric slot (METRIC_COUNT of them), then the aggregates of each of the sensor's windows
   * (AGG_STRIDE per window, see GroupWindow.writeAggs): the fast paths read any leaf value with one index.
   */
  vals = new Float64Array(METRIC_COUNT).fill(NaN);
  staleMs: number;
  normalSpeedKmh: number;
  capacity: number;
  /** Raw metrics to read from a reading: names and slots. */
  readNames: string[] = [];
  readSlots: Int32Array = new Int32Array(0);
  /** Read every raw metric of the kind with readRaw (named loads, cheaper than a loop of keyed ones). */
  readAll = false;
  derivedOcc = false;
  derivedSpeed = false;
  derivedMax = false;
  /** The sensor's windows (their aggregates in vals in this order), over one WindowGroup per metric. */
  windows: GroupWindow[] = [];
  windowByKey = new Map<string, GroupWindow>();
  groups: WindowGroup[] = [];
  groupByMetric = new Map<number, WindowGroup>();
  subjects: SubjectRt[] = [];
  /** Hot state of the subjects (same order as subjects). */
  blk: StateBlock = new StateBlock(0, 0, null);

  constructor(sensor: Sensor) {
    this.id = sensor.id;
    this.kind = sensor.kind;
    this.name = sensor.name;
    this.sensor = sensor;
    this.staleMs = sensor.expectedIntervalS * 1000 * STALE_GRACE_FACTOR;
    const c = sensorConstants(sensor);
    this.normalSpeedKmh = c.normalSpeedKmh;
    this.capacity = c.capacity;
  }

  setSensor(sensor: Sensor): void {
    this.sensor = sensor;
    this.staleMs = sensor.expectedIntervalS * 1000 * STALE_GRACE_FACTOR;
    const c = sensorConstants(sensor);
    this.normalSpeedKmh = c.normalSpeedKmh;
    this.capacity = c.capacity;
  }
}

interface ZoneRt {
  id: string;
  name: string;
  sensors: SensorRt[];
  /** Shared by the zones with the same sensors (see areaValue). */
  area: AreaCache;
}

/**
 * Area aggregates of one list of sensors, per (metric, maxAge), as of the clock time they were computed at. Zone rules
 * over the same sensors share it, so each clock tick visits those sensors once per (metric, maxAge), not once per
 * rule. Area conditions are only evaluated in onClock, whose times strictly increase, and sensor values only change
 * in onReading: an entry computed at `now` is valid for the rest of that onClock call.
 */
class AreaCache {
  mi: number[] = [];
  maxAge: number[] = [];
  at: number[] = [];
  n: number[] = [];
  sum: number[] = [];
  min: number[] = [];
  max: number[] = [];
}

/**
 * The hot per-subject state as struct-of-arrays: one block per sensor holding its subjects in evaluation order, so a
 * reading touches a few contiguous cache lines instead of one object (with boxed numbers and a timer array) per
 * subject. Zone subjects, and subjects while they are being built, have a block of their own.
 */
class StateBlock {
  readonly sensor: SensorRt | null;
  readonly subs: SubjectRt[];
  readonly crs: CompiledRule[];
  /** The rule's fast path (FAST_*), beside the state so the reading loop can skip idle noData subjects. */
  readonly kind: Uint8Array;
  readonly active: Uint8Array;
  /** A timer may have moved (a sustained timer runs, a clear is pending): recompute the due time. */
  readonly dirty: Uint8Array;
  readonly clearSince: Float64Array;
  /** Due time of the heap entry the subject owns (Infinity = none). */
  readonly scheduledAt: Float64Array;
  /** Seq of the timer entry the subject owns (0 = none): timers name (block, index), so firing one reads no subject. */
  readonly schedSeq: Float64Array;
  /** Set after a rule edit or restore: evaluate at the next clock call even without a due timer (see SubjectRt). */
  readonly recheck: Uint8Array;
  /** Sustained timers (NaN = not running) of all subjects; subject i's start at sinceOff[i]. */
  readonly since: Float64Array;
  readonly sinceOff: Int32Array;
  /** Fast paths: indices in the sensor's vals of the raise leaves then the clear leaves, from leafStart[i]. */
  readonly leafStart: Int32Array;
  leafOff: Int32Array = new Int32Array(0);
  /**
   * The reading loop's shortcut for LEAF / SUST subjects whose raise side is one leaf: 1 when it applies; the leaf's
   * index in vals, op and bounds beside it (an idle subject whose leaf is not true needs nothing more).
   */
  readonly one: Uint8Array;
  readonly oneOff: Int32Array;
  /** The leaf as an interval: true when lo <= v <= hi (ONE_IN) or v < lo || v > hi (ONE_OUT); lo at 2i, hi at 2i+1. */
  readonly oneLoHi: Float64Array;
  /** The same for the clear side of LEAF subjects whose clear is one leaf (C_EXPLICIT: clears when true, else false). */
  readonly cone: Uint8Array;
  readonly coneOff: Int32Array;
  readonly coneLoHi: Float64Array;

  constructor(n: number, slots: number, sensor: SensorRt | null) {
    this.sensor = sensor;
    this.subs = new Array<SubjectRt>(n);
    this.crs = new Array<CompiledRule>(n);
    this.kind = new Uint8Array(n);
    this.active = new Uint8Array(n);
    this.dirty = new Uint8Array(n);
    this.clearSince = new Float64Array(n).fill(NaN);
    this.scheduledAt = new Float64Array(n).fill(Infinity);
    this.schedSeq = new Float64Array(n);
    this.recheck = new Uint8Array(n);
    this.since = new Float64Array(slots).fill(NaN);
    this.sinceOff = new Int32Array(n);
    this.leafStart = new Int32Array(n);
    this.one = new Uint8Array(n);
    this.oneOff = new Int32Array(n);
    this.oneLoHi = new Float64Array(2 * n);
    this.cone = new Uint8Array(n);
    this.coneOff = new Int32Array(n);
    this.coneLoHi = new Float64Array(2 * n);
  }
}

/** One (rule, subject): the alert state and the condition's per-subject state (the hot part in a StateBlock). */
class SubjectRt {
  readonly rule: CompiledRule;
  readonly key: string;
  readonly sensor: SensorRt | null;
  readonly zone: ZoneRt | null;
  blk: StateBlock;
  i = 0;
  raisedAt = 0;
  raisedVersion: number | undefined = undefined;
  raisedSeverity: Severity;
  raisedValue: number | undefined = undefined;
  raisedMessage = '';
  /** Sustained timers (NaN = not running), by slot: a view of the block's since. */
  since: Float64Array;
  /** The rule's windows for this sensor, by the rule's window index. */
  wins: GroupWindow[];

  constructor(rule: CompiledRule, key: string, sensor: SensorRt | null, zone: ZoneRt | null, wins: GroupWindow[]) {
    this.rule = rule;
    this.key = key;
    this.sensor = sensor;
    this.zone = zone;
    this.raisedSeverity = rule.rule.severity;
    const blk = new StateBlock(1, rule.sustainedMs.length, null);
    blk.subs[0] = this;
    blk.crs[0] = rule;
    blk.kind[0] = rule.fast;
    this.blk = blk;
    this.since = blk.since;
    this.wins = wins;
  }

  get active(): boolean {
    return this.blk.active[this.i] === 1;
  }
  set active(v: boolean) {
    this.blk.active[this.i] = v ? 1 : 0;
  }
  get clearSince(): number {
    return this.blk.clearSince[this.i]!;
  }
  set clearSince(v: number) {
    this.blk.clearSince[this.i] = v;
  }
  get scheduledAt(): number {
    return this.blk.scheduledAt[this.i]!;
  }
  set scheduledAt(v: number) {
    this.blk.scheduledAt[this.i] = v;
  }
  /** Timer entry this subject currently owns (0 = none). */
  get schedSeq(): number {
    return this.blk.schedSeq[this.i]!;
  }
  set schedSeq(v: number) {
    this.blk.schedSeq[this.i] = v;
  }
  /** Set after a rule edit: evaluate at the next clock call even without a due timer. */
  get recheck(): boolean {
    return this.blk.recheck[this.i] === 1;
  }
  set recheck(v: boolean) {
    this.blk.recheck[this.i] = v ? 1 : 0;
  }

  /** Moves the hot state to slot i of blk (sustained timers at off). */
  moveTo(blk: StateBlock, i: number, off: number): void {
    const from = this.blk;
    const j = this.i;
    blk.subs[i] = this;
    blk.crs[i] = this.rule;
    blk.kind[i] = this.rule.fast;
    blk.active[i] = from.active[j]!;
    blk.dirty[i] = from.dirty[j]!;
    blk.clearSince[i] = from.clearSince[j]!;
    blk.scheduledAt[i] = from.scheduledAt[j]!;
    blk.schedSeq[i] = from.schedSeq[j]!;
    blk.recheck[i] = from.recheck[j]!;
    blk.sinceOff[i] = off;
    blk.since.set(this.since, off);
    this.since = blk.since.subarray(off, off + this.since.length);
    this.blk = blk;
    this.i = i;
  }

  subjectName(): string {
    return this.zone ? this.zone.name : this.sensor!.name;
  }
}

/** Evaluates a node: (subject, data time t, clock now) -> TRUE | FALSE | UNKNOWN. */
type NodeFn = (s: SubjectRt, t: number, now: number) => number;

interface WindowSpec {
  metric: number;
  ms: number;
  min: boolean;
  max: boolean;
}

interface CompiledRule {
  rule: Rule;
  canon: string;
  raise: NodeFn;
  /** TRUE when the alert may clear (before minClear). */
  clearOk: (s: SubjectRt, t: number, now: number) => boolean;
  clearTree: Condition;
  explicitClear: boolean;
  minClearMs: number;
  sustainedMs: number[];
  noDataMs: number[];
  /** Sustained slot per AST node and window index per AST node, for messages. */
  slotOf: Map<Condition, number>;
  windowOf: Map<Condition, number>;
  windows: WindowSpec[];
  metrics: Set<number>;
  hasTimers: boolean;
  /** The condition is a threshold or all / any of thresholds: judged at once when the rule is published. */
  plain: boolean;
  hoursOk: ((ms: number) => boolean) | null;
  zoneSubject: boolean;
  /**
   * Fast path (FAST_*): the common shapes evaluated inline, without closure calls. LEAF: raise is leaves (one
   * threshold / window / rate, or all / any of them); SUST: raise is sustained over leaves; both with a clear of
   * leaves (explicit, or the raise side with hysteresis). NODATA: raise is noData, clear implicit. A leaf is a source
   * (SRC_*: metric slot or window aggregate), an op and bounds.
   */
  fast: number;
  rLeaves: Leaf[];
  rN: number;
  rAny: boolean;
  /** op, low, high per leaf. */
  rP: Float64Array;
  cLeaves: Leaf[];
  cN: number;
  cAny: boolean;
  cP: Float64Array;
  /** Sustained minutes (SUST) or noData minutes (NODATA), in ms. */
  fastMs: number;
  /** Message parts per condition node (see opTextOf). */
  opTexts: Map<Condition, string>;
}

const FAST_GENERIC = 0;
const FAST_LEAF = 1;
const FAST_SUST = 2;
const FAST_NODATA = 3;

// Leaf value sources.
const SRC_VAL = 0;
const SRC_AVG = 1;
const SRC_MIN = 2;
const SRC_MAX = 3;
const SRC_SUM = 4;
const SRC_COUNT = 5;
const SRC_CHANGE = 6;
const AGG_SRC: Record<Agg, number> = { avg: SRC_AVG, min: SRC_MIN, max: SRC_MAX, sum: SRC_SUM, count: SRC_COUNT };

interface Leaf {
  src: number;
  slot: number;
  win: number;
  op: number;
  a: number;
  b: number;
}

// StateBlock.one codes: the leaf is an interval test (IN) or its complement (OUT), of a LEAF or a SUST subject.
const ONE_IN = 1;
const ONE_OUT = 2;
const ONE_SUST = 4;
const C_EXPLICIT = 8;

/** The next double above x (x finite or -Infinity). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  if (x === -Infinity) return -Number.MAX_VALUE;
  if (x === Infinity || x !== x) return x;
  F64[0] = x;
  if (x > 0) I64[0]! += 1n;
  else I64[0]! -= 1n;
  return F64[0]!;
}
const F64 = new Float64Array(1);
const I64 = new BigInt64Array(F64.buffer);

/**
 * A comparison as an interval, exactly (doubles): `v > a` is `v >= nextUp(a)`, `v < a` is `v <= -nextUp(-a)`.
 * [ONE_IN, lo, hi]: true when lo <= v <= hi; [ONE_OUT, lo, hi]: true when v < lo or v > hi. NaN is never true.
 */
function leafInterval(op: number, a: number, b: number): [number, number, number] {
  switch (op) {
    case GT:
      return [ONE_IN, nextUp(a), Infinity];
    case GE:
      return [ONE_IN, a, Infinity];
    case LT:
      return [ONE_IN, -Infinity, -nextUp(-a)];
    case LE:
      return [ONE_IN, -Infinity, a];
    case BETWEEN:
      return [ONE_IN, a, b];
    default:
      return [ONE_OUT, a, b];
  }
}

/** A condition as leaves: one leaf, or all / any of leaves; null for other shapes. */
function leavesOf(c: Condition, windowOf: Map<Condition, number>): { any: boolean; leaves: Leaf[] } | null {
  const one = leafOf(c, windowOf);
  if (one) return { any: false, leaves: [one] };
  if (c.type !== 'all' && c.type !== 'any') return null;
  const leaves: Leaf[] = [];
  for (const x of c.conditions) {
    const l = leafOf(x, windowOf);
    if (!l) return null;
    leaves.push(l);
  }
  return { any: c.type === 'any', leaves };
}

/** all / any of leaves, as the generic all / any closures judge them (a leaf has no side effects: short cut). */
function evalLeaves(vals: Float64Array, off: Int32Array, st: number, n: number, any: boolean, p: Float64Array): number {
  if (n === 1) return compare(vals[off[st]!]!, p[0]!, p[1]!, p[2]!);
  let res = any ? FALSE : TRUE;
  for (let j = 0; j < n; j++) {
    const r = compare(vals[off[st + j]!]!, p[3 * j]!, p[3 * j + 1]!, p[3 * j + 2]!);
    if (r === UNKNOWN) res = UNKNOWN;
    else if (any) {
      if (r === TRUE) return TRUE;
    } else if (r === FALSE) return FALSE;
  }
  return res;
}

function leafOf(c: Condition, windowOf: Map<Condition, number>): Leaf | null {
  if (c.type !== 'threshold' && c.type !== 'window' && c.type !== 'rate') return null;
  const [a, b] = bounds(c.value);
  const op = OP_CODE[c.op];
  if (c.type === 'threshold') return { src: SRC_VAL, slot: METRIC_INDEX.get(c.metric)!, win: -1, op, a, b };
  return { src: c.type === 'rate' ? SRC_CHANGE : AGG_SRC[c.agg], slot: -1, win: windowOf.get(c)!, op, a, b };
}

// ---------------------------------------------------------------------------------------------------------------------
// compilation

const AGG_WORD: Record<Agg, string> = { avg: 'Average', min: 'Lowest', max: 'Highest', sum: 'Total', count: 'Number of readings of' };

/** The clear side of a condition with hysteresis h: thresholds loosened by h, sustained wrappers removed. */
export function relax(c: Condition, h: number): Condition {
  const loosen = (op: CompareOp, v: CompareValue): CompareValue => {
    if (Array.isArray(v)) {
      if (op === 'between') return [v[0] - h, v[1] + h];
      const lo = v[0] + h;
      const hi = v[1] - h;
      return lo <= hi ? [lo, hi] : [(v[0] + v[1]) / 2, (v[0] + v[1]) / 2];
    }
    return op === '>' || op === '>=' ? v - h : v + h;
  };
  switch (c.type) {
    case 'threshold':
    case 'window':
    case 'rate':
    case 'area':
      return h > 0 ? { ...c, value: loosen(c.op, c.value) } : c;
    case 'sustained':
      return relax(c.condition, h);
    case 'noData':
      return c;
    case 'all':
    case 'any':
      return { ...c, conditions: c.conditions.map((x) => relax(x, h)) };
  }
}

function bounds(v: CompareValue): [number, number] {
  return Array.isArray(v) ? [v[0], v[1]] : [v, v];
}

class Compiler {
  sustainedMs: number[] = [];
  noDataMs: number[] = [];
  windows: WindowSpec[] = [];
  slotOf = new Map<Condition, number>();
  windowOf = new Map<Condition, number>();
  metrics = new Set<number>();

  windowIndex(metric: number, ms: number, agg: Agg | 'change'): number {
    let i = this.windows.findIndex((w) => w.metric === metric && w.ms === ms);
    if (i < 0) {
      i = this.windows.length;
      this.windows.push({ metric, ms, min: false, max: false });
    }
    if (agg === 'min') this.windows[i]!.min = true;
    if (agg === 'max') this.windows[i]!.max = true;
    return i;
  }

  compile(c: Condition): NodeFn {
    switch (c.type) {
      case 'threshold': {
        const mi = METRIC_INDEX.get(c.metric)!;
        this.metrics.add(mi);
        const op = OP_CODE[c.op];
        const [a, b] = bounds(c.value);
        return (s) => compare(s.sensor!.vals[mi]!, op, a, b);
      }
      case 'window': {
        const mi = METRIC_INDEX.get(c.metric)!;
        this.metrics.add(mi);
        const wi = this.windowIndex(mi, c.minutes * 60_000, c.agg);
        this.windowOf.set(c, wi);
        const op = OP_CODE[c.op];
        const [a, b] = bounds(c.value);
        switch (c.agg) {
          case 'avg':
            return (s) => compare(s.wins[wi]!.avg(), op, a, b);
          case 'min':
            return (s) => compare(s.wins[wi]!.min(), op, a, b);
          case 'max':
            return (s) => compare(s.wins[wi]!.max(), op, a, b);
          case 'sum':
            return (s) => compare(s.wins[wi]!.total(), op, a, b);
          case 'count':
            return (s) => compare(s.wins[wi]!.count, op, a, b);
        }
        break;
      }
      case 'rate': {
        const mi = METRIC_INDEX.get(c.metric)!;
        this.metrics.add(mi);
        const wi = this.windowIndex(mi, c.minutes * 60_000, 'change');
        this.windowOf.set(c, wi);
        const op = OP_CODE[c.op];
        const [a, b] = bounds(c.value);
        return (s) => compare(s.wins[wi]!.change(), op, a, b);
      }
      case 'noData': {
        const ms = c.minutes * 60_000;
        this.noDataMs.push(ms);
        return (s, _t, now) => (now - s.sensor!.quietFrom >= ms ? TRUE : FALSE);
      }
      case 'area': {
        const mi = METRIC_INDEX.get(c.metric)!;
        this.metrics.add(mi);
        const op = OP_CODE[c.op];
        const [a, b] = bounds(c.value);
        const maxAge = (c.maxAgeMinutes ?? 60) * 60_000;
        const agg = c.agg;
        return (s, _t, now) => compare(areaValue(s.zone!, mi, agg, maxAge, now), op, a, b);
      }
      case 'sustained': {
        const inner = this.compile(c.condition);
        const k = this.sustainedMs.length;
        const ms = c.minutes * 60_000;
        this.sustainedMs.push(ms);
        this.slotOf.set(c, k);
        return (s, t, now) => {
          const r = inner(s, t, now);
          if (r !== TRUE) {
            s.since[k] = NaN;
            return r;
          }
          let since = s.since[k]!;
          if (since !== since) since = s.since[k] = t;
          if (t - since >= ms) return TRUE;
          s.blk.dirty[s.i] = 1; // running: its due time depends on the data horizon, which this reading moved
          return FALSE;
        };
      }
      case 'all': {
        const parts = c.conditions.map((x) => this.compile(x));
        if (parts.length === 1) return parts[0]!;
        // Every part is evaluated (sustained timers must see every reading); false wins over unknown.
        return (s, t, now) => {
          let res = TRUE;
          for (let i = 0; i < parts.length; i++) {
            const r = parts[i]!(s, t, now);
            if (r === FALSE) res = FALSE;
            else if (r === UNKNOWN && res === TRUE) res = UNKNOWN;
          }
          return res;
        };
      }
      case 'any': {
        const parts = c.conditions.map((x) => this.compile(x));
        if (parts.length === 1) return parts[0]!;
        return (s, t, now) => {
          let res = FALSE;
          for (let i = 0; i < parts.length; i++) {
            const r = parts[i]!(s, t, now);
            if (r === TRUE) res = TRUE;
            else if (r === UNKNOWN && res === FALSE) res = UNKNOWN;
          }
          return res;
        };
      }
    }
  }
}

/** Sensors counted by the last areaValue call (a scratch variable: the hot path allocates nothing). */
let areaCount = 0;

function areaValue(zone: ZoneRt, mi: number, agg: Agg, maxAge: number, now: number): number {
  const c = zone.area;
  let j = 0;
  while (j < c.mi.length && (c.mi[j] !== mi || c.maxAge[j] !== maxAge)) j++;
  if (j === c.mi.length) {
    c.mi.push(mi);
    c.maxAge.push(maxAge);
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

/** A threshold, or all / any of plain conditions: no sustained, window, rate, noData or area part. */
function isPlain(c: Condition): boolean {
  if (c.type === 'threshold') return true;
  if (c.type === 'all' || c.type === 'any') return c.conditions.every(isPlain);
  return false;
}

function compileRule(rule: Rule, fastPaths: boolean): CompiledRule {
  const cp = new Compiler();
  const raise = cp.compile(rule.condition);
  const explicitClear = !!rule.clear?.condition;
  const clearTree = rule.clear?.condition ?? relax(rule.condition, rule.clear?.hysteresis ?? 0);
  const clearFn = cp.compile(clearTree);
  const clearOk = explicitClear ? (s: SubjectRt, t: number, now: number) => clearFn(s, t, now) === TRUE : (s: SubjectRt, t: number, now: number) => clearFn(s, t, now) === FALSE;
  const minClearMs = (rule.clear?.minClearMinutes ?? 0) * 60_000;
  const zoneSubject = rule.subject === 'zone';
  // Fast path shape.
  let fast = FAST_GENERIC;
  let fastMs = 0;
  const rc = rule.condition;
  const rLeaf = leavesOf(rc.type === 'sustained' ? rc.condition : rc, cp.windowOf);
  const cLeaf = leavesOf(clearTree, cp.windowOf);
  if (!zoneSubject && fastPaths) {
    if (rLeaf && cLeaf && rc.type !== 'sustained') fast = FAST_LEAF;
    else if (rLeaf && cLeaf && rc.type === 'sustained' && cp.sustainedMs.length === 1) {
      fast = FAST_SUST;
      fastMs = cp.sustainedMs[0]!;
    } else if (rc.type === 'noData' && clearTree === rc && !explicitClear && rc.minutes > 0) {
      fast = FAST_NODATA;
      fastMs = rc.minutes * 60_000;
    }
  }
  const leafy = fast === FAST_LEAF || fast === FAST_SUST;
  const rl = leafy ? rLeaf! : { any: false, leaves: [] };
  const cl = leafy ? cLeaf! : { any: false, leaves: [] };
  return {
    rule,
    canon: canonicalJson(rule),
    raise,
    clearOk,
    clearTree,
    explicitClear,
    minClearMs,
    sustainedMs: cp.sustainedMs,
    noDataMs: cp.noDataMs,
    slotOf: cp.slotOf,
    windowOf: cp.windowOf,
    windows: cp.windows,
    metrics: cp.metrics,
    hasTimers: cp.sustainedMs.length > 0 || cp.noDataMs.length > 0 || minClearMs > 0,
    plain: !zoneSubject && isPlain(rule.condition),
    hoursOk: rule.activeHours ? activeHoursFn(rule.activeHours) : null,
    zoneSubject,
    fast,
    rLeaves: rl.leaves,
    rN: rl.leaves.length,
    rAny: rl.any,
    rP: Float64Array.from(rl.leaves.flatMap((l) => [l.op, l.a, l.b])),
    cLeaves: cl.leaves,
    cN: cl.leaves.length,
    cAny: cl.any,
    cP: Float64Array.from(cl.leaves.flatMap((l) => [l.op, l.a, l.b])),
    fastMs,
    opTexts: new Map(),
  };
}

/** JSON with object keys sorted: equal rules give equal text whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * activeHours as a predicate over epoch ms. from < to: [from, to) on the listed days. from > to (overnight, e.g.
 * 22:00-06:00): from `from` on a listed day until `to` the next morning. The zone's UTC offset is cached per quarter
 * hour (offsets change on quarter-hour boundaries), so the check costs a Map-free comparison almost always.
 */
export function activeHoursFn(h: NonNullable<Rule['activeHours']>): (ms: number) => boolean {
  const from = toMinutes(h.from);
  const to = toMinutes(h.to);
  const days = h.days ? new Set(h.days) : null;
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: h.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  let cachedQuarter = NaN;
  let cachedOffset = 0;
  const offsetAt = (ms: number) => {
    const q = Math.floor(ms / 900_000);
    if (q !== cachedQuarter) {
      const p: Record<string, string> = {};
      for (const part of fmt.formatToParts(new Date(q * 900_000))) p[part.type] = part.value;
      const local = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
      cachedOffset = local - q * 900_000;
      cachedQuarter = q;
    }
    return cachedOffset;
  };
  const dayOk = (isoDay: number) => !days || days.has(isoDay);
  return (ms) => {
    const local = ms + offsetAt(ms);
    const dayIndex = Math.floor(local / 86_400_000);
    const minute = Math.floor((local - dayIndex * 86_400_000) / 60_000);
    const isoDay = ((((dayIndex + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
    if (from < to) return minute >= from && minute < to && dayOk(isoDay);
    if (minute >= from) return dayOk(isoDay);
    if (minute < to) return dayOk(isoDay === 1 ? 7 : isoDay - 1);
    return false;
  };
}

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

// ---------------------------------------------------------------------------------------------------------------------
// messages (built on raise and clear only; never on the hot path)

interface Peek {
  truth: number;
  /** The raise text ('Occupancy 97% > 95% for 15 min'), or with brief the values only ('Occupancy 88%'). */
  text: string;
  value?: number;
}

function opText(op: CompareOp, v: CompareValue, metric: string): string {
  if (Array.isArray(v)) return `${op} ${formatValue(v[0], metric, 'none')}–${formatValue(v[1], metric, 'short')}`;
  return `${op} ${formatValue(v, metric, 'short')}`;
}

/** opText of a condition node of the rule, built once per compiled rule (not at every message). */
function opTextOf(cr: CompiledRule, c: Condition & { op: CompareOp; value: CompareValue; metric: string }): string {
  let x = cr.opTexts.get(c);
  if (x === undefined) cr.opTexts.set(c, (x = opText(c.op, c.value, c.metric)));
  return x;
}

function cmpValue(v: number, op: CompareOp, val: CompareValue): number {
  return Array.isArray(val) ? compare(v, OP_CODE[op], val[0], val[1]) : compare(v, OP_CODE[op], val, val);
}

/** A condition's truth, value and text, for messages (only the text asked for is built: raise text, or brief). */
function peek(cr: CompiledRule, c: Condition, s: SubjectRt, t: number, now: number, brief: boolean): Peek {
  switch (c.type) {
    case 'threshold': {
      const v = s.sensor!.vals[METRIC_INDEX.get(c.metric)!]!;
      const label = metricInfo(c.metric).label;
      const vt = v === v ? formatValue(v, c.metric) : 'missing';
      return { truth: cmpValue(v, c.op, c.value), text: brief ? `${label} ${vt}` : `${label} ${vt} ${opTextOf(cr, c)}`, value: v === v ? v : undefined };
    }
    case 'window':
    case 'rate': {
      const w = s.wins[cr.windowOf.get(c)!]!;
      const agg = c.type === 'rate' ? 'change' : c.agg;
      const v = agg === 'avg' ? w.avg() : agg === 'min' ? w.min() : agg === 'max' ? w.max() : agg === 'sum' ? w.total() : agg === 'count' ? w.count : w.change();
      const label = metricInfo(c.metric).label;
      const vt = v === v ? formatValue(v, c.metric) : 'missing';
      const what = c.type === 'rate' ? `${label} change over ${c.minutes} min` : `${AGG_WORD[c.agg]} ${label.toLowerCase()} over ${c.minutes} min`;
      return { truth: cmpValue(v, c.op, c.value), text: brief ? `${what} ${vt}` : `${what} ${vt} ${opTextOf(cr, c)}`, value: v === v ? v : undefined };
    }
    case 'noData': {
      const silent = now - s.sensor!.quietFrom;
      const truth = silent >= c.minutes * 60_000 ? TRUE : FALSE;
      const mins = s.sensor!.seen ? Math.floor(silent / 60_000) : null;
      const text = mins === null ? `No data (for at least ${c.minutes} min)` : `No data for ${mins} min`;
      return { truth, text: brief && !truth ? 'Data again' : text, value: mins ?? undefined };
    }
    case 'area': {
      const mi = METRIC_INDEX.get(c.metric)!;
      const v = areaValue(s.zone!, mi, c.agg, (c.maxAgeMinutes ?? 60) * 60_000, now);
      const n = areaCount;
      const label = c.agg === 'count' ? 'Sensors reporting' : `${AGG_WORD[c.agg]} ${metricInfo(c.metric).label.toLowerCase()}`;
      const vt = v === v ? (c.agg === 'count' ? String(v) : formatValue(v, c.metric)) : 'missing';
      return { truth: cmpValue(v, c.op, c.value), text: brief ? `${label} ${vt}` : `${label} ${vt} ${opTextOf(cr, c)} (${n} sensors)`, value: v === v ? v : undefined };
    }
    case 'sustained': {
      const inner = peek(cr, c.condition, s, t, now, brief);
      const since = s.since[cr.slotOf.get(c)!]!;
      const truth = inner.truth === TRUE && since === since && t - since >= c.minutes * 60_000 ? TRUE : inner.truth === TRUE ? FALSE : inner.truth;
      return { truth, text: brief ? inner.text : `${inner.text} for ${c.minutes} min`, value: inner.value };
    }
    case 'all':
    case 'any': {
      const parts = c.conditions.map((x) => peek(cr, x, s, t, now, brief));
      const chosen = c.type === 'all' ? parts : [parts.find((p) => p.truth === TRUE) ?? parts[0]!];
      const truth = c.type === 'all'
        ? parts.some((p) => p.truth === FALSE) ? FALSE : parts.some((p) => p.truth === UNKNOWN) ? UNKNOWN : TRUE
        : parts.some((p) => p.truth === TRUE) ? TRUE : parts.some((p) => p.truth === UNKNOWN) ? UNKNOWN : FALSE;
      return {
        truth,
        text: brief ? parts.map((p) => p.text).join(', ') : chosen.map((p) => p.text).join(' and '),
        value: chosen.find((p) => p.value !== undefined)?.value,
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// the evaluator

/** Width of a timer bucket (ms): one minute, the usual clock step of backtests. */
const BUCKET_MS = 60_000;

/** A bucket's entries are due[0..n), seq[0..n), subj[0..n): buckets are pooled and keep their arrays (no regrowth). */
class Bucket {
  key: number;
  n = 0;
  due: number[] = [];
  seq: number[] = [];
  blk: (StateBlock | null)[] = [];
  idx: number[] = [];
  constructor(key: number) {
    this.key = key;
  }
}

/**
 * Timers: (due, seq) -> subject entries in buckets of BUCKET_MS by due time (a timer wheel without a fixed span).
 * Entries are appended in seq order (seq only grows), so a bucket is in seq order; takeDue hands out the entries due
 * by a time in (due, seq) order, the order a min-heap would pop them, for a fraction of a heap's cost. Stale entries
 * (the subject re-scheduled since) are skipped by the caller.
 */
class TimerWheel {
  private buckets = new Map<number, Bucket>();
  /** The bucket push used last (pushes cluster: a few Map lookups saved). */
  private lastBucket: Bucket | null = null;
  /** Keys of the buckets, ascending. */
  private keys: number[] = [];
  /** takeDue's output (reused). */
  readonly outDue: number[] = [];
  readonly outSeq: number[] = [];
  readonly outBlk: StateBlock[] = [];
  readonly outIdx: number[] = [];
  outLen = 0;

  /** Emptied buckets, for reuse (their arrays keep their capacity: pushes do not reallocate, less garbage). */
  private pool: Bucket[] = [];

  clear(): void {
    for (const b of this.buckets.values()) this.release(b);
    this.buckets.clear();
    this.lastBucket = null;
    this.keys = [];
    this.outBlk.length = 0;
  }

  private release(b: Bucket): void {
    b.blk.fill(null, 0, b.n);
    b.n = 0;
    this.pool.push(b);
  }

  /** An entry for subject i of blk (blocks only change in Evaluator.rebuild, which clears the wheel). */
  push(due: number, seq: number, blk: StateBlock, i: number): void {
    const key = Math.floor(due / BUCKET_MS);
    let b = this.lastBucket !== null && this.lastBucket.key === key ? this.lastBucket : this.buckets.get(key);
    if (b === undefined) {
      b = this.pool.pop();
      if (b === undefined) b = new Bucket(key);
      else b.key = key;
      this.buckets.set(key, b);
      const keys = this.keys;
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keys[mid]! < key) lo = mid + 1;
        else hi = mid;
      }
      keys.splice(lo, 0, key);
    }
    this.lastBucket = b;
    const n = b.n++;
    b.due[n] = due;
    b.seq[n] = seq;
    b.blk[n] = blk;
    b.idx[n] = i;
  }

  /** Moves the entries with due <= now to out* (outLen of them), in (due, seq) order. */
  takeDue(now: number): void {
    const od = this.outDue;
    const os = this.outSeq;
    const ob = this.outBlk;
    const oi = this.outIdx;
    let n = 0;
    const nowKey = Math.floor(now / BUCKET_MS);
    const keys = this.keys;
    let used = 0;
    while (used < keys.length && keys[used]! <= nowKey) {
      const b = this.buckets.get(keys[used]!)!;
      const start = n;
      const bd = b.due;
      const bs = b.seq;
      const bb = b.blk;
      const bi = b.idx;
      let keep = 0;
      const bn = b.n;
      for (let i = 0; i < bn; i++) {
        const d = bd[i]!;
        if (d <= now) {
          od[n] = d;
          os[n] = bs[i]!;
          ob[n] = bb[i]!;
          oi[n] = bi[i]!;
          n++;
        } else {
          bd[keep] = d;
          bs[keep] = bs[i]!;
          bb[keep] = bb[i]!;
          bi[keep] = bi[i]!;
          keep++;
        }
      }
      // Stable insertion sort by due of this bucket's share (already in seq order).
      for (let i = start + 1; i < n; i++) {
        const d = od[i]!;
        if (!(d < od[i - 1]!)) continue;
        const q = os[i]!;
        const u = ob[i]!;
        const x = oi[i]!;
        let j = i - 1;
        while (j >= start && od[j]! > d) {
          od[j + 1] = od[j]!;
          os[j + 1] = os[j]!;
          ob[j + 1] = ob[j]!;
          oi[j + 1] = oi[j]!;
          j--;
        }
        od[j + 1] = d;
        os[j + 1] = q;
        ob[j + 1] = u;
        oi[j + 1] = x;
      }
      if (keep > 0) {
        bb.fill(null, keep, bn);
        b.n = keep;
        break; // the bucket of now: later entries stay
      }
      this.buckets.delete(b.key);
      if (b === this.lastBucket) this.lastBucket = null;
      this.release(b);
      used++;
    }
    if (used > 0) keys.splice(0, used);
    this.outLen = n;
  }
}

export class Evaluator {
  private sensors = new Map<string, SensorRt>();
  private sensorList: SensorRt[] = [];
  private zones: Zone[] = [];
  private compiled: CompiledRule[] = [];
  private subjects = new Map<string, SubjectRt>();
  private zoneSubjects: SubjectRt[] = [];
  private timers = new TimerWheel();
  private seq = 0;
  private clock = -Infinity;
  /** Latest time seen (clock or accepted reading), for events that setRules emits. */
  private latest = -Infinity;
  /** First time seen: the baseline of noData for sensors that never reported. */
  private origin = NaN;
  private out: AlertEvent[] = [];
  private problems: RuleProblem[] = [];
  private counters: EvaluatorStats = { readings: 0, duplicates: 0, late: 0, unknownSensor: 0, evaluations: 0 };

  private readonly fastPaths: boolean;

  constructor(rules: readonly Rule[], catalogue: readonly Sensor[], zones: readonly Zone[] = [], opts: EvaluatorOptions = {}) {
    this.fastPaths = opts.fastPaths ?? true;
    this.zones = [...zones];
    for (const s of catalogue) this.sensors.set(s.id, new SensorRt(s));
    this.sensorList = [...this.sensors.values()];
    this.rebuild(rules, null);
  }

  // ----- public API

  /** Evaluates one reading. Returns the raise / clear events it caused (often none: a shared empty array). */
  onReading(r: Reading): readonly AlertEvent[] {
    const s = this.sensors.get(r.sensorId);
    if (s === undefined) {
      this.counters.unknownSensor++;
      return EMPTY;
    }
    const ts = r.ts;
    if (ts <= s.lastTs) {
      if (ts === s.lastTs) this.counters.duplicates++;
      else this.counters.late++;
      return EMPTY;
    }
    this.counters.readings++;
    if (this.origin !== this.origin) this.setOrigin(ts);
    if (ts > this.latest) this.latest = ts;
    const gap = s.seen && ts - s.lastTs > s.staleMs;
    s.lastTs = ts;
    s.quietFrom = ts;
    s.seen = true;
    const values = r.values;
    s.lastValues = values;

    // Metrics, read once.
    const vals = s.vals;
    if (s.readAll) readRaw(s.kind, values, vals);
    else {
      const names = s.readNames;
      const slots = s.readSlots;
      for (let i = 0; i < names.length; i++) {
        const v = values[names[i]!];
        vals[slots[i]!] = typeof v === 'number' ? v : NaN;
      }
    }
    derive(s, vals);

    // Windows, pushed once each; their aggregates go beside the values.
    const groups = s.groups;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      g.push(ts, vals[g.metric]!, vals);
    }

    // Rules.
    const blk = s.blk;
    const n = blk.crs.length;
    this.counters.evaluations += n;
    if (gap) blk.since.fill(NaN);
    const kind = blk.kind;
    const active = blk.active;
    const dirty = blk.dirty;
    const scheduledAt = blk.scheduledAt;
    const one = blk.one;
    const oneOff = blk.oneOff;
    const lohi = blk.oneLoHi;
    const cone = blk.cone;
    const coneOff = blk.coneOff;
    const clohi = blk.coneLoHi;
    for (let i = 0; i < n; i++) {
      if (active[i] === 0) {
        const o = one[i]!;
        if (o !== 0) {
          if (dirty[i] === 0) {
            // An idle one-leaf subject whose leaf is not true (false or unknown: NaN compares false) only stops its
            // sustained timer: what evalSlot would do, inline.
            const v = vals[oneOff[i]!]!;
            const lo = lohi[2 * i]!;
            const hi = lohi[2 * i + 1]!;
            if ((o & ONE_OUT) === 0 ? !(v >= lo && v <= hi) : !(v < lo || v > hi)) {
              if (o >= ONE_SUST) blk.since[blk.sinceOff[i]!] = NaN;
              continue;
            }
          }
        } else if (kind[i] === FAST_NODATA && scheduledAt[i] !== Infinity) continue;
        // (A noData subject at one of its sensor's readings is false, silence 0: with no alert open and its timer
        // scheduled, evaluating it would change nothing.)
      } else {
        const co = cone[i]!;
        if (co !== 0 && dirty[i] === 0) {
          // An open LEAF alert whose one-leaf clear does not hold (true or unknown, for an implicit clear; not true,
          // for an explicit one): its pending clear stops, nothing else happens (evalSlot's steps, inline).
          const v = vals[coneOff[i]!]!;
          const lo = clohi[2 * i]!;
          const hi = clohi[2 * i + 1]!;
          const inside = (co & ONE_OUT) === 0 ? v >= lo && v <= hi : v < lo || v > hi;
          if ((co & C_EXPLICIT) !== 0 ? !inside : inside || v !== v) {
            blk.clearSince[i] = NaN;
            continue;
          }
        }
      }
      this.evalSlot(blk, i, ts, ts);
    }
    return this.take();
  }

  /**
   * Advances the clock: fires what became due (no-data, sustained conditions and pending clears maturing) and
   * evaluates zone rules. A clock that does not move forward is ignored.
   */
  onClock(nowMs: number): readonly AlertEvent[] {
    if (!(nowMs > this.clock)) return EMPTY;
    this.clock = nowMs;
    if (nowMs > this.latest) this.latest = nowMs;
    if (this.origin !== this.origin) this.setOrigin(nowMs);
    const tw = this.timers;
    tw.takeDue(nowMs);
    for (let k = 0; k < tw.outLen; k++) {
      const blk = tw.outBlk[k]!;
      const i = tw.outIdx[k]!;
      if (blk.schedSeq[i] !== tw.outSeq[k]) continue; // stale: re-scheduled since
      blk.schedSeq[i] = 0;
      blk.recheck[i] = 0;
      if (blk.kind[i] === FAST_NODATA && blk.active[i] === 0) {
        // A noData subject whose sensor reported since it was scheduled (most of them): not silent long enough, so
        // evaluating it would only schedule its new silence limit. The same steps as evalSlot and schedule, inline.
        const due = blk.sensor!.quietFrom + blk.crs[i]!.fastMs;
        if (due > nowMs) {
          blk.dirty[i] = 0;
          blk.scheduledAt[i] = due;
          const seq = ++this.seq;
          blk.schedSeq[i] = seq;
          tw.push(due, seq, blk, i);
          continue;
        }
      }
      blk.scheduledAt[i] = Infinity;
      const sub = blk.subs[i]!;
      this.evaluate(sub, this.dataTime(sub, nowMs), nowMs);
    }
    for (const sub of this.zoneSubjects) {
      sub.recheck = false;
      this.counters.evaluations++;
      this.evaluate(sub, nowMs, nowMs);
    }
    return this.take();
  }

  /**
   * Replaces the rule set. Deterministic handling of open alerts:
   * - rule unchanged (same canonical JSON): everything kept, timers included;
   * - rule edited: the open alert is kept (with the severity, version and message it was raised with); its condition
   *   timers restart, and at the next onClock it is judged by the NEW definition's clear logic (so an edit that makes
   *   the alert no longer true clears it then, after minClearMinutes). No event is emitted by the edit itself;
   * - rule removed or disabled, or the subject left the rule's scope: the alert is cleared now, with that reason.
   * - rule new or changed with a plain condition (threshold, or all / any of thresholds): each subject without an open
   *   alert whose sensor's latest reading is not stale (lastTs > latest - 1.5 intervals) is judged now against it and
   *   raises at the evaluator's latest time (subjects in rule order, then sensor order, after the clears above).
   * Sliding windows are per sensor and shared by rules, so an edited rule keeps the history of windows it shares.
   */
  setRules(rules: readonly Rule[]): readonly AlertEvent[] {
    this.rebuild(rules, 'rules');
    return this.take();
  }

  /** Replaces the catalogue and zones (same alert handling as setRules; sensors keep their live state by id). */
  setCatalogue(catalogue: readonly Sensor[], zones?: readonly Zone[]): readonly AlertEvent[] {
    if (zones) this.zones = [...zones];
    const next = new Map<string, SensorRt>();
    for (const s of catalogue) {
      const old = this.sensors.get(s.id);
      if (old && old.kind === s.kind) {
        old.setSensor(s);
        next.set(s.id, old);
      } else next.set(s.id, new SensorRt(s));
    }
    this.sensors = next;
    this.sensorList = [...next.values()];
    this.rebuild(this.rules, 'catalogue');
    return this.take();
  }

  /** Open alerts, sorted by raise time, rule, subject. */
  activeAlerts(): ActiveAlert[] {
    const out: ActiveAlert[] = [];
    for (const s of this.subjects.values()) {
      if (!s.active) continue;
      out.push({ ruleId: s.rule.rule.id, ruleVersion: s.raisedVersion, subject: s.key, severity: s.raisedSeverity, raisedAt: s.raisedAt, value: s.raisedValue, message: s.raisedMessage });
    }
    return out.sort((a, b) => a.raisedAt - b.raisedAt || cmpStr(a.ruleId, b.ruleId) || cmpStr(a.subject, b.subject));
  }

  /**
   * Marks alerts as open without emitting events (after a restart, from the store). Alerts whose rule or subject no
   * longer exists are returned, for the caller to close.
   */
  restore(alerts: readonly ActiveAlert[]): ActiveAlert[] {
    const orphans: ActiveAlert[] = [];
    for (const a of alerts) {
      const s = this.subjects.get(subjectKey(a.ruleId, a.subject));
      if (!s) {
        orphans.push(a);
        continue;
      }
      s.active = true;
      s.raisedAt = a.raisedAt;
      s.raisedVersion = a.ruleVersion;
      s.raisedSeverity = a.severity;
      s.raisedValue = a.value;
      s.raisedMessage = a.message;
      s.recheck = true;
      this.scheduleNow(s);
    }
    return orphans;
  }

  /** Rules that cannot apply as written (e.g. a district that is not in the zones given). */
  ruleProblems(): RuleProblem[] {
    return [...this.problems];
  }

  stats(): EvaluatorStats {
    return { ...this.counters };
  }

  /** Number of (rule, subject) pairs being tracked. */
  subjectCount(): number {
    return this.subjects.size;
  }

  // ----- internals

  private rules: readonly Rule[] = [];
  /** Area caches by the zone's sensor ids (rebuilt with the rules). */
  private areaCaches = new Map<string, AreaCache>();

  private setOrigin(t: number): void {
    this.origin = t;
    // Sensors that never reported count their silence from here.
    for (const s of this.sensorList) if (!s.seen) s.quietFrom = t;
    for (const sub of this.subjects.values()) if (sub.rule.noDataMs.length) this.schedule(sub, t);
  }

  private take(): readonly AlertEvent[] {
    if (this.out.length === 0) return EMPTY;
    const res = this.out;
    this.out = [];
    return res;
  }

  /** Data time for clock evaluation: no further than the sensor's data horizon. */
  private dataTime(sub: SubjectRt, now: number): number {
    if (!sub.sensor) return now;
    const horizon = sub.sensor.lastTs + sub.sensor.staleMs;
    return now < horizon ? now : horizon;
  }

  private evaluate(sub: SubjectRt, t: number, now: number): void {
    this.evalSlot(sub.blk, sub.i, t, now);
  }

  /** Evaluates subject i of a block: the common shapes inline (the same steps as evaluateGeneric), others generic. */
  private evalSlot(blk: StateBlock, i: number, t: number, now: number): void {
    const cr = blk.crs[i]!;
    const fast = cr.fast;
    if (fast === FAST_GENERIC) {
      this.evaluateGeneric(blk.subs[i]!, t, now);
      return;
    }
    const sensor = blk.sensor!;
    const vals = sensor.vals;
    const active = blk.active[i] === 1;
    let r: number;
    if (fast === FAST_NODATA) r = now - sensor.quietFrom >= cr.fastMs ? TRUE : FALSE;
    else if (fast === FAST_LEAF && active) r = FALSE; // unused: a leaf has no state to update
    else {
      r = evalLeaves(vals, blk.leafOff, blk.leafStart[i]!, cr.rN, cr.rAny, cr.rP);
      if (fast === FAST_SUST) {
        const k = blk.sinceOff[i]!;
        if (r !== TRUE) blk.since[k] = NaN;
        else {
          let since = blk.since[k]!;
          if (since !== since) since = blk.since[k] = t;
          if (!(t - since >= cr.fastMs)) {
            blk.dirty[i] = 1; // running: its due time depends on the data horizon, which this reading moved
            r = FALSE;
          }
        }
      }
    }
    if (!active) {
      if (r === TRUE && (cr.hoursOk === null || cr.hoursOk(now))) this.raise(blk.subs[i]!, t, now);
    } else {
      let ok: boolean;
      if (fast === FAST_NODATA) ok = r === FALSE;
      else {
        const c = evalLeaves(vals, blk.leafOff, blk.leafStart[i]! + cr.rN, cr.cN, cr.cAny, cr.cP);
        ok = cr.explicitClear ? c === TRUE : c === FALSE;
      }
      if (ok) {
        let cs = blk.clearSince[i]!;
        if (cs !== cs) cs = blk.clearSince[i] = t;
        if (t - cs >= cr.minClearMs) this.clear(blk.subs[i]!, now, 'condition', t);
        else blk.dirty[i] = 1;
      } else blk.clearSince[i] = NaN;
    }
    // LEAF and SUST subjects have a due time only while a timer runs, and a running timer sets dirty: when it is not
    // set, schedule would find nothing. noData always has a due time (its silence limit).
    if (cr.hasTimers && (blk.dirty[i] === 1 || (fast === FAST_NODATA && blk.scheduledAt[i] === Infinity))) {
      blk.dirty[i] = 0;
      this.schedule(blk.subs[i]!, now);
    }
  }

  private evaluateGeneric(sub: SubjectRt, t: number, now: number): void {
    const cr = sub.rule;
    const r = cr.raise(sub, t, now);
    if (!sub.active) {
      if (r === TRUE && (cr.hoursOk === null || cr.hoursOk(now))) this.raise(sub, t, now);
    } else if (cr.clearOk(sub, t, now)) {
      if (sub.clearSince !== sub.clearSince) sub.clearSince = t;
      if (t - sub.clearSince >= cr.minClearMs) this.clear(sub, now, 'condition', t);
      else sub.blk.dirty[sub.i] = 1;
    } else sub.clearSince = NaN;
    // Timers only move later with new readings, so an entry already in the heap stays valid (it re-schedules when
    // popped); recompute when nothing is scheduled or a timer is running.
    if (cr.hasTimers && !cr.zoneSubject) {
      const blk = sub.blk;
      const i = sub.i;
      if (blk.dirty[i] === 1 || blk.scheduledAt[i] === Infinity) {
        blk.dirty[i] = 0;
        this.schedule(sub, now);
      }
    }
  }

  private raise(sub: SubjectRt, t: number, now: number): void {
    const cr = sub.rule;
    const p = peek(cr, cr.rule.condition, sub, t, now, false);
    sub.active = true;
    sub.raisedAt = now;
    sub.raisedVersion = cr.rule.version;
    sub.raisedSeverity = cr.rule.severity;
    sub.raisedValue = p.value;
    sub.raisedMessage = `${p.text} at ${sub.subjectName()}`;
    sub.clearSince = NaN;
    const e: AlertEvent = { type: 'raise', ruleId: cr.rule.id, subject: sub.key, severity: sub.raisedSeverity, at: now, message: sub.raisedMessage };
    if (cr.rule.version !== undefined) e.ruleVersion = cr.rule.version;
    if (p.value !== undefined) e.value = p.value;
    this.out.push(e);
  }

  private clear(sub: SubjectRt, now: number, reason: NonNullable<AlertEvent['reason']>, t = now): void {
    sub.active = false;
    sub.clearSince = NaN;
    const cr = sub.rule;
    let message: string;
    let value: number | undefined;
    if (reason === 'condition') {
      const p = peek(cr, cr.clearTree, sub, t, now, true);
      message = `Cleared: ${p.text} at ${sub.subjectName()} (raised ${Math.round((now - sub.raisedAt) / 60_000)} min ago)`;
      value = p.value;
    } else {
      const why = reason === 'rule-removed' ? 'rule removed' : reason === 'rule-disabled' ? 'rule disabled' : 'no longer in the rule\u2019s scope';
      message = `Cleared (${why}): ${cr.rule.name} at ${sub.subjectName()}`;
    }
    const e: AlertEvent = { type: 'clear', ruleId: cr.rule.id, subject: sub.key, severity: sub.raisedSeverity, at: now, message, reason };
    if (sub.raisedVersion !== undefined) e.ruleVersion = sub.raisedVersion;
    if (value !== undefined) e.value = value;
    this.out.push(e);
  }

  /** Schedules the subject's next due time (if earlier than what it already holds). */
  private schedule(sub: SubjectRt, now: number): void {
    const cr = sub.rule;
    const sensor = sub.sensor!;
    const blk = sub.blk;
    const i = sub.i;
    let due = Infinity;
    const nd = cr.noDataMs;
    for (let j = 0; j < nd.length; j++) {
      const d = sensor.quietFrom + nd[j]!;
      if (d > now && d < due) due = d;
    }
    const sm = cr.sustainedMs;
    if (sm.length) {
      const horizon = sensor.lastTs + sensor.staleMs;
      const off = blk.sinceOff[i]!;
      for (let k = 0; k < sm.length; k++) {
        const since = blk.since[off + k]!;
        if (since !== since) continue;
        const d = since + sm[k]!;
        if (d > now && d <= horizon && d < due) due = d;
      }
    }
    if (cr.minClearMs > 0 && blk.active[i] === 1) {
      const cs = blk.clearSince[i]!;
      if (cs === cs) {
        const d = cs + cr.minClearMs;
        if (d > now && d <= sensor.lastTs + sensor.staleMs && d < due) due = d;
      }
    }
    if (due < blk.scheduledAt[i]!) {
      blk.scheduledAt[i] = due;
      const seq = ++this.seq;
      blk.schedSeq[i] = seq;
      this.timers.push(due, seq, blk, i);
    }
  }

  /** Evaluate at the next clock call. */
  private scheduleNow(sub: SubjectRt): void {
    if (sub.zone) return; // zone subjects are evaluated on every clock call anyway
    sub.scheduledAt = -Infinity;
    const seq = ++this.seq;
    sub.schedSeq = seq;
    this.timers.push(-Infinity, seq, sub.blk, sub.i);
  }

  private rebuild(rules: readonly Rule[], why: 'rules' | 'catalogue' | null): void {
    const oldCompiled = new Map(this.compiled.map((c) => [c.rule.id, c]));
    this.areaCaches = new Map();
    const oldSubjects = this.subjects;
    const compiled: CompiledRule[] = [];
    const seen = new Set<string>();
    /** New or changed rules whose condition can be judged at once from the latest readings. */
    const fresh = new Set<CompiledRule>();
    this.problems = [];
    for (const rule of rules) {
      if (seen.has(rule.id)) {
        this.problems.push({ ruleId: rule.id, problem: 'duplicate rule id: only the first rule with this id is used' });
        continue;
      }
      seen.add(rule.id);
      if (!rule.enabled) continue;
      const canon = canonicalJson(rule);
      const old = oldCompiled.get(rule.id);
      if (old && old.canon === canon) compiled.push(old);
      else {
        const cr = compileRule(rule, this.fastPaths);
        compiled.push(cr);
        if (why === 'rules' && cr.plain) fresh.add(cr);
      }
    }
    this.rules = [...rules];

    // Subjects per rule, reusing unchanged ones.
    const subjects = new Map<string, SubjectRt>();
    const zoneSubjects: SubjectRt[] = [];
    for (const s of this.sensorList) s.subjects = [];
    const needs = new Map<SensorRt, { metrics: Set<number>; windows: Map<string, WindowSpec> }>();
    const plans: { cr: CompiledRule; sensors: SensorRt[]; zone: ZoneRt | null }[] = [];
    for (const cr of compiled) {
      const { sensors, zone } = this.scopeOf(cr);
      plans.push({ cr, sensors, zone });
      for (const s of sensors) {
        let n = needs.get(s);
        if (!n) needs.set(s, (n = { metrics: new Set(), windows: new Map() }));
        for (const m of cr.metrics) n.metrics.add(m);
        for (const w of cr.windows) {
          const k = `${w.metric}|${w.ms}`;
          const prev = n.windows.get(k);
          n.windows.set(k, { ...w, min: w.min || !!prev?.min, max: w.max || !!prev?.max });
        }
      }
    }
    // Per-sensor metric reads, derived flags and shared windows.
    for (const s of this.sensorList) {
      const n = needs.get(s);
      const metrics = new Set<number>(n?.metrics ?? []);
      for (const w of n?.windows.values() ?? []) metrics.add(w.metric);
      const was = { occ: s.derivedOcc, speed: s.derivedSpeed, max: s.derivedMax, names: new Set(s.readNames) };
      s.derivedOcc = metrics.has(M.occupancyPct);
      s.derivedSpeed = metrics.has(M.speedRatioPct);
      s.derivedMax = metrics.has(M.maxIndex);
      const raw = new Set<string>();
      for (const mi of metrics) {
        const name = ALL_METRICS[mi]!;
        for (const x of DERIVED_INPUTS[name] ?? [name]) raw.add(x);
      }
      s.readNames = [...raw].sort();
      s.readSlots = Int32Array.from(s.readNames.map((x) => METRIC_INDEX.get(x)!));
      s.readAll = s.readNames.length > 1;
      // Metrics the rules start to need: from the latest reading (those already read keep their values).
      const lv = s.lastValues;
      if (lv) {
        for (const x of s.readNames) {
          if (was.names.has(x)) continue;
          const v = lv[x];
          s.vals[METRIC_INDEX.get(x)!] = typeof v === 'number' ? v : NaN;
        }
        const keep = { occ: s.derivedOcc, speed: s.derivedSpeed, max: s.derivedMax };
        s.derivedOcc &&= !was.occ;
        s.derivedSpeed &&= !was.speed;
        s.derivedMax &&= !was.max;
        derive(s, s.vals);
        s.derivedOcc = keep.occ;
        s.derivedSpeed = keep.speed;
        s.derivedMax = keep.max;
      }
      const windowByKey = new Map<string, GroupWindow>();
      const groupByMetric = new Map<number, WindowGroup>();
      for (const [k, spec] of n?.windows ?? []) {
        let g = groupByMetric.get(spec.metric);
        if (!g) groupByMetric.set(spec.metric, (g = s.groupByMetric.get(spec.metric) ?? new WindowGroup(spec.metric)));
        const old = s.windowByKey.get(k);
        windowByKey.set(k, old && old.group === g && (old.tracksMin || !spec.min) && (old.tracksMax || !spec.max) ? old : g.window(spec.ms, spec));
      }
      s.windowByKey = windowByKey;
      s.windows = [...windowByKey.values()];
      s.groupByMetric = groupByMetric;
      s.groups = [...groupByMetric.values()];
      for (const g of s.groups) {
        g.wins = s.windows.filter((w) => w.group === g);
        g.bases = Int32Array.from(g.wins.map((w) => METRIC_COUNT + s.windows.indexOf(w) * AGG_STRIDE));
      }
      const need = METRIC_COUNT + s.windows.length * AGG_STRIDE;
      if (s.vals.length !== need) {
        const vals = new Float64Array(need).fill(NaN);
        vals.set(s.vals.subarray(0, METRIC_COUNT));
        s.vals = vals;
      }
      for (let w = 0; w < s.windows.length; w++) s.windows[w]!.writeAggs(s.vals, METRIC_COUNT + w * AGG_STRIDE);
    }

    for (const { cr, sensors, zone } of plans) {
      const makeSubject = (key: string, sensor: SensorRt | null) => {
        const sk = subjectKey(cr.rule.id, key);
        const old = oldSubjects.get(sk);
        const wins = sensor ? cr.windows.map((w) => sensor.windowByKey.get(`${w.metric}|${w.ms}`)!) : [];
        let sub: SubjectRt;
        if (old && old.rule === cr && old.sensor === sensor && (!zone || sameZone(old.zone, zone))) {
          sub = old;
          sub.wins = wins;
          if (zone) (sub as { zone: ZoneRt | null }).zone = zone;
        } else {
          sub = new SubjectRt(cr, key, sensor, zone, wins);
          if (old?.active) {
            sub.active = true;
            sub.raisedAt = old.raisedAt;
            sub.raisedVersion = old.raisedVersion;
            sub.raisedSeverity = old.raisedSeverity;
            sub.raisedValue = old.raisedValue;
            sub.raisedMessage = old.raisedMessage;
            sub.recheck = true;
          }
        }
        subjects.set(sk, sub);
        return sub;
      };
      if (cr.zoneSubject) {
        zoneSubjects.push(makeSubject(`zone:${zone!.id}`, null));
      } else {
        for (const s of sensors) s.subjects.push(makeSubject(s.id, s));
      }
    }

    for (const s of this.sensorList) layout(s);

    // Open alerts that lost their rule or subject are cleared now.
    const now = this.latest === -Infinity ? 0 : this.latest;
    const byId = new Map(rules.map((r) => [r.id, r]));
    const gone = [...oldSubjects.entries()].filter(([k, s]) => s.active && !subjects.has(k)).map(([, s]) => s);
    gone.sort((a, b) => cmpStr(a.rule.rule.id, b.rule.rule.id) || cmpStr(a.key, b.key));
    for (const s of gone) {
      const r = byId.get(s.rule.rule.id);
      this.clear(s, now, !r ? 'rule-removed' : !r.enabled ? 'rule-disabled' : 'out-of-scope');
    }

    this.subjects = subjects;
    this.zoneSubjects = zoneSubjects;
    this.compiled = compiled;
    // Timers: rebuilt from scratch (deterministic: subjects in rule order, then sensor order).
    this.timers.clear();
    for (const sub of subjects.values()) {
      sub.schedSeq = 0;
      sub.scheduledAt = Infinity;
      if (sub.recheck) this.scheduleNow(sub);
      else if (sub.rule.hasTimers && sub.sensor && this.origin === this.origin) this.schedule(sub, this.latest);
    }
    // A new or changed plain rule applies to the current situation at once: judged against each subject's latest
    // reading if it is not stale, raising at the evaluator's latest time (subjects in rule order, then sensor order).
    if (fresh.size > 0 && this.latest !== -Infinity) {
      const t = this.latest;
      for (const sub of subjects.values()) {
        const cr = sub.rule;
        const sensor = sub.sensor;
        if (!fresh.has(cr) || sub.active || !sensor || !sensor.seen || !(sensor.lastTs > t - sensor.staleMs)) continue;
        this.counters.evaluations++;
        if (cr.raise(sub, t, t) === TRUE && (cr.hoursOk === null || cr.hoursOk(t))) this.raise(sub, t, t);
      }
    }
  }

  private scopeOf(cr: CompiledRule): { sensors: SensorRt[]; zone: ZoneRt | null } {
    const rule = cr.rule;
    let pool = this.sensorList.filter((s) => s.kind === rule.kind);
    let zoneId = rule.id;
    let zoneName = rule.name;
    const sc = rule.scope;
    if (sc.type === 'sensors') {
      const ids = new Set(sc.ids);
      const missing = sc.ids.filter((id) => !this.sensors.has(id));
      if (missing.length) this.problems.push({ ruleId: rule.id, problem: `sensors not in the catalogue: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}` });
      pool = pool.filter((s) => ids.has(s.id));
    } else if (sc.type === 'zone') {
      let zone: Zone | undefined;
      if ('district' in sc && sc.district !== undefined) {
        zone = findZone(this.zones, sc.district);
        if (!zone) this.problems.push({ ruleId: rule.id, problem: `no district ${JSON.stringify(String(sc.district))} among the ${this.zones.length} zones loaded` });
        else {
          zoneId = zone.id;
          zoneName = zone.name;
        }
      } else if ('polygon' in sc && sc.polygon) zone = makeZone(rule.id, rule.name, [[sc.polygon.map(([a, b]) => [a, b] as [number, number])]]);
      pool = zone ? pool.filter((s) => sensorInZone(s.sensor, zone)) : [];
    } else {
      zoneId = rule.kind;
      zoneName = `all ${rule.kind} sensors`;
    }
    if (rule.filter) {
      const f = Object.entries(rule.filter);
      pool = pool.filter((s) => f.every(([attr, allowed]) => allowed.includes(s.sensor.attributes[attr] as string | number)));
    }
    if (!cr.zoneSubject) return { sensors: pool, zone: null };
    const key = pool.map((s) => s.id).join('\n');
    let area = this.areaCaches.get(key);
    if (!area) this.areaCaches.set(key, (area = new AreaCache()));
    return { sensors: pool, zone: { id: zoneId, name: zoneName, sensors: pool, area } };
  }
}

const num = (v: number | null | undefined): number => (typeof v === 'number' ? v : NaN);

/** Every raw metric of the kind from a reading into vals (slots no rule reads are harmless). */
function readRaw(kind: SensorKind, values: Reading['values'], vals: Float64Array): void {
  if (kind === 'traffic') {
    vals[M.avgSpeedKmh] = num(values.avgSpeedKmh);
    vals[M.vehicleCount] = num(values.vehicleCount);
    vals[M.avgMeasuredTimeS] = num(values.avgMeasuredTimeS);
    vals[M.medianMeasuredTimeS] = num(values.medianMeasuredTimeS);
  } else if (kind === 'parking') {
    vals[M.vehicleCount] = num(values.vehicleCount);
    vals[M.totalSpaces] = num(values.totalSpaces);
  } else {
    vals[M.air[0]!] = num(values.ozone);
    vals[M.air[1]!] = num(values.particulateMatter);
    vals[M.air[2]!] = num(values.carbonMonoxide);
    vals[M.air[3]!] = num(values.sulfurDioxide);
    vals[M.air[4]!] = num(values.nitrogenDioxide);
  }
}

/** Derived metrics of the sensor's latest reading, from its raw values in vals (only those its rules use). */
function derive(s: SensorRt, vals: Float64Array): void {
  if (s.derivedOcc) {
    let spaces = vals[M.totalSpaces]!;
    if (!(spaces > 0)) spaces = s.capacity;
    vals[M.occupancyPct] = spaces > 0 ? (vals[M.vehicleCount]! / spaces) * 100 : NaN;
  }
  // A speed of 0 km/h is how this data reports "no vehicle measured" (it only ever comes with a vehicle count of 0;
  // the map flags it zero-speed): unknown, not a standstill. A real jam still has a positive travel-time speed.
  if (s.derivedSpeed) vals[M.speedRatioPct] = s.normalSpeedKmh > 0 && vals[M.avgSpeedKmh]! > 0 ? (vals[M.avgSpeedKmh]! / s.normalSpeedKmh) * 100 : NaN;
  if (s.derivedMax) {
    let mx = NaN;
    for (let i = 0; i < M.air.length; i++) {
      const v = vals[M.air[i]!]!;
      if (v === v && !(v <= mx)) mx = v;
    }
    vals[M.maxIndex] = mx;
  }
}

/** Moves the sensor's subjects (its list, in evaluation order) into a fresh state block; leaf offsets into vals. */
function layout(s: SensorRt): void {
  const subs = s.subjects;
  let slots = 0;
  for (const sub of subs) slots += sub.since.length;
  const blk = new StateBlock(subs.length, slots, s);
  let off = 0;
  const leafOff: number[] = [];
  for (let i = 0; i < subs.length; i++) {
    const sub = subs[i]!;
    sub.moveTo(blk, i, off);
    off += sub.since.length;
    blk.leafStart[i] = leafOff.length;
    const cr = sub.rule;
    if ((cr.fast === FAST_LEAF || cr.fast === FAST_SUST) && cr.rN === 1) {
      const l = cr.rLeaves[0]!;
      const [code, lo, hi] = leafInterval(l.op, l.a, l.b);
      blk.one[i] = code + (cr.fast === FAST_SUST ? ONE_SUST : 0);
      blk.oneOff[i] = leafOffset(s, sub, l);
      blk.oneLoHi[2 * i] = lo;
      blk.oneLoHi[2 * i + 1] = hi;
    }
    if (cr.fast === FAST_LEAF && cr.cN === 1) {
      const l = cr.cLeaves[0]!;
      const [code, lo, hi] = leafInterval(l.op, l.a, l.b);
      blk.cone[i] = code + (cr.explicitClear ? C_EXPLICIT : 0);
      blk.coneOff[i] = leafOffset(s, sub, l);
      blk.coneLoHi[2 * i] = lo;
      blk.coneLoHi[2 * i + 1] = hi;
    }
    for (const l of sub.rule.rLeaves) leafOff.push(leafOffset(s, sub, l));
    for (const l of sub.rule.cLeaves) leafOff.push(leafOffset(s, sub, l));
  }
  blk.leafOff = Int32Array.from(leafOff);
  s.blk = blk;
}

function leafOffset(s: SensorRt, sub: SubjectRt, l: Leaf): number {
  if (l.src === SRC_VAL) return l.slot;
  const w = s.windows.indexOf(sub.wins[l.win]!);
  if (w < 0) throw new Error('evaluator: a rule window is not among its sensor\u2019s windows');
  return METRIC_COUNT + w * AGG_STRIDE + (l.src - SRC_AVG);
}

function sameZone(a: ZoneRt | null, b: ZoneRt): boolean {
  return !!a && a.id === b.id && a.sensors.length === b.sensors.length && a.sensors.every((s, i) => s === b.sensors[i]);
}

function subjectKey(ruleId: string, subject: string): string {
  return `${ruleId}\u0000${subject}`;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface BacktestOptions {
  /** Clock tick every stepMs of data time (ticks on multiples of stepMs, before the readings at that time). */
  stepMs: number;
}

/**
 * Runs rules over historical readings (in time order) through the same Evaluator, with a clock tick every stepMs of
 * data time and one final tick after the last reading.
 */
export function backtest(
  rule: Rule | readonly Rule[],
  readingsInTimeOrder: Iterable<Reading>,
  catalogue: readonly Sensor[],
  zones: readonly Zone[],
  opts: BacktestOptions,
): AlertEvent[] {
  const step = opts.stepMs;
  if (!(step > 0)) throw new Error('backtest: stepMs must be more than 0');
  const ev = new Evaluator(Array.isArray(rule) ? rule : [rule as Rule], catalogue, zones);
  const out: AlertEvent[] = [];
  let next = NaN;
  for (const r of readingsInTimeOrder) {
    if (next !== next) next = Math.floor(r.ts / step) * step;
    while (r.ts >= next) {
      for (const e of ev.onClock(next)) out.push(e);
      next += step;
    }
    for (const e of ev.onReading(r)) out.push(e);
  }
  if (next === next) for (const e of ev.onClock(next)) out.push(e);
  return out;
}
