/**
 * Backtests: rules run over historical readings through the same Evaluator as live. Pure: the caller feeds the readings
 * (in time order) and decides when to yield; backtest-runner.ts runs it in a worker thread or in chunks.
 */
import { ApiError } from '../api';
import type { Reading, Sensor } from '../../shared/model';
import { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import type { SensorType } from '../../shared/sensor-types/types';
import { AlarmBook, type Alarm, type BookEvent } from './alarms';
import { DataClock } from './data-clock';
import { type AlertEvent, Evaluator } from './evaluator';
import type { Zone } from './geo';
import { GroupingStage, isNotReportingRule } from './grouping';
import { OUTAGE_RULE_ID } from './outage';
import type { Rule } from './schema';

export interface BacktestOptions {
  /** Clock tick every stepMs of data time (ticks on multiples of stepMs, before the readings at that time). */
  stepMs: number;
  /** The sensor types to evaluate with (default: the shipped ones). */
  types?: readonly SensorType[];
}

/**
 * One backtest, fed reading by reading, on the rules' data clock (data-clock.ts, the same stepping as live): the clock
 * ticks on multiples of stepMs of data time, before the readings at that time, skipping the ticks at which nothing can
 * happen, and once after the last reading.
 */
export class BacktestRun {
  readonly events: AlertEvent[] = [];
  /**
   * The same events as the grouping stage hands them to the alarm book live (grouping rules' groups; source outages
   * when a rule is a not-reporting rule): what an operator would have been presented, see presentedAlarms.
   */
  readonly routed: BookEvent[] = [];
  /** Readings fed so far. */
  readings = 0;
  private readonly clock: DataClock;
  private lastTs = NaN;

  constructor(rules: readonly Rule[], catalogue: readonly Sensor[], zones: readonly Zone[], opts: BacktestOptions) {
    if (!(opts.stepMs > 0)) throw new Error('backtest: stepMs must be more than 0');
    const registry = opts.types ? SensorTypeRegistry.from(opts.types) : undefined;
    const ev = new Evaluator(rules, catalogue, zones, registry ? { registry } : {});
    const stage = new GroupingStage(rules, catalogue, zones, { ...(registry ? { registry } : {}), outages: rules.some(isNotReportingRule), watchKinds: new Set(rules.map((r) => r.kind)) });
    this.clock = new DataClock(ev, stage, opts.stepMs, (evs, routed) => {
      for (let i = 0; i < evs.length; i++) this.events.push(evs[i]!);
      for (let i = 0; i < routed.length; i++) this.routed.push(routed[i]!);
    });
  }

  /** Clock ticks run so far (each one an onClock call). */
  get ticks(): number {
    return this.clock.ticks;
  }

  push(r: Reading): void {
    this.clock.reading(r);
    this.readings++;
    this.lastTs = r.ts;
  }

  /**
   * The tick after the last reading, or, when `until` is given, every step up to data time `until` (a range whose
   * end is later than its last reading: silence up to the end counts); returns every event.
   */
  finish(until?: number): AlertEvent[] {
    if (until !== undefined && until === until) this.clock.advanceTo(until);
    else if (this.lastTs === this.lastTs) this.clock.tickAfter(this.lastTs);
    return this.events;
  }
}

/** One alarm event as an operator would have been presented it: a raise or clear of an alarm (a group counts once). */
export interface PresentedEvent {
  type: 'raise' | 'clear';
  at: number;
  /** The alarm as it stood at the end of the run (its group's members all listed). */
  alarm: Alarm;
  /** The book's text for the step (the raise or clear message). */
  detail: string;
  /** Built-in (a source outage), not the rule's own: it would be raised with or without the rule. */
  builtIn: boolean;
}

/**
 * The routed events of a backtest through an alarm book (as live): the alarms presented, raised and cleared, in order.
 * Member raises and clears are inside their group alarms (alarm.group.members), not events of their own.
 */
export function presentedAlarms(rules: readonly Rule[], routed: readonly BookEvent[]): PresentedEvent[] {
  const book = new AlarmBook(rules);
  const u = book.apply(routed);
  const out: PresentedEvent[] = [];
  for (const a of u.audit) {
    if (a.action !== 'raise' && a.action !== 'clear') continue;
    const alarm = book.alarm(a.alarmId);
    if (alarm) out.push({ type: a.action, at: a.at, alarm, detail: a.detail, builtIn: alarm.ruleId === OUTAGE_RULE_ID });
  }
  return out;
}

/** Runs rules over historical readings (in time order) in one go. */
export function backtest(
  rule: Rule | readonly Rule[],
  readingsInTimeOrder: Iterable<Reading>,
  catalogue: readonly Sensor[],
  zones: readonly Zone[],
  opts: BacktestOptions,
): AlertEvent[] {
  const run = new BacktestRun(Array.isArray(rule) ? rule : [rule as Rule], catalogue, zones, opts);
  for (const r of readingsInTimeOrder) run.push(r);
  return run.finish();
}

/** A backtest reads its range one span of data time at a time (each span's query is opened and closed in one go). */
export const BACKTEST_SPAN_MS = 3_600_000;

export interface BacktestProgress {
  /** Fraction of the range done, 0 to 1 (by data time). */
  done: number;
  /** Readings evaluated so far. */
  readings: number;
}

export class BacktestCancelled extends ApiError {
  constructor() {
    super('cancelled', 'the backtest was cancelled');
  }
}

export interface SpanHooks {
  /** Progress, whenever it moved by at least 1% (and at the end). */
  progress(p: BacktestProgress): void;
  /** After each span (the inline runner yields to the event loop here). */
  between?(): Promise<void>;
  /** Asked before each span: true stops the run with BacktestCancelled. */
  cancelled?(): boolean;
}

/** Runs `run` over [from, to], reading one span at a time with readSpan(a, b) (a <= ts <= b, in time order). */
export async function runInSpans(run: BacktestRun, readSpan: (a: number, b: number) => Iterable<Reading>, from: number, to: number, hooks: SpanHooks): Promise<AlertEvent[]> {
  const total = Math.max(1, to - from + 1);
  let told = -1;
  for (let a = from; a <= to; a += BACKTEST_SPAN_MS) {
    if (hooks.cancelled?.()) throw new BacktestCancelled();
    const b = Math.min(to, a + BACKTEST_SPAN_MS - 1);
    for (const r of readSpan(a, b)) run.push(r);
    const done = b >= to ? 1 : (b - from + 1) / total;
    if (done === 1 || done - told >= 0.01) {
      told = done;
      hooks.progress({ done, readings: run.readings });
    }
    if (hooks.between) await hooks.between();
  }
  if (hooks.cancelled?.()) throw new BacktestCancelled();
  return run.finish();
}
