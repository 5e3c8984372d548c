import { describe, expect, it } from 'vitest';
import { backtest } from '../../../electron/engine/rules/backtest';
import { Evaluator, type AlertEvent } from '../../../electron/engine/rules/evaluator';
import type { Rule } from '../../../electron/engine/rules/schema';
import { AGG_STRIDE, WindowGroup } from '../../../electron/engine/rules/window';
import { evaluator, min, occ, rule, run, SENSORS, short, T0, type Step } from './fixtures';

const th = (op: string, value: number | [number, number], metric = 'occupancyPct') => ({ type: 'threshold', metric, op, value });
const P2 = (pct: number) => ({ vehicleCount: pct * 2, totalSpaces: 200 });

type Case = [name: string, condition: object, steps: Step[], expected: string[], over?: Record<string, unknown>];

function table(cases: Case[]) {
  it.each(cases)('%s', (_n, condition, steps, expected, over) => {
    expect(run(evaluator(rule(condition, over)), steps)).toEqual(expected);
  });
}

describe('threshold', () => {
  table([
    ['> raises above, clears at the value', th('>', 95), [[0, occ(96)], [5, occ(95)]], ['raise@0 parking:P1', 'clear@5 parking:P1']],
    ['>= raises at the value', th('>=', 95), [[0, occ(95)], [5, occ(94)]], ['raise@0 parking:P1', 'clear@5 parking:P1']],
    ['< on a raw metric', th('<', 10, 'vehicleCount'), [[0, { vehicleCount: 12, totalSpaces: 100 }], [5, { vehicleCount: 9, totalSpaces: 100 }]], ['raise@5 parking:P1']],
    ['<= ', th('<=', 40), [[0, occ(41)], [5, occ(40)]], ['raise@5 parking:P1']],
    ['between is inclusive', th('between', [40, 60]), [[0, occ(60)], [5, occ(61)], [10, occ(40)]], ['raise@0 parking:P1', 'clear@5 parking:P1', 'raise@10 parking:P1']],
    ['outside', th('outside', [40, 60]), [[0, occ(50)], [5, occ(30)], [10, occ(45)]], ['raise@5 parking:P1', 'clear@10 parking:P1']],
    ['null never satisfies (a missing value is not below 40%)', th('<', 40), [[0, occ(null)], [5, { totalSpaces: 100 }]], []],
    ['null does not clear an open alert either', th('>', 95), [[0, occ(96)], [5, occ(null)], [10, { totalSpaces: 100 }], [15, occ(90)]], ['raise@0 parking:P1', 'clear@15 parking:P1']],
    ['occupancy falls back to the capacity attribute', th('>', 95), [[0, { vehicleCount: 97, totalSpaces: null }]], ['raise@0 parking:P1']],
    ['over-capacity data is taken as it is', th('>', 100), [[0, { vehicleCount: 1464, totalSpaces: 100 }]], ['raise@0 parking:P1']],
    ['speedRatioPct uses the normal speed attribute, filter by roadType', th('<', 40, 'speedRatioPct'),
      [[0, { avgSpeedKmh: 19 }, 'traffic:T1'], [0, { avgSpeedKmh: 5 }, 'traffic:T2']], ['raise@0 traffic:T1'], { filter: { roadType: ['MAJOR_ROAD'] } }],
    ['maxIndex is the worst of the five, missing ones left out', th('>', 150, 'maxIndex'),
      [[0, { ozone: 100, particulateMatter: null, carbonMonoxide: 151, sulfurDioxide: 3, nitrogenDioxide: 4 }, 'air:A1'], [5, { ozone: null, particulateMatter: null, carbonMonoxide: null, sulfurDioxide: null, nitrogenDioxide: null }, 'air:A1'], [10, { ozone: 1, particulateMatter: 2, carbonMonoxide: 3, sulfurDioxide: 4, nitrogenDioxide: 5 }, 'air:A1']],
      ['raise@0 air:A1', 'clear@10 air:A1']],
    ['one alert per (rule, subject): no repeat raise', th('>', 95), [[0, occ(96)], [5, occ(99)], [10, occ(100)]], ['raise@0 parking:P1']],
    ['subjects are independent', th('>', 95), [[0, occ(96)], [0, P2(97), 'parking:P2'], [5, occ(50)]], ['raise@0 parking:P1', 'raise@0 parking:P2', 'clear@5 parking:P1']],
  ]);
});

describe('derived metrics follow the type\u2019s formula, and alarms name the reading\u2019s flags', () => {
  it('a speed of 0 km/h is 0% of normal (traffic.json), and the alarm says the reading is flagged zero-speed', () => {
    const ev = evaluator(rule(th('<', 40, 'speedRatioPct')));
    const [e] = ev.onReading({ sensorId: 'traffic:T1', ts: min(0), values: { avgSpeedKmh: 0, vehicleCount: 0 } });
    expect(e).toMatchObject({ type: 'raise', value: 0 });
    expect(e!.message).toBe('Speed as % of normal 0% < 40% at Ring road (flagged: No vehicles detected in this interval; Average speed reported as 0 km/h)');
  });
});

describe('window', () => {
  const win = (agg: string, minutes: number, op: string, value: number, metric = 'occupancyPct') => ({ type: 'window', agg, metric, minutes, op, value });
  table([
    ['avg over (t - 15 min, t]', win('avg', 15, '>', 90), [[0, occ(80)], [5, occ(100)], [10, occ(100)], [15, occ(80)], [20, occ(80)]], ['raise@10 parking:P1', 'clear@20 parking:P1']],
    ['min', win('min', 10, '>', 50), [[0, occ(60)], [5, occ(40)], [10, occ(60)], [15, occ(60)]], ['raise@0 parking:P1', 'clear@5 parking:P1', 'raise@15 parking:P1']],
    ['max', win('max', 10, '<', 50), [[0, occ(40)], [5, occ(60)], [10, occ(40)], [15, occ(45)]], ['raise@0 parking:P1', 'clear@5 parking:P1', 'raise@15 parking:P1']],
    ['sum', win('sum', 10, '>', 100, 'vehicleCount'), [[0, { vehicleCount: 60 }], [5, { vehicleCount: 50 }], [10, { vehicleCount: 40 }]], ['raise@5 parking:P1', 'clear@10 parking:P1']],
    ['count counts values, not nulls', win('count', 15, '>=', 3), [[0, occ(1)], [5, occ(1)], [10, occ(1)], [12, occ(null)], [20, occ(1)]], ['raise@10 parking:P1', 'clear@20 parking:P1']],
    ['avg skips nulls (unknown when the window holds none)', win('avg', 10, '>', 90), [[0, occ(95)], [5, occ(null)], [10, occ(null)], [20, occ(null)], [25, occ(50)]], ['raise@0 parking:P1', 'clear@25 parking:P1']],
    ['a gap empties the window: unknown, the alert stays', win('max', 10, '>', 90), [[0, occ(95)], [60, occ(null)], [65, occ(80)]], ['raise@0 parking:P1', 'clear@65 parking:P1']],
  ]);
});

describe('rate (last minus first value in the window)', () => {
  const rate = (op: string, value: number, minutes = 30) => ({ type: 'rate', metric: 'occupancyPct', minutes, op, value });
  table([
    ['rising', rate('>', 20), [[0, occ(50)], [10, occ(60)], [20, occ(75)], [40, occ(76)]], ['raise@20 parking:P1', 'clear@40 parking:P1']],
    ['falling', rate('<', -20), [[0, occ(80)], [10, occ(70)], [20, occ(50)], [25, occ(52)]], ['raise@20 parking:P1']],
    ['one value is no rate (unknown)', rate('<', 1), [[0, occ(80)]], []],
  ]);
});

describe('sustained', () => {
  const sus = (minutes = 15) => ({ type: 'sustained', minutes, condition: th('>', 95) });
  table([
    ['raises at the reading that completes the time', sus(), [[0, occ(96)], [5, occ(97)], [10, occ(99)], [15, occ(96)]], ['raise@15 parking:P1']],
    ['matures on the clock while readings keep it true', sus(), [[0, occ(96)], [5, occ(97)], [10, occ(98)], ['clock', 14], ['clock', 15]], ['raise@15 parking:P1']],
    ['does not mature past the data horizon of a silent sensor', sus(), [[0, occ(96)], ['clock', 15], ['clock', 60]], []],
    ['a false reading restarts it', sus(), [[0, occ(96)], [5, occ(90)], [10, occ(96)], [15, occ(96)], [20, occ(96)], [25, occ(96)]], ['raise@25 parking:P1']],
    ['a missing value restarts it', sus(), [[0, occ(96)], [5, occ(null)], [10, occ(96)], [15, occ(96)], [20, occ(96)], [25, occ(96)]], ['raise@25 parking:P1']],
    ['a gap in the data restarts it', sus(), [[0, occ(96)], [5, occ(96)], [20, occ(96)], [25, occ(96)], [30, occ(96)], [35, occ(96)]], ['raise@35 parking:P1']],
    ['clears without waiting (sustained is for raising only)', sus(10), [[0, occ(96)], [5, occ(96)], [10, occ(96)], [15, occ(90)]], ['raise@10 parking:P1', 'clear@15 parking:P1']],
    ['a clock jump raises once, at the new time', sus(), [[0, occ(96)], [5, occ(96)], [10, occ(96)], ['clock', 1000], ['clock', 2000]], ['raise@1000 parking:P1']],
  ]);
});

describe('noData (on the clock, while the feed is silent)', () => {
  table([
    ['fires on the clock, clears with the next reading', { type: 'noData', minutes: 30 }, [[0, occ(1)], ['clock', 20], ['clock', 29], ['clock', 30], ['clock', 45], [50, occ(1)], ['clock', 60]], ['raise@30 parking:P1', 'clear@50 parking:P1'], { scope: { type: 'sensors', ids: ['parking:P1'] } }],
    ['readings keep pushing it back', { type: 'noData', minutes: 30 }, [[0, occ(1)], ['clock', 20], [25, occ(1)], ['clock', 30], ['clock', 54], ['clock', 55]], ['raise@55 parking:P1'], { scope: { type: 'sensors', ids: ['parking:P1'] } }],
    ['a never-seen sensor counts from the first time seen', { type: 'noData', minutes: 30 }, [['clock', 0], ['clock', 29], ['clock', 31]], ['raise@31 parking:P2'], { scope: { type: 'sensors', ids: ['parking:P2'] } }],
    ['a clock jump fires once', { type: 'noData', minutes: 30 }, [[0, occ(1)], ['clock', 500]], ['raise@500 parking:P1'], { scope: { type: 'sensors', ids: ['parking:P1'] } }],
    ['a clock going backwards is ignored', { type: 'noData', minutes: 30 }, [[0, occ(1)], ['clock', 40], ['clock', 20], ['clock', 41], [45, occ(1)]], ['raise@40 parking:P1', 'clear@45 parking:P1'], { scope: { type: 'sensors', ids: ['parking:P1'] } }],
  ]);
});

describe('area (zone subject, on the clock)', () => {
  const area = (agg: string, op: string, value: number, maxAgeMinutes = 60) => ({ type: 'area', agg, metric: 'occupancyPct', op, value, maxAgeMinutes });
  const zone = { scope: { type: 'zone', district: 'Centre' }, subject: 'zone' };
  table([
    ['mean over the sensors in the zone; stale sensors left out; none fresh = unknown', area('avg', '>', 90),
      [[0, occ(100)], [0, P2(80), 'parking:P2'], [0, { vehicleCount: 0, totalSpaces: 50 }, 'parking:FAR'], ['clock', 1], [5, P2(95), 'parking:P2'], ['clock', 6], ['clock', 70], [75, occ(50)], ['clock', 76]],
      ['raise@6 zone:170', 'clear@76 zone:170'], zone],
    ['count of sensors reporting', { type: 'area', agg: 'count', metric: 'occupancyPct', op: '<', value: 2, maxAgeMinutes: 10 },
      [[0, occ(10)], [0, P2(10), 'parking:P2'], ['clock', 5], ['clock', 11], [12, occ(10)], [12, P2(10), 'parking:P2'], ['clock', 13]], ['raise@11 zone:170', 'clear@13 zone:170'], zone],
    ['max, sustained on the clock', { type: 'sustained', minutes: 10, condition: area('max', '>', 95) },
      [[0, occ(99)], ['clock', 1], ['clock', 10], ['clock', 11]], ['raise@11 zone:170'], zone],
  ]);
});

describe('all / any (three-valued: unknown neither raises nor clears)', () => {
  table([
    ['all', { type: 'all', conditions: [th('>', 90), th('<', 99)] }, [[0, occ(95)], [5, occ(99.5)], [10, occ(95)]], ['raise@0 parking:P1', 'clear@5 parking:P1', 'raise@10 parking:P1']],
    ['any', { type: 'any', conditions: [th('>', 95), th('<', 10)] }, [[0, occ(5)], [5, occ(50)], [10, occ(null)], [15, occ(99)]], ['raise@0 parking:P1', 'clear@5 parking:P1', 'raise@15 parking:P1']],
    ['any with an unknown part does not clear', { type: 'any', conditions: [th('>', 95), { type: 'window', agg: 'avg', metric: 'vehicleCount', minutes: 5, op: '>', value: 1000 }] }, [[0, occ(96)], [10, occ(null)]], ['raise@0 parking:P1']],
    ['any with noData and a threshold', { type: 'any', conditions: [{ type: 'noData', minutes: 20 }, th('>', 95)] }, [[0, occ(50)], ['clock', 20], [25, occ(96)], [30, occ(50)]], ['raise@20 parking:P1', 'clear@30 parking:P1'], { scope: { type: 'sensors', ids: ['parking:P1'] } }],
  ]);
});

describe('flapping: hysteresis and minClearMinutes', () => {
  const series: Step[] = [96, 95, 94, 96, 94, 91, 90, 96].map((v, i) => [i * 5, occ(v)] as Step);
  it.each<[string, Record<string, unknown>, string[]]>([
    ['no hysteresis: flaps', {}, ['raise@0', 'clear@5', 'raise@15', 'clear@20', 'raise@35']],
    ['hysteresis 5: holds until <= 90', { clear: { hysteresis: 5 } }, ['raise@0', 'clear@30', 'raise@35']],
    ['minClear 10: the clear must hold 10 min', { clear: { minClearMinutes: 10 } }, ['raise@0', 'clear@30', 'raise@35']],
    ['explicit clear condition', { clear: { condition: th('<', 92) } }, ['raise@0', 'clear@25', 'raise@35']],
  ])('%s', (_n, over, expected) => {
    const out = run(evaluator(rule(th('>', 95), over)), series).map((s) => s.split(' ')[0]);
    expect(out).toEqual(expected);
  });

  it('minClear matures on the clock, but not past the data horizon', () => {
    const r = rule(th('>', 95), { clear: { minClearMinutes: 10 } });
    expect(run(evaluator(r), [[0, occ(96)], [15, occ(94)], [20, occ(94)], ['clock', 24], ['clock', 25]])).toEqual(['raise@0 parking:P1', 'clear@25 parking:P1']);
    expect(run(evaluator(r), [[0, occ(96)], [15, occ(94)], ['clock', 25], ['clock', 60]])).toEqual(['raise@0 parking:P1']);
  });
});

describe('readings: duplicates, late, unknown', () => {
  it('a duplicate (same sensor and ts) is ignored', () => {
    const ev = evaluator(rule(th('>', 95)));
    expect(run(ev, [[0, occ(96)], [0, occ(50)], [0, occ(96)]])).toEqual(['raise@0 parking:P1']);
    expect(ev.stats()).toMatchObject({ readings: 1, duplicates: 2, late: 0 });
  });
  it('a late reading does not rewind live state (no clear, window untouched)', () => {
    const ev = evaluator(rule({ type: 'window', agg: 'avg', metric: 'occupancyPct', minutes: 30, op: '>', value: 90 }));
    expect(run(ev, [[0, occ(100)], [10, occ(100)], [5, occ(0)], [15, occ(100)], [20, occ(10)]])).toEqual(['raise@0 parking:P1', 'clear@20 parking:P1']);
    expect(ev.stats()).toMatchObject({ readings: 4, late: 1 });
  });
  it('an unknown sensor is counted and ignored', () => {
    const ev = evaluator(rule(th('>', 95)));
    expect(run(ev, [[0, occ(99), 'parking:NOPE']])).toEqual([]);
    expect(ev.stats().unknownSensor).toBe(1);
  });
});

describe('activeHours gate raising (Europe/Copenhagen; T0 is Monday 10:00 local)', () => {
  it.each<[string, Record<string, unknown>, Step[], string[]]>([
    ['outside: no raise; inside: raises; clears outside', { from: '11:00', to: '12:00' }, [[0, occ(96)], [60, occ(96)], [120, occ(50)]], ['raise@60 parking:P1', 'clear@120 parking:P1']],
    ['weekend only: nothing on a Monday', { from: '00:00', to: '23:59', days: [6, 7] }, [[0, occ(96)]], []],
    ['overnight 22:00-06:00 Monday night', { from: '22:00', to: '06:00', days: [1] }, [[0, occ(96)], [750, occ(96)]], ['raise@750 parking:P1']],
    ['overnight after midnight belongs to the start day (Mon night = Tue 01:00)', { from: '22:00', to: '06:00', days: [1] }, [[0, occ(96)], [900, occ(96)]], ['raise@900 parking:P1']],
    ['other time zone (UTC 08:00-09:00)', { from: '08:00', to: '09:00', timeZone: 'UTC' }, [[0, occ(96)]], ['raise@0 parking:P1']],
  ])('%s', (_n, hours, steps, expected) => {
    // The zone is explicit (a rule without one is read in UTC); a row may override it.
    expect(run(evaluator(rule(th('>', 95), { activeHours: { timeZone: 'Europe/Copenhagen', ...hours } })), steps)).toEqual(expected);
  });
});

describe('setRules while an alert is open', () => {
  const v1 = rule(th('>', 95), { version: 1 });
  const start = (): Evaluator => {
    const ev = evaluator(v1);
    expect(run(ev, [[0, occ(96)]])).toEqual(['raise@0 parking:P1']);
    return ev;
  };
  it('edited so that it no longer holds: kept, then cleared at the next clock by the new clear logic', () => {
    const ev = start();
    expect(ev.setRules([rule(th('>', 97), { version: 2 })])).toEqual([]);
    expect(ev.activeAlerts()).toMatchObject([{ ruleId: 'r1', ruleVersion: 1, subject: 'parking:P1' }]);
    const evs = ev.onClock(min(1));
    expect(evs.map(short)).toEqual(['clear@1 parking:P1']);
    expect(evs[0]).toMatchObject({ ruleVersion: 1, reason: 'condition' });
  });
  it('edited but still true: the alert stays open with its original version', () => {
    const ev = start();
    ev.setRules([rule(th('>', 90), { version: 2, severity: 'critical' })]);
    expect(ev.onClock(min(1))).toEqual([]);
    expect(ev.activeAlerts()).toMatchObject([{ ruleVersion: 1, severity: 'warning', raisedAt: T0 }]);
  });
  it.each<[string, Rule[], string]>([
    ['disabled', [{ ...v1, enabled: false }], 'rule-disabled'],
    ['removed', [], 'rule-removed'],
    ['subject left the scope', [rule(th('>', 95), { scope: { type: 'sensors', ids: ['parking:P2'] } })], 'out-of-scope'],
  ])('%s: cleared at once', (_n, rules, reason) => {
    const ev = start();
    const evs = ev.setRules(rules);
    expect(evs).toMatchObject([{ type: 'clear', subject: 'parking:P1', reason, at: T0 }]);
    expect(ev.activeAlerts()).toEqual([]);
  });
  it('unchanged (keys in another order): everything kept, sustained timers too', () => {
    const r = rule({ type: 'sustained', minutes: 15, condition: th('>', 95) });
    const ev = evaluator(r);
    run(ev, [[0, occ(96)], [5, occ(96)]]);
    ev.setRules([Object.fromEntries(Object.entries(r).reverse()) as unknown as Rule]);
    expect(run(ev, [[10, occ(96)], [15, occ(96)]])).toEqual(['raise@15 parking:P1']);
  });
  it('restore() reopens alerts from the store without events and re-judges them on the clock', () => {
    const ev = evaluator(v1);
    const orphans = ev.restore([{ ruleId: 'r1', subject: 'parking:P1', severity: 'warning', raisedAt: T0, message: 'x' }, { ruleId: 'gone', subject: 'parking:P1', severity: 'warning', raisedAt: T0, message: 'y' }]);
    expect(orphans.map((o) => o.ruleId)).toEqual(['gone']);
    expect(run(ev, [[0, occ(50)]])).toEqual(['clear@0 parking:P1']);
  });
});

describe('setRules: a new or changed plain rule applies to the current situation at once', () => {
  type PStep = Step | ['publish', object, Record<string, unknown>?];
  const sus = { type: 'sustained', minutes: 15, condition: th('>', 95) };
  const win = { type: 'window', agg: 'avg', metric: 'occupancyPct', minutes: 15, op: '>', value: 95 };
  it.each<[string, PStep[], string[]]>([
    ['publish while over the threshold raises at once, at the latest time', [[0, occ(96)], ['clock', 2], ['publish', th('>', 95)], [5, occ(97)]], ['raise@2 parking:P1']],
    ['only the subjects over it', [[0, occ(96)], [1, P2(50), 'parking:P2'], ['publish', th('>', 95)]], ['raise@1 parking:P1']],
    ['all of thresholds', [[0, occ(96)], ['publish', { type: 'all', conditions: [th('>', 95), th('<', 99)] }]], ['raise@0 parking:P1']],
    ['publish with a stale latest reading does not raise; the next reading does', [[0, occ(96)], ['clock', 8], ['publish', th('>', 95)], [10, occ(96)]], ['raise@10 parking:P1']],
    ['just inside the data horizon (1.5 x 5 min) still counts', [[0, occ(96)], ['clock', 7], ['publish', th('>', 95)]], ['raise@7 parking:P1']],
    ['sustained rules still wait', [[0, occ(96)], ['publish', sus], [5, occ(96)], [10, occ(96)], [15, occ(96)], [20, occ(96)]], ['raise@20 parking:P1']],
    ['window rules still wait for a reading', [[0, occ(96)], ['publish', win], [5, occ(96)]], ['raise@5 parking:P1']],
    ['any with a window part still waits', [[0, occ(96)], ['publish', { type: 'any', conditions: [th('>', 95), win] }], [5, occ(96)]], ['raise@5 parking:P1']],
    ['an edit that makes it hold raises at once', [['publish', th('>', 97)], [0, occ(96)], ['publish', th('>', 95)]], ['raise@0 parking:P1']],
    ['republishing the same rule does nothing new', [['publish', th('>', 95)], [0, occ(96)], ['publish', th('>', 95)]], ['raise@0 parking:P1']],
    ['activeHours still gate it', [[0, occ(96)], ['publish', th('>', 95), { activeHours: { from: '11:00', to: '12:00' } }]], []],
    ['a null latest value is unknown: no raise', [[0, occ(null)], ['publish', th('<', 40)]], []],
    ['nothing seen yet: nothing to judge', [['publish', th('>', 95)]], []],
  ])('%s', (_n, steps, expected) => {
    const ev = evaluator([]);
    const out: string[] = [];
    for (const s of steps) {
      const evs = s[0] === 'publish' ? ev.setRules([rule(s[1] as object, s[2] as Record<string, unknown> | undefined)]) : run(ev, [s as Step]);
      for (const e of evs) out.push(typeof e === 'string' ? e : short(e));
    }
    expect(out).toEqual(expected);
  });
  it('raises with the rule version and a message, and the alert clears as usual', () => {
    const ev = evaluator([]);
    run(ev, [[0, occ(96)]]);
    expect(ev.setRules([rule(th('>', 95), { version: 3 })])).toEqual([
      { type: 'raise', ruleId: 'r1', ruleVersion: 3, subject: 'parking:P1', severity: 'warning', at: T0, value: 96, message: 'Occupancy 96% > 95% at P1' },
    ]);
    expect(run(ev, [[5, occ(90)]])).toEqual(['clear@5 parking:P1']);
  });
});

describe('events and problems', () => {
  it('messages in words, with the value', () => {
    const ev = evaluator(rule({ type: 'sustained', minutes: 15, condition: th('>', 95) }, { clear: { hysteresis: 5 } }));
    const evs: AlertEvent[] = [];
    for (const [m, v] of [[0, 97], [5, 97], [10, 97], [15, 97], [20, 80]] as const) evs.push(...ev.onReading({ sensorId: 'parking:P1', ts: min(m), values: occ(v) }));
    expect(evs).toEqual([
      { type: 'raise', ruleId: 'r1', subject: 'parking:P1', severity: 'warning', at: min(15), value: 97, message: 'Occupancy 97% > 95% for 15 min at P1' },
      { type: 'clear', ruleId: 'r1', subject: 'parking:P1', severity: 'warning', at: min(20), value: 80, message: 'Cleared: Occupancy 80% at P1 (in alarm for 5 min)', reason: 'condition' },
    ]);
  });
  it('reports a district that is not loaded', () => {
    const ev = new Evaluator([rule({ type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 1 }, { scope: { type: 'zone', district: 'Centre' } })], [], []);
    expect(ev.ruleProblems()).toEqual([{ ruleId: 'r1', problem: 'no district "Centre" among the 0 zones loaded' }]);
  });
});

describe('determinism', () => {
  it('backtest equals a live run with the same clock ticks', () => {
    const r = rule({ type: 'any', conditions: [{ type: 'noData', minutes: 12 }, { type: 'sustained', minutes: 10, condition: th('>', 95) }] }, { clear: { minClearMinutes: 5 }, scope: { type: 'sensors', ids: ['parking:P1'] } });
    const readings = [];
    for (let i = 0; i < 300; i++) if (i % 23 > 2) readings.push({ sensorId: 'parking:P1', ts: min(i * 5 + (i % 3)), values: occ(i % 10 < 5 ? 97 : 50) });
    const a = backtest(r, readings, SENSORS, [], { stepMs: 60_000 });
    const live = new Evaluator([r], SENSORS, []);
    const b: AlertEvent[] = [];
    let next = Math.floor(readings[0]!.ts / 60_000) * 60_000;
    for (const rd of readings) {
      while (rd.ts >= next) {
        b.push(...live.onClock(next));
        next += 60_000;
      }
      b.push(...live.onReading(rd));
    }
    b.push(...live.onClock(next));
    expect(a.length).toBeGreaterThan(4);
    expect(b).toEqual(a);
    expect(backtest(r, readings, SENSORS, [], { stepMs: 60_000 })).toEqual(a);
    expect(a.filter((e) => e.message.startsWith('No data')).length).toBeGreaterThan(0);
  });
});

describe('WindowGroup: windows of several lengths over one ring buffer match a brute-force window', () => {
  it.each([[1], [2], [3]])('seed %i', (seed) => {
    let x = seed * 7919;
    const rand = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const g = new WindowGroup(0);
    const lens = [15, 30, 45, 60].map((m) => m * 60_000);
    g.wins = lens.map((ms, k) => g.window(ms, { min: k % 2 === 0, max: k > 0 }));
    g.bases = Int32Array.from(lens.map((_, k) => k * AGG_STRIDE));
    const out = new Float64Array(lens.length * AGG_STRIDE);
    const all: [number, number][] = [];
    let ts = 0;
    for (let i = 0; i < 2000; i++) {
      ts += Math.floor(rand() * 8 * 60_000) + 1;
      const v = rand() < 0.1 ? NaN : Math.round(rand() * 200) - 50;
      g.push(ts, v, out);
      if (v === v) all.push([ts, v]);
      lens.forEach((ms, k) => {
        const w = g.wins[k]!;
        const xs = all.filter(([t]) => t > ts - ms).map(([, y]) => y);
        const n = xs.length;
        const sum = xs.reduce((a, b) => a + b, 0);
        expect(out[k * AGG_STRIDE + 4]).toBe(n);
        expect(w.count).toBe(n);
        if (n === 0) return expect([w.avg(), w.total(), w.change(), out[k * AGG_STRIDE]].every(Number.isNaN)).toBe(true);
        expect(w.total()).toBeCloseTo(sum, 6);
        expect(out[k * AGG_STRIDE]).toBeCloseTo(sum / n, 9);
        if (k % 2 === 0) expect(w.min()).toBe(Math.min(...xs));
        if (k > 0) expect(out[k * AGG_STRIDE + 2]).toBe(Math.max(...xs));
        expect(Number.isNaN(w.change()) ? n < 2 : w.change() === xs[n - 1]! - xs[0]!).toBe(true);
      });
    }
  });
});
