import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDistricts } from '../../../electron/engine/rules/geo';
import { validateRule, parseRule } from '../../../electron/engine/rules/schema';
import { STARTER_RULES_JSON, starterRules } from '../../../electron/engine/rules/starter-rules';
import { SensorTypeRegistry } from '../../../electron/shared/sensor-types/registry';
import { SHIPPED_TYPES } from '../../../electron/shared/sensor-types/shipped';
import { ASSETS } from './fixtures';

const types = SensorTypeRegistry.from(SHIPPED_TYPES);

const base = {
  schema: 1,
  id: 'car-park-full',
  name: 'Car park full',
  enabled: true,
  severity: 'warning',
  kind: 'car-park',
  scope: { type: 'kind' },
  condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 },
};
const withCond = (condition: unknown, extra: Record<string, unknown> = {}) => ({ ...base, condition, ...extra });
const th = (extra: Record<string, unknown> = {}) => ({ type: 'threshold', metric: 'occupancyPct', op: '>', value: 95, ...extra });

describe('validateRule: valid documents', () => {
  const zones = loadDistricts(ASSETS);
  it.each(STARTER_RULES_JSON.map((j) => [(j as { id: string }).id, j]))('starter rule %s is valid against the shipped districts and types', (_id, json) => {
    const r = validateRule(json, { zones, types });
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it('fills defaults: subject from the condition, activeHours time zone', () => {
    const r = parseRule({ ...base, activeHours: { from: '07:00', to: '19:00' } });
    expect(r.subject).toBe('sensor');
    expect(r.activeHours).toEqual({ from: '07:00', to: '19:00', timeZone: 'UTC' });
    const z = parseRule({ ...base, scope: { type: 'zone', district: 170 }, condition: { type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 90 } });
    expect(z.subject).toBe('zone');
  });

  it.each([
    ['nested all/any/sustained/window/rate', withCond({ type: 'all', conditions: [{ type: 'sustained', minutes: 10, condition: th() }, { type: 'any', conditions: [{ type: 'window', agg: 'max', metric: 'vehicleCount', minutes: 30, op: '>=', value: 10 }, { type: 'rate', metric: 'occupancyPct', minutes: 60, op: '>', value: 20 }] }] })],
    ['between / outside take [low, high]', withCond(th({ op: 'outside', value: [10, 90] }))],
    ['sensor list scope', { ...base, scope: { type: 'sensors', ids: ['parking:MAGASIN', 'parking:SALLING'] } }],
    ['polygon zone', { ...base, scope: { type: 'zone', polygon: [[10.1, 56.1], [10.3, 56.1], [10.3, 56.2]] } }],
    ['explicit clear condition', { ...base, clear: { condition: th({ op: '<', value: 80 }), minClearMinutes: 5 } }],
    ['overnight active hours on weekdays', { ...base, activeHours: { from: '22:00', to: '06:00', days: [1, 2, 3, 4, 5], timeZone: 'UTC' } }],
    ['escalation to a higher severity', { ...base, escalation: { afterMinutes: 30, to: 'critical' } }],
    ['attribute filter', { ...base, kind: 'traffic', filter: { roadType: ['MAJOR_ROAD'] }, condition: { type: 'threshold', metric: 'speedRatioPct', op: '<', value: 40 } }],
  ])('%s', (_name, json) => {
    const r = validateRule(json);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });
});

describe('validateRule: errors name the path and the problem', () => {
  const zones = loadDistricts(ASSETS);
  it.each<[string, unknown, string[]]>([
    ['not an object', 42, ['(rule): must be an object']],
    ['missing fields', {}, ['schema: is required', 'id: is required', 'name: is required', 'enabled: is required', 'severity: is required', 'kind: is required', 'scope: is required', 'condition: is required']],
    ['wrong schema version', { ...base, schema: 2 }, ['schema: must be 1 (this CityDesk reads rule schema version 1)']],
    ['id not a slug', { ...base, id: 'Car Park' }, ['id: must be a slug: lower-case letters, digits and single dashes (e.g. car-park-full)']],
    ['empty name', { ...base, name: '  ' }, ['name: cannot be empty']],
    ['enabled not boolean', { ...base, enabled: 'yes' }, ['enabled: must be true or false']],
    ['unknown severity', { ...base, severity: 'high' }, ["severity: must be one of 'info', 'warning', 'critical'"]],
    ['unknown field', { ...base, colour: 'red' }, ['colour: is not a known field']],
    ['unknown condition type', withCond({ type: 'average' }), ["condition.type: must be one of 'threshold', 'sustained', 'window', 'rate', 'noData', 'area', 'all', 'any'"]],
    ['window over 24h in a nested condition', withCond({ type: 'all', conditions: [th(), { type: 'window', agg: 'avg', metric: 'occupancyPct', minutes: 1500, op: '>', value: 1 }] }), ['condition.conditions[1].minutes: must be at most 24h (1440 minutes)']],
    ['zero minutes', withCond({ type: 'noData', minutes: 0 }), ['condition.minutes: must be at least 1 minute']],
    ['minutes not a number', withCond({ type: 'noData', minutes: '30' }), ['condition.minutes: must be a number of minutes']],
    ['metric of another type', withCond(th({ metric: 'ozone' })), ['condition.metric: "ozone" is not a metric of Car park (car-park); use one of vehicleCount, totalSpaces, occupancyPct']],
    ['metric of another type in a clear condition', { ...base, clear: { condition: th({ metric: 'no2', op: '<' }) } }, ['clear.condition.metric: "no2" is not a metric of Car park (car-park); use one of vehicleCount, totalSpaces, occupancyPct']],
    ['the old name of a kind', { ...base, kind: 'parking' }, ['kind: no sensor type "parking" is known (it is now called "car-park")']],
    ['a type id that is not one', { ...base, kind: 'Car Park' }, ['kind: must be a sensor type id: lower-case letters, digits and single dashes (e.g. car-park)']],
    ['between needs a pair', withCond(th({ op: 'between', value: 5 })), ["condition.value: 'between' needs [low, high]"]],
    ['pair for a single op', withCond(th({ op: '>', value: [1, 2] })), ["condition.value: '>' needs a single number ([low, high] is for between / outside)"]],
    ['low above high', withCond(th({ op: 'between', value: [9, 2] })), ['condition.value: low must not be above high']],
    ['unknown op', withCond(th({ op: '=>' })), ["condition.op: must be one of '>', '>=', '<', '<=', 'between', 'outside'"]],
    ['empty all', withCond({ type: 'all', conditions: [] }), ['condition.conditions: must list at least one condition']],
    ['area in a sensor rule', withCond({ type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 90 }, { subject: 'sensor' }), ["condition: an area condition needs subject 'zone'"]],
    ['threshold in a zone rule', withCond(th(), { subject: 'zone' }), ['condition: a threshold condition looks at one sensor; a zone rule uses area conditions']],
    ['noData inside sustained', withCond({ type: 'sustained', minutes: 5, condition: { type: 'noData', minutes: 10 } }), ['condition.condition: noData already has its own minutes; do not wrap it in sustained']],
    ['zone with neither district nor polygon', { ...base, scope: { type: 'zone' } }, ['scope: a zone needs either a district or a polygon (not both)']],
    ['unknown district', { ...base, scope: { type: 'zone', district: 'Atlantis' } }, ['scope.district: no district called "Atlantis"']],
    ['a sensor id with a space', { ...base, scope: { type: 'sensors', ids: ['parking:A', 'traffic 1'] } }, ['scope.ids[1]: must be a sensor id such as parking:MAGASIN (no spaces)']],
    ['polygon latitude out of range', { ...base, scope: { type: 'zone', polygon: [[10, 56], [10, 95], [11, 56]] } }, ['scope.polygon[1][1]: latitude must be between -90 and 90']],
    ['bad time of day', { ...base, activeHours: { from: '7:00', to: '25:00' } }, ['activeHours.from: must be a time of day as HH:MM (00:00 to 23:59)', 'activeHours.to: must be a time of day as HH:MM (00:00 to 23:59)']],
    ['bad time zone', { ...base, activeHours: { from: '07:00', to: '19:00', timeZone: 'Mars/Olympus' } }, ['activeHours.timeZone: must be an IANA time zone such as Europe/London or UTC']],
    ['day 8', { ...base, activeHours: { from: '07:00', to: '19:00', days: [1, 8] } }, ['activeHours.days[1]: days are 1 (Monday) to 7 (Sunday)']],
    ['same from and to', { ...base, activeHours: { from: '07:00', to: '07:00' } }, ['activeHours.to: must differ from activeHours.from (leave activeHours out for all day)']],
    ['escalation not higher', { ...base, escalation: { afterMinutes: 30, to: 'warning' } }, ["escalation.to: must be more severe than the rule's severity (warning)"]],
    ['hysteresis and a clear condition', { ...base, clear: { condition: th(), hysteresis: 2 } }, ['clear.hysteresis: use either clear.condition or clear.hysteresis, not both']],
    ['negative hysteresis', { ...base, clear: { hysteresis: -1 } }, ['clear.hysteresis: must be 0 or more']],
    ['minClear over 24h', { ...base, clear: { minClearMinutes: 2000 } }, ['clear.minClearMinutes: must be at most 24h (1440 minutes)']],
  ])('%s', (_name, json, errors) => {
    const r = validateRule(json, { zones, types });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors).toEqual(errors);
  });

  it('parseRule throws with the rule id and the problems', () => {
    expect(() => parseRule({ ...base, severity: 'high' })).toThrow("invalid rule car-park-full: severity: must be one of 'info', 'warning', 'critical'");
  });

  it('every JSON example in RULES.md is valid', () => {
    const md = readFileSync(join(import.meta.dirname, '..', '..', '..', 'electron', 'engine', 'rules', 'RULES.md'), 'utf8');
    const docs = [...md.matchAll(/```json\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split(/\n\s*\n/)).filter((d) => d.trim());
    expect(docs.length).toBeGreaterThanOrEqual(5);
    for (const d of docs) {
      const r = validateRule(JSON.parse(d), { zones, types });
      expect(r.ok ? [] : r.errors).toEqual([]);
    }
  });

  it('starterRules() parses them all', () => {
    expect(starterRules().map((r) => r.id)).toEqual(STARTER_RULES_JSON.map((j) => (j as { id: string }).id));
  });
});
