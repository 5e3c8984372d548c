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
 * The parts, one module each: three-valued.ts (TRUE / FALSE / UNKNOWN and comparisons), compile.ts (a rule into
 * closures over a subject: the generic path), leaves.ts (the fast paths' leaves and shapes), runtime-state.ts (sensor,
 * zone and subject state, the StateBlock layout), reading-values.ts (a reading into a sensor's value array), window.ts
 * (sliding windows), area.ts (zone aggregates), timer-wheel.ts, active-hours.ts, messages.ts (alert text), and
 * backtest.ts (rules over history). This file wires them: the Evaluator.
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
import type { Reading, Sensor } from '../../shared/model';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import { shippedRegistry } from '../feed/registry';
import { AreaCache } from './area';
import { type CompiledRule, compileRule, canonicalJson, type WindowSpec } from './compile';
import { FAST_GENERIC, FAST_LEAF, FAST_NODATA, FAST_SUST, evalLeaves, ONE_OUT, ONE_SUST, C_EXPLICIT } from './leaves';
import { type Zone, makeZone, sensorInZone } from './geo';
import { formatSpan } from '../../shared/zone-time';
import { peek } from './messages';
import { MetricSlots } from './metrics';
import { planDerived } from './derived-slots';
import { derive, readRaw } from './reading-values';
import { judgeQuality, layout, SensorRt, type StateBlock, SubjectRt, subjectKey, type ZoneRt } from './runtime-state';
import { type Rule, type Severity, findZone, typeProblems } from './schema';
import { TRUE, FALSE, UNKNOWN } from './three-valued';
import { TimerWheel } from './timer-wheel';
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
  /** The sensor types (metrics, derived formulas, labels). Default: the shipped types. */
  registry?: SensorTypeRegistry;
}

export interface RuleProblem {
  ruleId: string;
  problem: string;
}

/** Returned when nothing happened (most readings): shared and frozen, hence the readonly return types. */
const EMPTY: readonly AlertEvent[] = Object.freeze([]);
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
  private registry: SensorTypeRegistry;
  private slots: MetricSlots;

  constructor(rules: readonly Rule[], catalogue: readonly Sensor[], zones: readonly Zone[] = [], opts: EvaluatorOptions = {}) {
    this.fastPaths = opts.fastPaths ?? true;
    this.registry = opts.registry ?? shippedRegistry();
    this.slots = new MetricSlots(this.registry);
    this.zones = [...zones];
    for (const s of catalogue) this.sensors.set(s.id, new SensorRt(s, this.slots.of(s.kind), this.registry));
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

    // Metrics, read once; derived ones by the registry's formulas.
    const vals = s.vals;
    readRaw(s, values, vals);
    derive(s, vals);
    // Quality flags, once per reading, for the sensors with a rule that has quality flags (Rule.quality).
    if (s.needFlags) judgeQuality(s);

    // Windows, pushed once each; their aggregates go beside the values. The windows of rules with quality flags are
    // a group of their own, which takes a reading those flags exclude as a missing value.
    const groups = s.groups;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      g.push(ts, g.excludes === null || !g.excludes(s.flags) ? vals[g.metric]! : NaN, vals);
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
    const excl = blk.excl;
    for (let i = 0; i < n; i++) {
      if (active[i] === 0) {
        const o = one[i]!;
        if (o !== 0) {
          if (dirty[i] === 0) {
            // An idle one-leaf subject whose leaf is not true (false or unknown: NaN compares false, and a reading the
            // rule's quality flags exclude is unknown) only stops its sustained timer: what evalSlot would do, inline.
            const v = vals[oneOff[i]!]!;
            const lo = lohi[2 * i]!;
            const hi = lohi[2 * i + 1]!;
            if (excl[i] === 1 || ((o & ONE_OUT) === 0 ? !(v >= lo && v <= hi) : !(v < lo || v > hi))) {
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
          // for an explicit one; unknown when the rule's quality flags exclude the reading): its pending clear stops,
          // nothing else happens (evalSlot's steps, inline).
          const v = vals[coneOff[i]!]!;
          const lo = clohi[2 * i]!;
          const hi = clohi[2 * i + 1]!;
          const inside = (co & ONE_OUT) === 0 ? v >= lo && v <= hi : v < lo || v > hi;
          if (excl[i] === 1 || ((co & C_EXPLICIT) !== 0 ? !inside : inside || v !== v)) {
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

  /**
   * Replaces the catalogue and zones, and the sensor types when given (same alert handling as setRules; sensors keep
   * their live state by id, unless their type's metrics changed; rules are compiled again against new types).
   */
  setCatalogue(catalogue: readonly Sensor[], zones?: readonly Zone[], registry?: SensorTypeRegistry): readonly AlertEvent[] {
    if (zones) this.zones = [...zones];
    if (registry && registry !== this.registry) {
      this.registry = registry;
      this.slots = new MetricSlots(registry);
    }
    const next = new Map<string, SensorRt>();
    for (const s of catalogue) {
      const old = this.sensors.get(s.id);
      const slots = this.slots.of(s.kind);
      if (old && old.kind === s.kind && old.slots?.shape === slots?.shape) {
        old.setSensor(s);
        old.registry = this.registry;
        next.set(s.id, old);
      } else next.set(s.id, new SensorRt(s, slots, this.registry));
    }
    this.sensors = next;
    this.sensorList = [...next.values()];
    this.rebuild(this.rules, 'catalogue');
    return this.take();
  }

  /**
   * The earliest clock time at which onClock could raise, clear or change state without a new reading: the first timer
   * due (no-data limits, sustained conditions, pending clears). -Infinity while zone rules exist (their area
   * aggregates age with the clock, so every clock call may change them); Infinity when nothing is pending. Backtests
   * skip the clock steps before it.
   */
  nextClockWork(): number {
    return this.zoneSubjects.length > 0 ? -Infinity : this.timers.earliestDue();
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

  /** The ids of the sensors a rule applies to (its scope and filter; a zone rule's sensors), in catalogue order. */
  sensorsOf(ruleId: string): string[] {
    const zone = this.zoneSubjects.find((z) => z.rule.rule.id === ruleId)?.zone;
    if (zone) return zone.sensors.map((s) => s.id);
    const ids: string[] = [];
    for (const sub of this.subjects.values()) if (sub.rule.rule.id === ruleId && sub.sensor) ids.push(sub.sensor.id);
    return ids;
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
    /** The rule's quality flags exclude the latest reading: its data conditions are unknown. */
    const unseen = blk.excl[i] === 1;
    let r: number;
    if (fast === FAST_NODATA) r = now - sensor.quietFrom >= cr.fastMs ? TRUE : FALSE;
    else if (fast === FAST_LEAF && active) r = FALSE; // unused: a leaf has no state to update
    else {
      r = unseen ? UNKNOWN : evalLeaves(vals, blk.leafOff, blk.leafStart[i]!, cr.rN, cr.rAny, cr.rP);
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
        const c = unseen ? UNKNOWN : evalLeaves(vals, blk.leafOff, blk.leafStart[i]! + cr.rN, cr.cN, cr.cAny, cr.cP);
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
    sub.raisedMessage = `${p.text} at ${sub.subjectName()}${flagNote(sub)}`;
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
      message = `Cleared: ${p.text} at ${sub.subjectName()} (in alarm for ${formatSpan(now - sub.raisedAt)})`;
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
      // A rule whose type or metrics the registry does not have is listed with the problem and not evaluated.
      const unfit = typeProblems(rule, this.registry);
      if (unfit.length) {
        for (const problem of unfit) this.problems.push({ ruleId: rule.id, problem });
        continue;
      }
      const canon = canonicalJson(rule);
      const old = oldCompiled.get(rule.id);
      if (old && old.canon === canon && old.registry === this.registry) compiled.push(old);
      else {
        const cr = compileRule(rule, this.fastPaths, this.slots.of(rule.kind)!, this.registry);
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
          const k = windowKey(w);
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
      const was = new Set(s.readSlots);
      const wasDerived = new Set(s.derivedSlots);
      const names = s.slots?.names ?? [];
      const plan = s.slots ? planDerived(this.registry, s.slots, s.sensor, [...metrics].filter((mi) => s.slots!.derived[mi])) : null;
      const read = new Set([...metrics].filter((mi) => !s.slots!.derived[mi]));
      for (const mi of plan?.rawInputs ?? []) read.add(mi);
      const readSlots = [...read].sort((a, b) => a - b);
      s.readNames = readSlots.map((mi) => names[mi]!);
      s.readSlots = Int32Array.from(readSlots);
      s.derivedSlots = plan?.slots ?? new Int32Array(0);
      s.derivedFns = plan?.fns ?? [];
      // Metrics the rules start to need: from the latest reading (those already read keep their values).
      const lv = s.lastValues;
      if (lv && (readSlots.some((mi) => !was.has(mi)) || [...s.derivedSlots].some((mi) => !wasDerived.has(mi)))) {
        readRaw(s, lv, s.vals);
        derive(s, s.vals);
      }
      const windowByKey = new Map<string, GroupWindow>();
      const groupByMetric = new Map<string, WindowGroup>();
      for (const [k, spec] of n?.windows ?? []) {
        const gk = `${spec.metric}|${spec.q}`;
        let g = groupByMetric.get(gk);
        if (!g) groupByMetric.set(gk, (g = s.groupByMetric.get(gk) ?? new WindowGroup(spec.metric, spec.excludes)));
        const old = s.windowByKey.get(k);
        windowByKey.set(k, old && old.group === g && (old.tracksMin || !spec.min) && (old.tracksMax || !spec.max) ? old : g.window(spec.ms, spec));
      }
      s.windowByKey = windowByKey;
      s.windows = [...windowByKey.values()];
      s.groupByMetric = groupByMetric;
      s.groups = [...groupByMetric.values()];
      for (const g of s.groups) {
        g.wins = s.windows.filter((w) => w.group === g);
        g.bases = Int32Array.from(g.wins.map((w) => s.metricCount + s.windows.indexOf(w) * AGG_STRIDE));
      }
      const need = s.metricCount + s.windows.length * AGG_STRIDE;
      if (s.vals.length !== need) {
        const vals = new Float64Array(need).fill(NaN);
        vals.set(s.vals.subarray(0, s.metricCount));
        s.vals = vals;
      }
      for (let w = 0; w < s.windows.length; w++) s.windows[w]!.writeAggs(s.vals, s.metricCount + w * AGG_STRIDE);
    }

    for (const { cr, sensors, zone } of plans) {
      const makeSubject = (key: string, sensor: SensorRt | null) => {
        const sk = subjectKey(cr.rule.id, key);
        const old = oldSubjects.get(sk);
        const wins = sensor ? cr.windows.map((w) => sensor.windowByKey.get(windowKey(w))!) : [];
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

    // Sensors with a rule (or a zone rule over them) that has quality flags get their readings' flags computed.
    for (const s of this.sensorList) s.needFlags = false;
    for (const { cr, sensors } of plans) if (cr.excludes !== null) for (const s of sensors) s.needFlags = true;
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
      const other = sc.ids.filter((id) => { const x = this.sensors.get(id); return x !== undefined && x.kind !== rule.kind; });
      if (other.length) this.problems.push({ ruleId: rule.id, problem: `sensors of another type than ${rule.kind}, left out: ${other.slice(0, 5).join(', ')}${other.length > 5 ? ', …' : ''}` });
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
      zoneName = `all ${this.registry.get(rule.kind)?.pluralLabel.toLowerCase() ?? `${rule.kind} sensors`}`;
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

/**
 * The quality flags of the sensor's latest reading, by the registry's labels, for a raise message: an alarm raised on
 * a flagged value (over capacity, a sensor's maximum) says so. Empty for zone subjects and clean readings.
 */
function flagNote(sub: SubjectRt): string {
  const s = sub.sensor;
  if (!s?.lastValues) return '';
  const flags = s.registry.flags(s.kind, s.sensor.attributes, s.lastValues);
  return flags.length ? ` (flagged: ${flags.map((f) => s.registry.flagLabel(f, s.kind)).join('; ')})` : '';
}

/** A sensor's window of a rule: metric, length and the quality key of the rule (rules share windows by it). */
function windowKey(w: WindowSpec): string {
  return `${w.metric}|${w.ms}|${w.q}`;
}

function sameZone(a: ZoneRt | null, b: ZoneRt): boolean {
  return !!a && a.id === b.id && a.sensors.length === b.sensors.length && a.sensors.every((s, i) => s === b.sensors[i]);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
