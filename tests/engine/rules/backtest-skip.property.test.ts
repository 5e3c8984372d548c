/**
 * Backtests skip the clock steps at which nothing can happen (they jump to the next reading or timer deadline). Seeded
 * property test against the plain definition, a tick at every step: the same events on random rules (noData,
 * sustained, minClear, zone rules) and sparse reading streams with gaps of hours; and far fewer ticks over the gaps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../electron/shared/model';
import { BacktestRun } from '../../../electron/engine/rules/backtest';
import { Evaluator, type AlertEvent } from '../../../electron/engine/rules/evaluator';
import { parseRule, type Rule } from '../../../electron/engine/rules/schema';
import { parking, ruleSet } from './arbitraries';
import { CENTRE, SENSORS, T0 } from './fixtures';

const STEP = 60_000;

/** The definition: a clock tick at every step of data time before the readings at that time, one after the last. */
function everyStep(rules: Rule[], readings: Reading[]): AlertEvent[] {
  const ev = new Evaluator(rules, SENSORS, [CENTRE]);
  const out: AlertEvent[] = [];
  let next = NaN;
  for (const r of readings) {
    if (next !== next) next = Math.floor(r.ts / STEP) * STEP;
    while (r.ts >= next) {
      out.push(...ev.onClock(next));
      next += STEP;
    }
    out.push(...ev.onReading(r));
  }
  if (next === next) out.push(...ev.onClock(next));
  return out;
}

function skipping(rules: Rule[], readings: Reading[]): { events: AlertEvent[]; ticks: number } {
  const run = new BacktestRun(rules, SENSORS, [CENTRE], { stepMs: STEP });
  for (const r of readings) run.push(r);
  return { events: run.finish(), ticks: run.ticks };
}

const sparse = fc
  .array(
    fc.record({
      gapS: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 600 }), weight: 6 }, { arbitrary: fc.integer({ min: 3600, max: 6 * 3600 }), weight: 1 }),
      sensor: fc.integer({ min: 0, max: parking.length - 1 }),
      vehicles: fc.option(fc.oneof(fc.constantFrom(0, 20, 50, 90, 100), fc.integer({ min: 0, max: 130 })), { nil: null, freq: 8 }),
    }),
    { minLength: 1, maxLength: 80 },
  )
  .map((steps) => {
    let t = T0 + 17_000; // off the minute grid
    return steps.map((s) => {
      t += s.gapS * 1000;
      return { sensorId: parking[s.sensor]!.id, ts: t, values: { vehicleCount: s.vehicles, totalSpaces: 100 } } satisfies Reading;
    });
  });

describe('backtest clock', () => {
  it('skipping idle steps gives the events of a tick at every step', () => {
    fc.assert(
      fc.property(ruleSet, sparse, (rules, readings) => {
        expect(skipping(rules, readings).events).toEqual(everyStep(rules, readings));
      }),
      { seed: 424242, numRuns: 300 },
    );
  });

  it('jumps across hours without readings, and no-data still fires on time', () => {
    const silent = parseRule({ schema: 1, id: 'silent', name: 'Silent', enabled: true, severity: 'info', kind: 'car-park', scope: { type: 'sensors', ids: ['parking:P1'] }, condition: { type: 'noData', minutes: 30 } });
    // P1 reports at 0 and 5 min, then after 3 days of silence.
    const readings: Reading[] = [0, 5, 3 * 24 * 60].map((m) => ({ sensorId: 'parking:P1', ts: T0 + m * 60_000, values: { vehicleCount: 10, totalSpaces: 100 } }));
    const { events, ticks } = skipping([silent], readings);
    expect(events).toEqual(everyStep([silent], readings));
    expect(events.map((e) => [e.type, (e.at - T0) / 60_000])).toEqual([['raise', 35], ['clear', 3 * 24 * 60]]);
    // The first tick, the no-data deadline and the one after the last reading (not 4,320 steps).
    expect(ticks).toBeLessThan(10);
  });
});
