/**
 * Compiling a rule: its condition tree into closures over a subject (NodeFn, the generic path: threshold, sustained,
 * window aggregates, rate of change, no data, area aggregates, all / any), its clear side (explicit, or the raise side
 * relaxed by the hysteresis), its windows and timers, and the fast-path shape when it has one (see leaves.ts).
 */
import { areaValue } from './area';
import { activeHoursFn } from './active-hours';
import { FAST_GENERIC, FAST_LEAF, FAST_NODATA, FAST_SUST, type Leaf, bounds, leavesOf } from './leaves';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import type { TypeSlots } from './metrics';
import type { SubjectRt } from './runtime-state';
import type { Agg, CompareOp, CompareValue, Condition, Rule } from './schema';
import { qualityKey, qualityTest, type QualityTest } from './quality';
import { and3, compare, OP_CODE, or3, TRUE, FALSE, UNKNOWN } from './three-valued';

/** Evaluates a node: (subject, data time t, clock now) -> TRUE | FALSE | UNKNOWN. */
export type NodeFn = (s: SubjectRt, t: number, now: number) => number;

export interface WindowSpec {
  metric: number;
  ms: number;
  min: boolean;
  max: boolean;
  /** The rule's quality key and test: a reading they exclude is a missing value in the window (quality.ts). */
  q: string;
  excludes: QualityTest | null;
}

export interface CompiledRule {
  rule: Rule;
  /** The metric slots of the rule's type. */
  slots: TypeSlots;
  /** The registry the rule was compiled against (labels, units and precision for messages). */
  registry: SensorTypeRegistry;
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
  /**
   * The rule's quality flags as a test on a reading's flags (null: the rule sees every reading). A reading the rule
   * does not see makes its data conditions unknown (StateBlock.excl for sensor subjects; area aggregates leave the
   * sensor out).
   */
  excludes: QualityTest | null;
  /** Names the test (quality.ts qualityKey); '' without one. */
  qualityKey: string;
}

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

class Compiler {
  sustainedMs: number[] = [];
  noDataMs: number[] = [];
  windows: WindowSpec[] = [];
  slotOf = new Map<Condition, number>();
  windowOf = new Map<Condition, number>();
  metrics = new Set<number>();

  constructor(
    private readonly slots: TypeSlots,
    /** The rule has quality flags: its data leaves are unknown while the sensor's latest reading is excluded. */
    private readonly excludes: QualityTest | null,
    private readonly qKey: string,
  ) {}

  /** A data leaf (threshold, window, rate) of a rule with quality flags: unknown when the reading is not seen. */
  private seen(f: NodeFn): NodeFn {
    return this.excludes === null ? f : (s, t, now) => (s.blk.excl[s.i] === 1 ? UNKNOWN : f(s, t, now));
  }

  compile(c: Condition): NodeFn {
    return c.type === 'threshold' || c.type === 'window' || c.type === 'rate' ? this.seen(this.node(c)) : this.node(c);
  }

  /** The slot of a metric the rule names (checked against the type before compiling: see typeProblems). */
  slot(metric: string): number {
    const mi = this.slots.index.get(metric);
    if (mi === undefined) throw new Error(`evaluator: ${metric} is not a metric of ${this.slots.typeId}`);
    return mi;
  }

  windowIndex(metric: number, ms: number, agg: Agg | 'change'): number {
    let i = this.windows.findIndex((w) => w.metric === metric && w.ms === ms);
    if (i < 0) {
      i = this.windows.length;
      this.windows.push({ metric, ms, min: false, max: false, q: this.qKey, excludes: this.excludes });
    }
    if (agg === 'min') this.windows[i]!.min = true;
    if (agg === 'max') this.windows[i]!.max = true;
    return i;
  }

  private node(c: Condition): NodeFn {
    switch (c.type) {
      case 'threshold': {
        const mi = this.slot(c.metric);
        this.metrics.add(mi);
        const op = OP_CODE[c.op];
        const [a, b] = bounds(c.value);
        return (s) => compare(s.sensor!.vals[mi]!, op, a, b);
      }
      case 'window': {
        const mi = this.slot(c.metric);
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
        const mi = this.slot(c.metric);
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
        const mi = this.slot(c.metric);
        this.metrics.add(mi);
        const op = OP_CODE[c.op];
        const [a, b] = bounds(c.value);
        const maxAge = (c.maxAgeMinutes ?? 60) * 60_000;
        const agg = c.agg;
        const excludes = this.excludes;
        const qKey = this.qKey;
        return (s, _t, now) => compare(areaValue(s.zone!, mi, agg, maxAge, now, qKey, excludes), op, a, b);
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
      case 'all':
      case 'any': {
        const parts = c.conditions.map((x) => this.compile(x));
        if (parts.length === 1) return parts[0]!;
        // Every part is evaluated, no short cut (sustained timers must see every reading).
        const combine = c.type === 'all' ? and3 : or3;
        const start = c.type === 'all' ? TRUE : FALSE;
        return (s, t, now) => {
          let res = start;
          for (let i = 0; i < parts.length; i++) res = combine(res, parts[i]!(s, t, now));
          return res;
        };
      }
    }
  }
}

/** A threshold, or all / any of plain conditions: no sustained, window, rate, noData or area part. */
function isPlain(c: Condition): boolean {
  if (c.type === 'threshold') return true;
  if (c.type === 'all' || c.type === 'any') return c.conditions.every(isPlain);
  return false;
}

/** Compiles a rule whose metrics are metrics of its type (`slots`, see typeProblems). */
export function compileRule(rule: Rule, fastPaths: boolean, slots: TypeSlots, registry: SensorTypeRegistry): CompiledRule {
  const excludes = qualityTest(rule.quality);
  const cp = new Compiler(slots, excludes, qualityKey(rule.quality));
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
  const rLeaf = leavesOf(rc.type === 'sustained' ? rc.condition : rc, cp.windowOf, slots);
  const cLeaf = leavesOf(clearTree, cp.windowOf, slots);
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
    slots,
    registry,
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
    excludes,
    qualityKey: qualityKey(rule.quality),
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
