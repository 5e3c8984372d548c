/**
 * The evaluator's runtime state: per sensor (latest values, windows, its subjects), per zone, and per (rule, subject)
 * (alert state and condition timers), the hot part as struct-of-arrays in one StateBlock per sensor; layout() places a
 * sensor's subjects in their block and resolves the fast-path leaves to indices in the sensor's value array.
 */
import { STALE_GRACE_FACTOR, type Reading, type Sensor } from '../../shared/model';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import type { AreaCache } from './area';
import type { CompiledRule } from './compile';
import type { DerivedFn } from './derived-slots';
import { C_EXPLICIT, FAST_LEAF, FAST_SUST, type Leaf, leafInterval, ONE_SUST, SRC_AVG, SRC_VAL } from './leaves';
import type { TypeSlots } from './metrics';
import type { Severity } from './schema';
import { AGG_STRIDE, type GroupWindow, type WindowGroup } from './window';

export class SensorRt {
  readonly id: string;
  /** The sensor's type id (registry). */
  readonly kind: string;
  readonly name: string;
  sensor: Sensor;
  /** The type's metric slots (undefined: a type the registry does not have; no rule can apply to the sensor). */
  readonly slots: TypeSlots | undefined;
  /** Metric slots of the type: vals holds them first, then the windows' aggregates. */
  readonly metricCount: number;
  /** The registry of the sensor's type (derived formulas, quality checks). */
  registry: SensorTypeRegistry;
  lastTs = -Infinity;
  /** Start of the current silence, for noData: the last reading, or the evaluator's first time before any. */
  quietFrom = -Infinity;
  seen = false;
  /** Some rule over the sensor has quality flags: flags holds the latest reading's flags (else it stays empty). */
  needFlags = false;
  /** The quality flags of the latest reading (registry.flags), when needFlags. */
  flags: readonly string[] = [];
  /** The latest accepted reading's values (for metrics a rule edit starts to need, and immediate evaluation). */
  lastValues: Reading['values'] | null = null;
  /**
   * Latest value per metric slot (metricCount of them), then the aggregates of each of the sensor's windows
   * (AGG_STRIDE per window, see GroupWindow.writeAggs): the fast paths read any leaf value with one index.
   */
  vals: Float64Array;
  staleMs: number;
  /** Raw metrics to read from a reading: names and slots. */
  readNames: string[] = [];
  readSlots: Int32Array = new Int32Array(0);
  /** Derived metrics the rules use (and those they are computed from): slots and compiled formulas (derived-slots.ts). */
  derivedSlots: Int32Array = new Int32Array(0);
  derivedFns: DerivedFn[] = [];
  /** The sensor's windows (their aggregates in vals in this order), over one WindowGroup per metric. */
  windows: GroupWindow[] = [];
  windowByKey = new Map<string, GroupWindow>();
  groups: WindowGroup[] = [];
  /** The sensor's window groups by metric slot and quality key (`${slot}|${key}`). */
  groupByMetric = new Map<string, WindowGroup>();
  subjects: SubjectRt[] = [];
  /** Hot state of the subjects (same order as subjects). */
  blk: StateBlock = new StateBlock(0, 0, null);

  constructor(sensor: Sensor, slots: TypeSlots | undefined, registry: SensorTypeRegistry) {
    this.id = sensor.id;
    this.kind = sensor.kind;
    this.name = sensor.name;
    this.sensor = sensor;
    this.slots = slots;
    this.metricCount = slots?.names.length ?? 0;
    this.registry = registry;
    this.vals = new Float64Array(this.metricCount).fill(NaN);
    this.staleMs = sensor.expectedIntervalS * 1000 * STALE_GRACE_FACTOR;
  }

  setSensor(sensor: Sensor): void {
    this.sensor = sensor;
    this.staleMs = sensor.expectedIntervalS * 1000 * STALE_GRACE_FACTOR;
  }
}

export interface ZoneRt {
  id: string;
  name: string;
  sensors: SensorRt[];
  /** Shared by the zones with the same sensors (see areaValue). */
  area: AreaCache;
}

/**
 * The hot per-subject state as struct-of-arrays: one block per sensor holding its subjects in evaluation order, so a
 * reading touches a few contiguous cache lines instead of one object (with boxed numbers and a timer array) per
 * subject. Zone subjects, and subjects while they are being built, have a block of their own.
 */
export class StateBlock {
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
  /**
   * 1 when the rule's quality flags exclude the sensor's latest reading: the rule's data conditions are unknown (see
   * quality.ts). Kept for the subjects listed in qSubs (those whose rule has quality flags); 0 for the others.
   */
  readonly excl: Uint8Array;
  qSubs: Int32Array = new Int32Array(0);
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
    this.excl = new Uint8Array(n);
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
export class SubjectRt {
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
    blk.excl[i] = from.excl[j]!;
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

/** Moves the sensor's subjects (its list, in evaluation order) into a fresh state block; leaf offsets into vals. */
export function layout(s: SensorRt): void {
  const subs = s.subjects;
  let slots = 0;
  for (const sub of subs) slots += sub.since.length;
  const blk = new StateBlock(subs.length, slots, s);
  let off = 0;
  const leafOff: number[] = [];
  const qSubs: number[] = [];
  for (let i = 0; i < subs.length; i++) {
    const sub = subs[i]!;
    sub.moveTo(blk, i, off);
    if (sub.rule.excludes !== null) qSubs.push(i);
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
  blk.qSubs = Int32Array.from(qSubs);
  s.blk = blk;
  judgeQuality(s);
}

/**
 * The latest reading's quality flags (once per reading, for sensors with a rule that has quality flags) and, for each
 * such rule, whether it sees the reading (StateBlock.excl).
 */
export function judgeQuality(s: SensorRt): void {
  if (!s.needFlags) {
    s.flags = [];
    return;
  }
  const flags = (s.flags = s.lastValues ? s.registry.flags(s.kind, s.sensor.attributes, s.lastValues) : []);
  const blk = s.blk;
  const q = blk.qSubs;
  for (let k = 0; k < q.length; k++) {
    const i = q[k]!;
    blk.excl[i] = blk.crs[i]!.excludes!(flags) ? 1 : 0;
  }
}

function leafOffset(s: SensorRt, sub: SubjectRt, l: Leaf): number {
  if (l.src === SRC_VAL) return l.slot;
  const w = s.windows.indexOf(sub.wins[l.win]!);
  if (w < 0) throw new Error('evaluator: a rule window is not among its sensor\u2019s windows');
  return s.metricCount + w * AGG_STRIDE + (l.src - SRC_AVG);
}

export function subjectKey(ruleId: string, subject: string): string {
  return `${ruleId}\u0000${subject}`;
}
