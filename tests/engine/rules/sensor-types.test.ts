/**
 * Rules on a sensor type that exists only as a JSON document (river-level.type.json): it compiles, raises and clears
 * on its derived metric (computed by the type's formula); a metric or type the registry lacks is a compile problem
 * listed on the rule, which is then not evaluated while the others run.
 */
import { describe, expect, it } from 'vitest';
import { Evaluator } from '../../../electron/engine/rules/evaluator';
import { parseRule, validateRule, type Rule } from '../../../electron/engine/rules/schema';
import { starterRulesOf } from '../../../electron/engine/rules/starter-rules';
import { occ, reading, SENSORS, short } from './fixtures';
import { GAUGES, WITH_RIVER } from './river-level';

const riverRule = (over: Record<string, unknown> = {}): Rule =>
  parseRule(
    {
      schema: 1,
      id: 'river-high',
      name: 'River high',
      enabled: true,
      severity: 'warning',
      kind: 'river-level',
      scope: { type: 'kind' },
      condition: { type: 'sustained', minutes: 30, condition: { type: 'threshold', metric: 'floodPct', op: '>', value: 90 } },
      clear: { hysteresis: 10 },
      ...over,
    },
    { types: WITH_RIVER },
  );

const carParkFull = parseRule({ schema: 1, id: 'full', name: 'Full', enabled: true, severity: 'info', kind: 'car-park', scope: { type: 'kind' }, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 } });

describe('a rule on a type defined as data', () => {
  it('compiles, raises on the derived metric and clears by the hysteresis band, with the unit in the message', () => {
    const ev = new Evaluator([riverRule()], GAUGES, [], { registry: WITH_RIVER });
    expect(ev.ruleProblems()).toEqual([]);
    const out: string[] = [];
    const messages: string[] = [];
    const feed = (m: number, levelM: number | null, id = 'gauge:DEE1') => {
      for (const e of ev.onReading(reading(m, { levelM, surfaceSpeed: 1.5 }, id))) {
        out.push(short(e));
        messages.push(e.message);
      }
    };
    feed(0, 3.7); // 92.5% of the 4 m flood level
    feed(15, 3.8);
    expect(out).toEqual([]);
    feed(30, 3.9); // 30 min above 90%
    expect(out).toEqual(['raise@30 gauge:DEE1']);
    feed(30, 1.9, 'gauge:DON1'); // 95% of its 2 m flood level: its own sustained timer starts
    feed(45, 3.3); // 82.5%: above 80% (90 - hysteresis 10), the alarm stays
    expect(out).toEqual(['raise@30 gauge:DEE1']);
    feed(60, 3.1); // 77.5%
    expect(out).toEqual(['raise@30 gauge:DEE1', 'clear@60 gauge:DEE1']);
    expect(messages[0]).toMatch(/^Level against the flood level 98% > 90% for 30 min at Dee at Park Bridge/);
  });

  it('says in the raise message when the reading is flagged by the type\u2019s checks', () => {
    const ev = new Evaluator([riverRule({ condition: { type: 'threshold', metric: 'levelM', op: '>', value: 3 } })], GAUGES, [], { registry: WITH_RIVER });
    const [e] = ev.onReading(reading(0, { levelM: 4.25, surfaceSpeed: 3 }, 'gauge:DEE1'));
    expect(e!.message).toBe("Water level 4.25 m > 3 m at Dee at Park Bridge (flagged: Above the gauge's flood level)");
  });

  it('offers the type\u2019s starter rules, valid against the registry', () => {
    const offers = starterRulesOf(WITH_RIVER, {}, ['river-level']);
    expect(offers.map((o) => [o.typeId, o.rule?.id, o.problems])).toEqual([['river-level', 'river-near-flood', []]]);
  });
});

describe('rules that do not fit the registry', () => {
  it('an unknown metric is a compile problem listed on the rule; the rule is not evaluated, the others run', () => {
    const bad = { ...riverRule(), id: 'typo', condition: { type: 'threshold', metric: 'levelFt', op: '>', value: 3 } } as Rule;
    const ev = new Evaluator([bad, riverRule(), carParkFull], [...SENSORS, ...GAUGES], [], { registry: WITH_RIVER });
    expect(ev.ruleProblems()).toEqual([{ ruleId: 'typo', problem: expect.stringMatching(/^condition\.metric: "levelFt" is not a metric of River level gauge \(river-level\); use one of levelM, surfaceSpeed, floodPct$/) as unknown }]);
    expect(ev.onReading(reading(0, { levelM: 9, surfaceSpeed: 1 }, 'gauge:DEE1'))).toEqual([]);
    expect(ev.onReading(reading(0, occ(99))).map(short)).toEqual(['raise@0 parking:P1']);
  });

  it('a type the registry lacks is a compile problem (the shipped registry has no river-level)', () => {
    const ev = new Evaluator([riverRule(), carParkFull], [...SENSORS, ...GAUGES], []);
    expect(ev.ruleProblems().map((p) => p.ruleId + ': ' + p.problem)).toEqual([expect.stringMatching(/^river-high: kind: no sensor type "river-level" is known/) as unknown]);
    expect(ev.onReading(reading(0, occ(99))).map(short)).toEqual(['raise@0 parking:P1']);
  });

  it('validation with the registry names the path; an old kind name says what it is called now', () => {
    const r = validateRule({ ...riverRule(), condition: { type: 'window', agg: 'avg', metric: 'depth', minutes: 10, op: '>', value: 1 } }, { types: WITH_RIVER });
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/^condition\.metric: "depth" is not a metric of River level gauge/) as unknown] });
    const old = validateRule({ ...carParkFull, kind: 'parking' }, { types: WITH_RIVER });
    expect(old).toEqual({ ok: false, errors: ['kind: no sensor type "parking" is known (it is now called "car-park")'] });
  });

  it('listed sensors of another type are left out, and the rule says so', () => {
    const r = parseRule({ ...carParkFull, scope: { type: 'sensors', ids: ['parking:P1', 'traffic:T1'] } });
    const ev = new Evaluator([r], SENSORS, []);
    expect(ev.ruleProblems()).toEqual([{ ruleId: 'full', problem: 'sensors of another type than car-park, left out: traffic:T1' }]);
    expect(ev.subjectCount()).toBe(1);
  });

  it('the types can change with the catalogue: the rule is compiled again when its type arrives', () => {
    const ev = new Evaluator([riverRule({ condition: { type: 'threshold', metric: 'levelM', op: '>', value: 3 } })], GAUGES, []);
    expect(ev.ruleProblems()).toHaveLength(1);
    ev.setCatalogue(GAUGES, undefined, WITH_RIVER);
    expect(ev.ruleProblems()).toEqual([]);
    expect(ev.onReading(reading(0, { levelM: 3.5 }, 'gauge:DON1')).map(short)).toEqual(['raise@0 gauge:DON1']);
  });
});
