/**
 * The rule editor's alarm design parts (issue 9): rationale, grouping, quality flags, delays and deadband, the
 * backtested load and the publish question. Form <-> rule document round trips keep every new field.
 */
import { describe, expect, it } from 'vitest';
import type { AlarmLoad, TuningSuggestion } from '../../electron/engine/api';
import { validateRule, type Rule } from '../../electron/engine/rules/schema';
import { alertLayers } from '../../renderer/map/layers/alertOverlay';
import { createAppStore } from '../../renderer/store';
import { loadFacts, loadLevel, publishQuestion } from '../../renderer/rules/load';
import { missingRationale, priorityPreview, publishBlocker } from '../../renderer/rules/rationale';
import {
  attributeOptions,
  fieldErrors,
  fromRule,
  newCondition,
  newRuleForm,
  qualityFlagOptions,
  toRule,
  withGroupArea,
  withKind,
  withName,
  withQuality,
  type RuleForm,
} from '../../renderer/rules/ruleForm';
import { applySuggestion, suggestedParts, withOnDelay } from '../../renderer/rules/tuning';
import { parkingSensor, SHIPPED_REGISTRY, trafficSensor } from './fixtures';

const zones = [{ id: '170', name: 'Rådhuskvarteret' }];
const TZ = 'Europe/Copenhagen';
const AREA: [number, number][] = [[10.1, 56.1], [10.2, 56.1], [10.2, 56.2]];

function valid(doc: unknown): Rule {
  const v = validateRule(doc, { zones, types: SHIPPED_REGISTRY });
  if (!v.ok) throw new Error(v.errors.join('; '));
  return v.rule;
}

function roundTrip(rule: Rule): Rule {
  const res = fromRule(rule, SHIPPED_REGISTRY, TZ);
  if (!res.ok) throw new Error(res.reason);
  return valid(toRule(res.form));
}

const base = {
  schema: 1,
  enabled: true,
  severity: 'warning',
  kind: 'traffic',
  scope: { type: 'kind' },
  condition: { type: 'sustained', minutes: 10, condition: { type: 'threshold', metric: 'speedRatioPct', op: '<', value: 40 } },
  clear: { hysteresis: 10, minClearMinutes: 5 },
} as const;

const rationale = { cause: 'A jam, an accident or road works', consequence: 'Queues spread to the ring road', action: 'Check the camera; call the traffic police', respondWithinMinutes: 15 };

describe('rule document -> form -> document keeps the alarm design fields', () => {
  it.each([
    ['district', { by: 'district' }],
    ['attribute', { by: 'attribute', attribute: 'reportName' }],
    ['areas', { by: 'areas', areas: [{ name: 'Ring road north', polygon: AREA }, { name: 'Harbour', polygon: [[10.21, 56.15], [10.22, 56.15], [10.22, 56.16], [10.21, 56.16]] }] }],
    ['scope', { by: 'scope' }],
  ])('rationale, quality (skip and only, in order) and grouping by %s', (_name, group) => {
    const rule = valid({ ...base, id: 'congestion', name: 'Congestion', rationale, group, quality: { skip: ['zero-speed', 'zero-vehicles'], only: ['out-of-range'] } });
    const back = roundTrip(rule);
    expect(back).toEqual(rule);
    expect(back.quality).toEqual({ skip: ['zero-speed', 'zero-vehicles'], only: ['out-of-range'] });
  });

  it('a rule without them (an older rule) round-trips without gaining any, even on a type with proposed skips', () => {
    const rule = valid({ ...base, id: 'old', name: 'Old' });
    const back = roundTrip(rule);
    expect(back).toEqual(rule);
    expect(back).not.toHaveProperty('rationale');
    expect(back).not.toHaveProperty('quality');
    expect(back).not.toHaveProperty('group');
  });
});

describe('the rationale', () => {
  it('stays out of the document until something of it is typed; a partial one names the missing fields', () => {
    const form = { ...withName(newRuleForm(SHIPPED_REGISTRY, 'car-park', TZ), 'Full'), conditions: [{ ...newCondition(SHIPPED_REGISTRY, 'car-park', 'threshold'), value: '95' }] };
    expect(toRule(form)).not.toHaveProperty('rationale');
    const partial: RuleForm = { ...form, rationale: { ...form.rationale, cause: 'Event in town', respondWithinMinutes: '30' } };
    expect(toRule(partial).rationale).toEqual({ cause: 'Event in town', consequence: '', action: '', respondWithinMinutes: 30 });
    const v = validateRule(toRule(partial), { zones, types: SHIPPED_REGISTRY });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const fe = fieldErrors(v.errors, partial);
    expect(fe.fields.get('rationale.consequence')?.[0]).toMatch(/say the consequence/);
    expect(fe.fields.get('rationale.action')?.[0]).toMatch(/what the operator should do/);
    expect(fe.other).toEqual([]);
    const full: RuleForm = { ...partial, rationale: { cause: ' Event in town ', consequence: 'Drivers circle the centre', action: 'Show "full" on the signs', respondWithinMinutes: '30' } };
    expect(valid(toRule(full)).rationale).toEqual({ cause: 'Event in town', consequence: 'Drivers circle the centre', action: 'Show "full" on the signs', respondWithinMinutes: 30 });
  });

  it('is required before publishing: each empty field says so, and a document without one is held back', () => {
    const form = newRuleForm(SHIPPED_REGISTRY, 'car-park', TZ);
    expect([...missingRationale(form.rationale).keys()]).toEqual(['rationale.cause', 'rationale.consequence', 'rationale.action', 'rationale.respondWithinMinutes']);
    expect(missingRationale({ cause: 'x', consequence: 'y', action: '   ', respondWithinMinutes: '15' })).toEqual(new Map([['rationale.action', 'required before publishing: say what the operator should do']]));
    expect(publishBlocker(toRule(form))).toMatch(/Fill in the rationale before publishing/);
    expect(publishBlocker({ ...toRule(form), rationale })).toBeNull();
    expect(publishBlocker('not an object')).toMatch(/rationale/);
  });

  it('shows the priority it gives with the severity, live', () => {
    expect(priorityPreview('warning', '15').text).toBe('Priority: High (warning, respond within 15 min)');
    expect(priorityPreview('critical', '15').priority).toBe('urgent');
    expect(priorityPreview('critical', '240').text).toBe('Priority: Medium (critical, respond within 4 h)');
    expect(priorityPreview('info', '90').text).toBe('Priority: Low (info, respond within 1 h 30 min)');
    const assumed = priorityPreview('warning', '');
    expect(assumed).toMatchObject({ priority: 'medium', assumed: true });
    expect(assumed.text).toBe('Priority: Medium (warning, respond within 1 h, the default for a warning until you choose)');
    expect(priorityPreview('warning', 'soon').assumed).toBe(true);
  });
});

describe('quality flags', () => {
  it('offers the type\'s checks and the generic flags with the registry\'s labels', () => {
    const flags = qualityFlagOptions(SHIPPED_REGISTRY, 'traffic');
    expect(flags.map((f) => f.id)).toEqual(['zero-vehicles', 'zero-speed', 'speed-implausible', 'missing-value', 'negative-value', 'out-of-range', 'unknown-metric']);
    expect(flags[0]).toEqual({ id: 'zero-vehicles', label: 'No vehicles detected in this interval', own: true });
    expect(flags.find((f) => f.id === 'missing-value')).toEqual({ id: 'missing-value', label: 'A metric was reported empty', own: false });
  });

  it('a new traffic rule skips readings with no vehicle counted unless the supervisor says so', () => {
    const form = { ...withName(newRuleForm(SHIPPED_REGISTRY, 'traffic', TZ), 'Jam'), conditions: [{ ...newCondition(SHIPPED_REGISTRY, 'traffic', 'sustained'), metric: 'speedRatioPct', op: '<' as const, value: '40' }] };
    expect(form.quality).toEqual({ 'zero-vehicles': 'skip' });
    expect(valid(toRule(form)).quality).toEqual({ skip: ['zero-vehicles'] });
    const used = withQuality(form, 'zero-vehicles', 'use');
    expect(toRule(used)).not.toHaveProperty('quality');
    const only = withQuality(withQuality(used, 'zero-speed', 'only'), 'out-of-range', 'skip');
    expect(valid(toRule(only)).quality).toEqual({ skip: ['out-of-range'], only: ['zero-speed'] });
    // A car park has no such flag: nothing proposed.
    expect(newRuleForm(SHIPPED_REGISTRY, 'car-park', TZ).quality).toEqual({});
  });

  it('changing the type drops the flags the new type lacks and proposes its own', () => {
    const catalogue = new Map([trafficSensor('1'), parkingSensor('A')].map((s) => [s.id, s]));
    const traffic = withQuality(newRuleForm(SHIPPED_REGISTRY, 'traffic', TZ), 'missing-value', 'only');
    const park = withKind(traffic, 'car-park', SHIPPED_REGISTRY, catalogue);
    expect(park.quality).toEqual({ 'missing-value': 'only' });
    expect(withKind(park, 'traffic', SHIPPED_REGISTRY, catalogue).quality).toEqual({ 'missing-value': 'only', 'zero-vehicles': 'skip' });
  });

  it('engine errors on quality and grouping land next to those fields', () => {
    const form = newRuleForm(SHIPPED_REGISTRY, 'traffic', TZ);
    const fe = fieldErrors(['quality.skip[0]: "x" is not a quality flag of Traffic segment (traffic); use one of …', "group: only rules with one alert per sensor (subject sensor) can group their alerts", 'rationale.respondWithinMinutes: must be at most 24h (1440 minutes)'], form);
    expect([...fe.fields.keys()].sort()).toEqual(['group', 'quality', 'rationale.respondWithinMinutes']);
    expect(fe.other).toEqual([]);
  });
});

describe('grouping', () => {
  it('areas drawn on the map are added in turn, named, and make a valid rule', () => {
    let form: RuleForm = { ...withName(newRuleForm(SHIPPED_REGISTRY, 'traffic', TZ), 'Corridor'), conditions: [{ ...newCondition(SHIPPED_REGISTRY, 'traffic', 'threshold'), value: '40' }] };
    form = withGroupArea(form, AREA);
    form = withGroupArea(form, [[10.3, 56.1], [10.4, 56.1], [10.4, 56.2]]);
    expect(form.group.by).toBe('areas');
    expect(form.group.areas.map((a) => a.name)).toEqual(['Area 1', 'Area 2']);
    form = { ...form, group: { ...form.group, areas: form.group.areas.map((a, i) => (i === 0 ? { ...a, name: 'Ring road north' } : a)) } };
    expect(valid(toRule(form)).group).toEqual({ by: 'areas', areas: [{ name: 'Ring road north', polygon: AREA }, { name: 'Area 2', polygon: [[10.3, 56.1], [10.4, 56.1], [10.4, 56.2]] }] });
    expect(toRule({ ...form, group: { ...form.group, by: 'none' } })).not.toHaveProperty('group');
  });

  it('a polygon closed on the map goes to the grouping when drawn for it, else to the scope', () => {
    const store = createAppStore();
    store.getState().openEditor(newRuleForm(SHIPPED_REGISTRY, 'traffic', TZ), null);
    store.getState().setMapMode('draw', 'group-area');
    for (const p of AREA) store.getState().addDrawPoint(p);
    expect(store.getState().finishDraw()).toBe(true);
    let form = store.getState().editor!.form;
    expect(form.group).toMatchObject({ by: 'areas', areas: [{ name: 'Area 1', polygon: AREA }] });
    expect(form.scope).toBe('kind');
    store.getState().setMapMode('draw');
    for (const p of AREA) store.getState().addDrawPoint(p);
    store.getState().finishDraw();
    form = store.getState().editor!.form;
    expect(form.scope).toBe('polygon');
    expect(form.group.areas).toHaveLength(1);
  });

  it('the map shows the grouping areas beside the scope', () => {
    const form = withGroupArea(withGroupArea({ ...newRuleForm(SHIPPED_REGISTRY, 'traffic', TZ), scope: 'polygon', polygon: AREA }, AREA), [[10.3, 56.1], [10.4, 56.1], [10.4, 56.2]]);
    const input = { alarms: new Map(), selectedAlarmId: null, catalogue: new Map(), states: new Map(), zones: [], rules: new Map(), backtestMarks: [], editor: { form, editingId: null }, mapMode: 'normal' as const, drawPoints: [] };
    expect(alertLayers(input).layers.map((l) => l.id)).toEqual([
      'rule-draw-area',
      'rule-draw-vertices',
      'rule-draw-area-group-0',
      'rule-draw-vertices-group-0',
      'rule-draw-area-group-1',
      'rule-draw-vertices-group-1',
    ]);
    expect(alertLayers({ ...input, editor: { form: { ...form, group: { ...form.group, by: 'none' } }, editingId: null } }).layers).toHaveLength(2);
  });

  it('offers the attributes the type\'s sensors have, with how many values', () => {
    const a = { ...trafficSensor('1'), attributes: { roadType: 'MAJOR_ROAD', reportName: 'Ring 2 north', normalSpeedKmh: 50, empty: null } };
    const b = { ...trafficSensor('2'), attributes: { roadType: 'MAJOR_ROAD', reportName: 'Ring 2 south', normalSpeedKmh: 60 } };
    const catalogue = new Map([a, b, parkingSensor('A')].map((s) => [s.id, s]));
    expect(attributeOptions(catalogue, 'traffic')).toEqual([
      { attribute: 'normalSpeedKmh', sensors: 2, values: 2, examples: ['50', '60'] },
      { attribute: 'reportName', sensors: 2, values: 2, examples: ['Ring 2 north', 'Ring 2 south'] },
      { attribute: 'roadType', sensors: 2, values: 1, examples: ['MAJOR_ROAD'] },
    ]);
  });
});

describe('delays and deadband', () => {
  it('an on-delay turns a condition into a held one and back; a no-data condition has none', () => {
    const t = { ...newCondition(SHIPPED_REGISTRY, 'traffic', 'window'), minutes: '20' };
    const held = withOnDelay(t, '10');
    expect(held).toMatchObject({ type: 'sustained', inner: 'window', holdMinutes: '10', minutes: '20' });
    expect(withOnDelay(held, '5').holdMinutes).toBe('5');
    expect(withOnDelay(held, null)).toMatchObject({ type: 'window', minutes: '20' });
    const nd = newCondition(SHIPPED_REGISTRY, 'traffic', 'noData');
    expect(withOnDelay(nd, '10')).toBe(nd);
  });

  it('a suggestion is filled in only for the parts accepted', () => {
    const s: TuningSuggestion = { hysteresis: 8, onDelayMinutes: 12, offDelayMinutes: 6, basis: ['p90 of …'] };
    const form: RuleForm = { ...newRuleForm(SHIPPED_REGISTRY, 'traffic', TZ), conditions: [newCondition(SHIPPED_REGISTRY, 'traffic', 'threshold'), newCondition(SHIPPED_REGISTRY, 'traffic', 'noData')] };
    expect(suggestedParts(s).map((p) => p.part)).toEqual(['onDelay', 'offDelay', 'deadband']);
    const only = applySuggestion(form, s, ['deadband']);
    expect({ h: only.hysteresis, off: only.minClearMinutes, types: only.conditions.map((c) => c.type) }).toEqual({ h: '8', off: '', types: ['threshold', 'noData'] });
    const all = applySuggestion(form, s, ['onDelay', 'offDelay', 'deadband']);
    expect(all.conditions.map((c) => [c.type, c.holdMinutes])).toEqual([['sustained', '12'], ['noData', '15']]);
    expect(all.minClearMinutes).toBe('6');
    expect(toRule(all).clear).toEqual({ hysteresis: 8, minClearMinutes: 6 });
    // 0 minutes: the data needs no on-delay.
    expect(applySuggestion(all, { ...s, onDelayMinutes: 0 }, ['onDelay']).conditions[0]!.type).toBe('threshold');
    expect(suggestedParts({ hysteresis: null, onDelayMinutes: null, offDelayMinutes: 3, basis: [] })).toEqual([{ part: 'offDelay', label: 'Off-delay', value: 3 }]);
  });
});

describe('the backtested load and the publish question', () => {
  const load = (over: Partial<AlarmLoad> = {}): AlarmLoad => ({
    days: 7,
    alarms: 98,
    perDay: 14,
    averagePerTenMinutes: 0.097,
    peakPerTenMinutes: 12,
    floods: 3,
    chattering: 0,
    summary: '14 alarms a day, 3 floods in the last 7 days',
    ...over,
  });

  it('asks with the figures', () => {
    expect(publishQuestion(load())).toBe('This rule would have raised 14 alarms a day, 3 floods in the last 7 days (at most 12 in 10 minutes). Publish?');
    expect(publishQuestion(load({ peakPerTenMinutes: 0, alarms: 0, perDay: 0, floods: 0, summary: '0 alarms a day, 0 floods in the last 7 days' }))).toBe('This rule would have raised 0 alarms a day, 0 floods in the last 7 days. Publish?');
  });

  it('judges it against the standards\' limits', () => {
    expect(loadLevel(load())).toBe('flood');
    expect(loadLevel(load({ floods: 0, peakPerTenMinutes: 4 }))).toBe('ok');
    expect(loadLevel(load({ floods: 0, peakPerTenMinutes: 4, chattering: 2 }))).toBe('high');
    expect(loadLevel(load({ floods: 0, peakPerTenMinutes: 4, averagePerTenMinutes: 1.5 }))).toBe('high');
    expect(loadFacts(load({ chattering: 2 }))).toEqual([
      'Peak: 12 new alarms in 10 minutes (more than 10 is a flood)',
      'Average: 0.10 per 10 minutes (about 1 is acceptable for all rules together)',
      'Chattering: 2 places (3 or more raise/clear cycles in 10 minutes)',
    ]);
  });
});
