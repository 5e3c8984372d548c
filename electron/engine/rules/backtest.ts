/** Backtests: rules run over historical readings through the same Evaluator as live. */
import type { Reading, Sensor } from '../../shared/model';
import { type AlertEvent, Evaluator } from './evaluator';
import type { Zone } from './geo';
import type { Rule } from './schema';

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
