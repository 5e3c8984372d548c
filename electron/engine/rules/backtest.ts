/**
 * Backtests: rules run over historical readings through the same Evaluator as live. Pure: the caller feeds the readings
 * (in time order) and decides when to yield; backtest-runner.ts runs it in a worker thread or in chunks.
 */
import { ApiError } from '../api';
import type { Reading, Sensor } from '../../shared/model';
import { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import type { SensorType } from '../../shared/sensor-types/types';
import { DataClock } from './data-clock';
import { type AlertEvent, Evaluator } from './evaluator';
import type { Zone } from './geo';
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
  /** Readings fed so far. */
  readings = 0;
  private readonly ev: Evaluator;
  private readonly clock: DataClock;
  private lastTs = NaN;

  constructor(rules: readonly Rule[], catalogue: readonly Sensor[], zones: readonly Zone[], opts: BacktestOptions) {
    if (!(opts.stepMs > 0)) throw new Error('backtest: stepMs must be more than 0');
    this.ev = new Evaluator(rules, catalogue, zones, opts.types ? { registry: SensorTypeRegistry.from(opts.types) } : {});
    this.clock = new DataClock(this.ev, opts.stepMs, (evs) => {
      for (let i = 0; i < evs.length; i++) this.events.push(evs[i]!);
    });
  }

  /** Clock ticks run so far (each one an onClock call). */
  get ticks(): number {
    return this.clock.ticks;
  }

  push(r: Reading): void {
    this.clock.advanceTo(r.ts);
    this.readings++;
    this.lastTs = r.ts;
    const evs = this.ev.onReading(r);
    for (let i = 0; i < evs.length; i++) this.events.push(evs[i]!);
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
