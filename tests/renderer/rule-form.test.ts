import { describe, expect, it } from 'vitest';
import { validateRule, type Rule } from '../../electron/engine/rules/schema';
import { STARTER_RULES_JSON, starterRules, starterRulesOf } from '../../electron/engine/rules/starter-rules';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import {
  describeRule,
  fieldErrors,
  fromRule,
  humanError,
  newCondition,
  newRuleForm,
  parseNumber,
  slugify,
  toRule,
  toggleSensor,
  withKind,
  withName,
  type RuleForm,
} from '../../renderer/rules/ruleForm';
import { airSensor, parkingSensor, riverGauge, SHIPPED_REGISTRY, WITH_RIVER } from './fixtures';

const zones = [{ id: '170', name: 'Rådhuskvarteret' }];
const TZ = 'Europe/Copenhagen';

/** Valid as the engine checks it: the shape, the districts, and the type's metrics in the registry. */
function valid(doc: unknown, types: SensorTypeRegistry = SHIPPED_REGISTRY): Rule {
  const v = validateRule(doc, { zones, types });
  if (!v.ok) throw new Error(v.errors.join('; '));
  return v.rule;
}

describe('rule form -> JSON', () => {
  it('builds a valid sustained threshold rule from the default form (on the type\'s headline metric)', () => {
    const base = withName(newRuleForm(SHIPPED_REGISTRY, 'car-park', TZ), 'Car park nearly full');
    const form = { ...base, conditions: [{ ...base.conditions[0]!, value: '95' }] };
    const doc = toRule(form);
    expect(doc).toEqual({
      schema: 1,
      id: 'car-park-nearly-full',
      name: 'Car park nearly full',
      enabled: true,
      severity: 'warning',
      kind: 'car-park',
      scope: { type: 'kind' },
      condition: { type: 'sustained', minutes: 15, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 } },
      subject: 'sensor',
    });
    valid(doc);
  });

  it('combines conditions with all / any, pairs for between, and the optional parts', () => {
    let form: RuleForm = { ...withName(newRuleForm(SHIPPED_REGISTRY, 'traffic', TZ), 'Slow and empty'), severity: 'critical' };
    form = {
      ...form,
      combine: 'any',
      conditions: [
        { ...newCondition(SHIPPED_REGISTRY, 'traffic', 'window'), agg: 'avg', metric: 'speedRatioPct', minutes: '20', op: 'between', value: '10', value2: '30' },
        { ...newCondition(SHIPPED_REGISTRY, 'traffic', 'noData'), minutes: '45' },
      ],
      scope: 'sensors',
      sensorIds: ['traffic:1', 'traffic:2'],
      hysteresis: '5',
      minClearMinutes: '10',
      activeHours: { enabled: true, from: '07:00', to: '19:00', days: [5, 1], timeZone: 'Europe/Copenhagen' },
      escalation: { enabled: false, afterMinutes: '30', to: 'critical' },
    };
    const doc = toRule(form) as Record<string, unknown>;
    expect(doc.condition).toEqual({
      type: 'any',
      conditions: [
        { type: 'window', agg: 'avg', metric: 'speedRatioPct', minutes: 20, op: 'between', value: [10, 30] },
        { type: 'noData', minutes: 45 },
      ],
    });
    expect(doc.scope).toEqual({ type: 'sensors', ids: ['traffic:1', 'traffic:2'] });
    expect(doc.clear).toEqual({ hysteresis: 5, minClearMinutes: 10 });
    expect(doc.activeHours).toEqual({ from: '07:00', to: '19:00', days: [1, 5], timeZone: 'Europe/Copenhagen' });
    expect(doc.escalation).toBeUndefined();
    valid(doc);
  });

  it('area conditions make a zone rule; districts and polygons become zone scopes', () => {
    const base = withName(newRuleForm(SHIPPED_REGISTRY, 'car-park', TZ), 'Centre busy');
    const area = { ...base, conditions: [{ ...newCondition(SHIPPED_REGISTRY, 'car-park', 'area'), agg: 'avg' as const, value: '90' }], scope: 'district' as const, district: 'Rådhuskvarteret' };
    const doc = toRule(area) as Record<string, unknown>;
    expect(doc.subject).toBe('zone');
    expect(doc.scope).toEqual({ type: 'zone', district: 'Rådhuskvarteret' });
    valid(doc);
    const poly = toRule({ ...area, scope: 'polygon', polygon: [[10.1, 56.1], [10.2, 56.1], [10.2, 56.2]] }) as Record<string, unknown>;
    expect(poly.scope).toEqual({ type: 'zone', polygon: [[10.1, 56.1], [10.2, 56.1], [10.2, 56.2]] });
    valid(poly);
  });

  it('passes text that is not a number on, so that the engine names the field', () => {
    expect(parseNumber(' 12,5 ')).toBe(12.5);
    expect(parseNumber('')).toBeUndefined();
    expect(parseNumber('lots')).toBe('lots');
    const form = { ...withName(newRuleForm(SHIPPED_REGISTRY, 'car-park', TZ), 'x'), conditions: [{ ...newCondition(SHIPPED_REGISTRY, 'car-park', 'sustained'), value: 'ninety', holdMinutes: '2000' }] };
    const v = validateRule(toRule(form), { zones });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const fe = fieldErrors(v.errors, form);
    expect(fe.fields.get('c0.value')?.[0]).toMatch(/number/);
    expect(fe.fields.get('c0.hold')?.[0]).toMatch(/at most 24h/);
    expect(fe.other).toEqual([]);
  });

  it('maps engine error paths to the form fields of the right condition', () => {
    const form = { ...newRuleForm(SHIPPED_REGISTRY, 'car-park', TZ), conditions: [newCondition(SHIPPED_REGISTRY, 'car-park', 'threshold'), newCondition(SHIPPED_REGISTRY, 'car-park', 'sustained'), newCondition(SHIPPED_REGISTRY, 'car-park', 'window')] };
    const fe = fieldErrors(
      [
        'name: cannot be empty',
        'condition.conditions[0].value: is required',
        'condition.conditions[1].minutes: must be at most 24h (1440 minutes)',
        'condition.conditions[1].condition.op: must be one of',
        'condition.conditions[2].minutes: must be more than 0',
        'scope.district: no district called "x"',
        'clear.hysteresis: must be 0 or more',
        'escalation.to: must be more severe than the rule\'s severity (warning)',
        'something odd',
      ],
      form,
    );
    expect([...fe.fields.keys()].sort()).toEqual(['c0.value', 'c1.hold', 'c1.op', 'c2.minutes', 'escalation', 'hysteresis', 'name', 'scope'].sort());
    expect(fe.other).toEqual(['something odd']);
    expect(humanError('condition.conditions[1].condition.minutes: must be at most 24h')).toBe('Condition 2 › held condition › minutes: must be at most 24h');
  });

  it('keeps what makes sense when the kind changes', () => {
    const f = toggleSensor(toggleSensor({ ...newRuleForm(SHIPPED_REGISTRY, 'car-park', TZ), scope: 'sensors' }, 'parking:A'), 'parking:B');
    expect(f.sensorIds).toEqual(['parking:A', 'parking:B']);
    expect(toggleSensor(f, 'parking:A').sensorIds).toEqual(['parking:B']);
    const catalogue = new Map([parkingSensor('A'), parkingSensor('B'), airSensor('1')].map((x) => [x.id, x]));
    const t = withKind(f, 'citypulse-air-index', SHIPPED_REGISTRY, catalogue);
    expect(t.sensorIds).toEqual([]);
    expect(t.conditions[0]!.metric).toBe('maxIndex');
    expect(withKind({ ...f, sensorIds: ['parking:A', 'air:1'] }, 'citypulse-air-index', SHIPPED_REGISTRY, catalogue).sensorIds).toEqual(['air:1']);
  });

  it('slugs names into ids, Danish letters included', () => {
    expect(slugify('Car park full (Bruuns)')).toBe('car-park-full-bruuns');
    expect(slugify('Rådhuskvarteret – Ørestad Æ')).toBe('raadhuskvarteret-oerestad-ae');
    expect(slugify('   ')).toBe('');
    expect(slugify('x'.repeat(80))).toHaveLength(64);
  });

  it('says the rule in words', () => {
    const base = withName(newRuleForm(SHIPPED_REGISTRY, 'car-park', TZ), 'x');
    const form = { ...base, conditions: [{ ...base.conditions[0]!, value: '95' }] };
    expect(describeRule(form, SHIPPED_REGISTRY)).toBe('WARNING when occupancy is above 95% for 15 min, at any of the car parks.');
    const traffic = newRuleForm(SHIPPED_REGISTRY, 'traffic', TZ);
    expect(describeRule({ ...traffic, conditions: [{ ...traffic.conditions[0]!, metric: 'avgSpeedKmh', op: 'between', value: '10', value2: '30' }] }, SHIPPED_REGISTRY)).toBe(
      'WARNING when average speed is between 10 km/h and 30 km/h for 15 min, at any of the traffic segments.',
    );
  });
});

describe('a rule on a type defined only as JSON', () => {
  it('the form builds a rule the engine accepts with the type, and refuses without it', () => {
    const base = withName(newRuleForm(WITH_RIVER, 'river-gauge', 'Europe/London'), 'River high');
    const form: RuleForm = { ...base, conditions: [{ ...base.conditions[0]!, value: '-20' }], scope: 'sensors', sensorIds: [riverGauge('g1').id] };
    const rule = valid(toRule(form), WITH_RIVER);
    expect(rule).toMatchObject({ kind: 'river-gauge', condition: { type: 'sustained', condition: { metric: 'aboveFloodCm', value: -20 } } });
    const v = validateRule(toRule(form), { zones, types: SHIPPED_REGISTRY });
    expect(v.ok).toBe(false);
    // the form shows the rule again, unchanged
    const back = fromRule(rule, WITH_RIVER, 'Europe/London');
    expect(back.ok && valid(toRule(back.form), WITH_RIVER)).toEqual(rule);
  });

  it('its starter rules round-trip through the form', () => {
    const offers = starterRulesOf(WITH_RIVER, { zones }, ['river-gauge']);
    expect(offers.map((o) => o.rule?.id)).toEqual(['river-flooding']);
    const res = fromRule(offers[0]!.rule!, WITH_RIVER, 'Europe/London');
    expect(res.ok).toBe(true);
    if (res.ok) expect(valid(toRule(res.form), WITH_RIVER)).toEqual(offers[0]!.rule);
  });
});

describe('JSON -> rule form -> JSON', () => {
  it('round-trips every starter rule exactly', () => {
    for (const rule of starterRules({ zones })) {
      const res = fromRule(rule, SHIPPED_REGISTRY, TZ);
      expect(res.ok, rule.id).toBe(true);
      if (!res.ok) continue;
      const back = valid(toRule(res.form));
      const { version: _v, ...expected } = rule;
      expect(back, rule.id).toEqual(expected);
    }
    expect(STARTER_RULES_JSON.length).toBeGreaterThan(3);
  });

  it('round-trips combinations, activeHours, escalation and polygons', () => {
    const rule = valid({
      schema: 1,
      id: 'complex',
      name: 'Complex',
      enabled: false,
      severity: 'warning',
      kind: 'traffic',
      scope: { type: 'zone', polygon: [[10.1, 56.1], [10.2, 56.1], [10.2, 56.2]] },
      condition: {
        type: 'all',
        conditions: [
          { type: 'sustained', minutes: 5, condition: { type: 'rate', metric: 'vehicleCount', minutes: 10, op: 'outside', value: [-5, 5] } },
          { type: 'threshold', metric: 'avgSpeedKmh', op: '<=', value: 20 },
        ],
      },
      activeHours: { from: '22:00', to: '06:00', days: [6, 7], timeZone: 'Europe/Copenhagen' },
      escalation: { afterMinutes: 20, to: 'critical' },
    });
    const res = fromRule(rule, SHIPPED_REGISTRY, TZ);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.form.conditions[0]).toMatchObject({ type: 'sustained', inner: 'rate', holdMinutes: '5', minutes: '10', value: '-5', value2: '5' });
    expect(valid(toRule(res.form))).toEqual(rule);
  });

  it('says when the form cannot show a rule (edit it as JSON)', () => {
    const nested = valid({
      schema: 1,
      id: 'nested',
      name: 'Nested',
      enabled: true,
      severity: 'info',
      kind: 'car-park',
      scope: { type: 'kind' },
      condition: { type: 'any', conditions: [{ type: 'all', conditions: [{ type: 'noData', minutes: 5 }] }] },
    });
    expect(fromRule(nested, SHIPPED_REGISTRY, TZ)).toMatchObject({ ok: false });
    const ownClear = valid({
      schema: 1,
      id: 'own-clear',
      name: 'Own clear',
      enabled: true,
      severity: 'info',
      kind: 'car-park',
      scope: { type: 'kind' },
      condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 90 },
      clear: { condition: { type: 'threshold', metric: 'occupancyPct', op: '<', value: 50 } },
    });
    const r = fromRule(ownClear, SHIPPED_REGISTRY, TZ);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/JSON/);
  });
});
