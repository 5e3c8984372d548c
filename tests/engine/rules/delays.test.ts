/**
 * On-delay (`sustained` minutes), off-delay (`clear.minClearMinutes`) and deadband (`clear.hysteresis`), table-driven
 * over every condition type where they apply: threshold, window, rate, noData (its own minutes are its on-delay; the
 * off-delay makes a gappy sensor keep reporting before its alarm clears), area (zone rules) and all / any. Each row
 * runs the same steps with and without the setting, so the difference is the setting's doing.
 */
import { describe, expect, it } from 'vitest';
import { CENTRE, evaluator, occ, rule, run, type Step } from './fixtures';

const over = (v: number) => ({ type: 'threshold', metric: 'occupancyPct', op: '>', value: v });
/** Readings of P1 every 5 minutes from `from` to `to` with the given occupancy. */
const every5 = (from: number, to: number, pct: number, sensor = 'parking:P1'): Step[] => {
  const out: Step[] = [];
  for (let m = from; m <= to; m += 5) out.push([m, occ(pct), sensor]);
  return out;
};
/** A clock tick every minute from `from` to `to`. */
const ticks = (from: number, to: number): Step[] => Array.from({ length: to - from + 1 }, (_, i) => ['clock', from + i] as Step);
/** Both car parks of the zone, every 5 minutes, then a clock tick each minute. */
const zoneSteps = (pcts: [number, number, number][]): Step[] =>
  pcts.flatMap(([m, a, b]) => [[m, occ(a), 'parking:P1'], [m, { vehicleCount: b * 2, totalSpaces: 200 }, 'parking:P2'], ...ticks(m + 1, m + 4)] as Step[]);

interface Row {
  name: string;
  /** The rule without the setting, and with it. */
  without: { condition: object; over?: Record<string, unknown> };
  with: { condition: object; over?: Record<string, unknown> };
  steps: Step[];
  eventsWithout: string[];
  eventsWith: string[];
}

const rows: Row[] = [
  // ----- on-delay
  {
    name: 'threshold, on-delay: an excursion shorter than the delay raises nothing',
    without: { condition: over(95) },
    with: { condition: { type: 'sustained', minutes: 10, condition: over(95) } },
    steps: [...every5(0, 5, 97), ...every5(10, 15, 50), ...every5(20, 35, 97)],
    eventsWithout: ['raise@0 parking:P1', 'clear@10 parking:P1', 'raise@20 parking:P1'],
    eventsWith: ['raise@30 parking:P1'],
  },
  {
    name: 'window, on-delay',
    without: { condition: { type: 'window', agg: 'avg', metric: 'occupancyPct', minutes: 10, op: '>', value: 95 } },
    with: { condition: { type: 'sustained', minutes: 15, condition: { type: 'window', agg: 'avg', metric: 'occupancyPct', minutes: 10, op: '>', value: 95 } } },
    steps: [...every5(0, 5, 97), ...every5(10, 20, 50), ...every5(25, 45, 99)],
    eventsWithout: ['raise@0 parking:P1', 'clear@10 parking:P1', 'raise@30 parking:P1'],
    eventsWith: ['raise@45 parking:P1'],
  },
  {
    name: 'rate, on-delay',
    without: { condition: { type: 'rate', metric: 'occupancyPct', minutes: 10, op: '>', value: 20 } },
    with: { condition: { type: 'sustained', minutes: 10, condition: { type: 'rate', metric: 'occupancyPct', minutes: 10, op: '>', value: 20 } } },
    // The change over (t - 10 min, t]: two readings at this cadence.
    steps: [[0, occ(10)], [5, occ(40)], [10, occ(40)], [15, occ(40)], [20, occ(70)], [25, occ(95)], [30, occ(120)], [35, occ(150)], [40, occ(150)]],
    eventsWithout: ['raise@5 parking:P1', 'clear@10 parking:P1', 'raise@20 parking:P1', 'clear@40 parking:P1'],
    eventsWith: ['raise@30 parking:P1', 'clear@40 parking:P1'],
  },
  {
    name: 'area (zone rule), on-delay',
    without: { condition: { type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 90 }, over: { scope: { type: 'zone', district: '170' } } },
    with: { condition: { type: 'sustained', minutes: 10, condition: { type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 90 } }, over: { scope: { type: 'zone', district: '170' } } },
    steps: zoneSteps([[0, 95, 95], [5, 50, 50], [10, 95, 95], [15, 95, 95], [20, 95, 95]]),
    eventsWithout: ['raise@1 zone:170', 'clear@6 zone:170', 'raise@11 zone:170'],
    eventsWith: ['raise@21 zone:170'],
  },
  // ----- off-delay
  {
    name: 'threshold, off-delay: a dip shorter than the delay does not clear',
    without: { condition: over(95) },
    with: { condition: over(95), over: { clear: { minClearMinutes: 15 } } },
    steps: [...every5(0, 5, 97), [10, occ(50)], ...every5(15, 20, 97), ...every5(25, 45, 50)],
    eventsWithout: ['raise@0 parking:P1', 'clear@10 parking:P1', 'raise@15 parking:P1', 'clear@25 parking:P1'],
    eventsWith: ['raise@0 parking:P1', 'clear@40 parking:P1'],
  },
  {
    name: 'window, off-delay',
    without: { condition: { type: 'window', agg: 'max', metric: 'occupancyPct', minutes: 5, op: '>', value: 95 } },
    with: { condition: { type: 'window', agg: 'max', metric: 'occupancyPct', minutes: 5, op: '>', value: 95 }, over: { clear: { minClearMinutes: 10 } } },
    steps: [[0, occ(97)], [5, occ(50)], [10, occ(97)], ...every5(15, 30, 50)],
    eventsWithout: ['raise@0 parking:P1', 'clear@5 parking:P1', 'raise@10 parking:P1', 'clear@15 parking:P1'],
    eventsWith: ['raise@0 parking:P1', 'clear@25 parking:P1'],
  },
  {
    name: 'noData, off-delay: a gappy sensor must keep reporting before its not-reporting alarm clears',
    without: { condition: { type: 'noData', minutes: 30 } },
    with: { condition: { type: 'noData', minutes: 30 }, over: { clear: { minClearMinutes: 20 } } },
    // Silent from 0 to 40, one reading at 40, silent again until 75, then reporting every 5 minutes.
    steps: [[0, occ(50)], ...ticks(1, 40), [40, occ(50)], ...ticks(41, 75), ...every5(75, 100, 50)],
    eventsWithout: ['raise@30 parking:P1', 'clear@40 parking:P1', 'raise@70 parking:P1', 'clear@75 parking:P1'],
    eventsWith: ['raise@30 parking:P1', 'clear@95 parking:P1'],
  },
  {
    name: 'area (zone rule), off-delay',
    without: { condition: { type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 90 }, over: { scope: { type: 'zone', district: '170' } } },
    with: { condition: { type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 90 }, over: { scope: { type: 'zone', district: '170' }, clear: { minClearMinutes: 10 } } },
    steps: zoneSteps([[0, 95, 95], [5, 50, 50], [10, 95, 95], [15, 50, 50], [20, 50, 50], [25, 50, 50]]),
    eventsWithout: ['raise@1 zone:170', 'clear@6 zone:170', 'raise@11 zone:170', 'clear@16 zone:170'],
    eventsWith: ['raise@1 zone:170', 'clear@26 zone:170'],
  },
  // ----- deadband
  {
    name: 'threshold, deadband: a value hovering around the limit clears only below limit - deadband',
    without: { condition: over(95) },
    with: { condition: over(95), over: { clear: { hysteresis: 5 } } },
    steps: [[0, occ(96)], [5, occ(94)], [10, occ(96)], [15, occ(92)], [20, occ(89)]],
    eventsWithout: ['raise@0 parking:P1', 'clear@5 parking:P1', 'raise@10 parking:P1', 'clear@15 parking:P1'],
    eventsWith: ['raise@0 parking:P1', 'clear@20 parking:P1'],
  },
  {
    name: 'window, deadband',
    without: { condition: { type: 'window', agg: 'avg', metric: 'occupancyPct', minutes: 5, op: '>', value: 95 } },
    with: { condition: { type: 'window', agg: 'avg', metric: 'occupancyPct', minutes: 5, op: '>', value: 95 }, over: { clear: { hysteresis: 5 } } },
    steps: [[0, occ(96)], [5, occ(94)], [10, occ(96)], [15, occ(89)]],
    eventsWithout: ['raise@0 parking:P1', 'clear@5 parking:P1', 'raise@10 parking:P1', 'clear@15 parking:P1'],
    eventsWith: ['raise@0 parking:P1', 'clear@15 parking:P1'],
  },
  {
    name: 'rate, deadband',
    without: { condition: { type: 'rate', metric: 'occupancyPct', minutes: 6, op: '>', value: 10 } },
    with: { condition: { type: 'rate', metric: 'occupancyPct', minutes: 6, op: '>', value: 10 }, over: { clear: { hysteresis: 5 } } },
    steps: [[0, occ(10)], [5, occ(22)], [10, occ(30)], [15, occ(41)], [20, occ(44)]],
    eventsWithout: ['raise@5 parking:P1', 'clear@10 parking:P1', 'raise@15 parking:P1', 'clear@20 parking:P1'],
    eventsWith: ['raise@5 parking:P1', 'clear@20 parking:P1'],
  },
  {
    name: 'area (zone rule), deadband',
    without: { condition: { type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 90 }, over: { scope: { type: 'zone', district: '170' } } },
    with: { condition: { type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 90 }, over: { scope: { type: 'zone', district: '170' }, clear: { hysteresis: 5 } } },
    steps: zoneSteps([[0, 95, 95], [5, 88, 88], [10, 95, 95], [15, 80, 80]]),
    eventsWithout: ['raise@1 zone:170', 'clear@6 zone:170', 'raise@11 zone:170', 'clear@16 zone:170'],
    eventsWith: ['raise@1 zone:170', 'clear@16 zone:170'],
  },
  {
    name: 'all / any, deadband on every part',
    without: { condition: { type: 'any', conditions: [over(95), { type: 'threshold', metric: 'vehicleCount', op: '>', value: 200 }] } },
    with: { condition: { type: 'any', conditions: [over(95), { type: 'threshold', metric: 'vehicleCount', op: '>', value: 200 }] }, over: { clear: { hysteresis: 5 } } },
    steps: [[0, occ(96)], [5, occ(93)], [10, occ(96)], [15, occ(90)]],
    eventsWithout: ['raise@0 parking:P1', 'clear@5 parking:P1', 'raise@10 parking:P1', 'clear@15 parking:P1'],
    eventsWith: ['raise@0 parking:P1', 'clear@15 parking:P1'],
  },
  {
    name: 'noData, deadband: there is no value to loosen (a no-op)',
    without: { condition: { type: 'noData', minutes: 30 } },
    with: { condition: { type: 'noData', minutes: 30 }, over: { clear: { hysteresis: 5 } } },
    steps: [[0, occ(50)], ...ticks(1, 40), [40, occ(50)]],
    eventsWithout: ['raise@30 parking:P1', 'clear@40 parking:P1'],
    eventsWith: ['raise@30 parking:P1', 'clear@40 parking:P1'],
  },
];

describe('on-delay, off-delay and deadband on every condition type', () => {
  for (const row of rows) {
    it(row.name, () => {
      const make = (x: Row['without']) => rule(x.condition, { scope: { type: 'sensors', ids: ['parking:P1'] }, ...x.over });
      expect(run(evaluator(make(row.without), undefined, [CENTRE]), row.steps)).toEqual(row.eventsWithout);
      expect(run(evaluator(make(row.with), undefined, [CENTRE]), row.steps)).toEqual(row.eventsWith);
    });
  }
});
