import { describe, expect, it } from 'vitest';
import type { Alarm, RuleSummary, Shelf } from '../../electron/engine/api';
import {
  DEFAULT_FILTER,
  alarmActions,
  compareAlarms,
  countBySeverity,
  kindChoices,
  matchesFilter,
  mergeAlarms,
  sortAlarms,
  subjectKind,
  subjectName,
  unacknowledgedCritical,
  visibleAlarms,
  type AlarmContext,
} from '../../renderer/alarms/alarmList';
import { createAppStore } from '../../renderer/store';
import { replaceAlarmList } from '../../renderer/store/alarmsSlice';
import { airSensor, parkingSensor, SHIPPED_REGISTRY, T0, trafficSensor } from './fixtures';

function alarm(over: Partial<Alarm> & Pick<Alarm, 'id'>): Alarm {
  return {
    ruleId: 'car-park-full',
    subject: 'parking:P',
    state: 'active',
    severity: 'warning',
    raisedSeverity: 'warning',
    priority: 'medium',
    raisedAt: T0,
    message: 'Occupancy 97% > 95% for 15 min at P',
    lastMessage: 'Occupancy 97% > 95% for 15 min at P',
    clearedAt: null,
    acknowledged: null,
    resolved: null,
    escalatedAt: null,
    updatedAt: T0,
    ...over,
  };
}

const ctx: AlarmContext = {
  catalogue: new Map([parkingSensor('P'), trafficSensor('1'), { ...trafficSensor('2'), id: 'segment-2' }].map((s) => [s.id, s])),
  rules: new Map([['car-park-full', { id: 'car-park-full', name: 'Car park full', kind: 'car-park' } as RuleSummary]]),
  zones: [{ id: '170', name: 'Rådhuskvarteret', polygons: [] }],
  registry: SHIPPED_REGISTRY,
};

describe('alarm ordering', () => {
  it('puts critical before warning before info, then newest first', () => {
    const list = sortAlarms([
      alarm({ id: 'w-old', severity: 'warning', raisedAt: T0 }),
      alarm({ id: 'i-new', severity: 'info', raisedAt: T0 + 9e6 }),
      alarm({ id: 'c-old', severity: 'critical', raisedAt: T0 }),
      alarm({ id: 'w-new', severity: 'warning', raisedAt: T0 + 60_000 }),
      alarm({ id: 'c-new', severity: 'critical', raisedAt: T0 + 60_000 }),
    ]);
    expect(list.map((a) => a.id)).toEqual(['c-new', 'c-old', 'w-new', 'w-old', 'i-new']);
  });

  it('is stable on ties (by id)', () => {
    expect(compareAlarms(alarm({ id: 'a' }), alarm({ id: 'b' }))).toBeLessThan(0);
    expect(compareAlarms(alarm({ id: 'b' }), alarm({ id: 'a' }))).toBeGreaterThan(0);
  });
});

describe('alarm filtering', () => {
  const all = new Map(
    [
      alarm({ id: 'a', severity: 'critical' }),
      alarm({ id: 'b', state: 'acknowledged', acknowledged: { by: 'Anna', at: T0, comment: 'on it' } }),
      alarm({ id: 'c', state: 'resolved' }),
      alarm({ id: 'd', subject: 'traffic:1', ruleId: 'major-road-congestion', message: 'Speed 30% of normal' }),
      alarm({ id: 'e', subject: 'zone:170', ruleId: 'city-centre-parking-busy', severity: 'info' }),
    ].map((a) => [a.id, a]),
  );

  it('hides resolved alarms by default', () => {
    expect(visibleAlarms(all, DEFAULT_FILTER, ctx).map((a) => a.id)).toEqual(['a', 'b', 'd', 'e']);
  });

  it('filters by severity, state and kind', () => {
    expect(visibleAlarms(all, { ...DEFAULT_FILTER, severities: new Set(['critical']) }, ctx).map((a) => a.id)).toEqual(['a']);
    expect(visibleAlarms(all, { ...DEFAULT_FILTER, states: new Set(['acknowledged', 'resolved']) }, ctx).map((a) => a.id)).toEqual(['b', 'c']);
    // kinds are switched off: the car parks' alarms hidden leaves the traffic and the zone alarms
    expect(visibleAlarms(all, { ...DEFAULT_FILTER, hiddenKinds: new Set(['car-park']) }, ctx).map((a) => a.id)).toEqual(['d', 'e']);
    expect(visibleAlarms(all, { ...DEFAULT_FILTER, hiddenKinds: new Set(['car-park', 'zone']) }, ctx).map((a) => a.id)).toEqual(['d']);
    expect(visibleAlarms(all, { ...DEFAULT_FILTER, hiddenKinds: new Set(['traffic', 'zone']) }, ctx).map((a) => a.id)).toEqual(['a', 'b']);
  });

  it('searches rule name, subject name, message and who acknowledged (all words)', () => {
    const q = (text: string) => visibleAlarms(all, { ...DEFAULT_FILTER, text }, ctx).map((a) => a.id);
    expect(q('rådhus')).toEqual(['e']);
    expect(q('anna')).toEqual(['b']);
    expect(q('speed normal')).toEqual(['d']);
    expect(q('car park full')).toEqual(['a', 'b']);
    expect(q('nothing-like-this')).toEqual([]);
    expect(matchesFilter(all.get('a')!, { ...DEFAULT_FILTER, text: '  ' }, ctx)).toBe(true);
  });

  it('names subjects: sensors from the catalogue, districts from the zones', () => {
    expect(subjectName('parking:P', ctx)).toBe('P');
    expect(subjectName('zone:170', ctx)).toBe('Rådhuskvarteret');
    expect(subjectName('traffic:unknown', ctx)).toBe('traffic:unknown');
    // the kind is the sensor's type from the catalogue, whatever its id looks like
    expect(subjectKind('zone:170', ctx.catalogue)).toBe('zone');
    expect(subjectKind('parking:P', ctx.catalogue)).toBe('car-park');
    expect(subjectKind('segment-2', ctx.catalogue)).toBe('traffic');
    expect(subjectKind('air:1', ctx.catalogue)).toBeNull();
  });

  it('offers the kinds of the feed (by their plural labels), then areas; a whole-type zone is named by its type', () => {
    expect(kindChoices({ catalogue: new Map([trafficSensor('1'), parkingSensor('P'), airSensor('1')].map((s) => [s.id, s])), registry: SHIPPED_REGISTRY })).toEqual([
      { kind: 'citypulse-air-index', label: 'Air quality points (CityPulse simulated)' },
      { kind: 'car-park', label: 'Car parks' },
      { kind: 'traffic', label: 'Traffic segments' },
      { kind: 'zone', label: 'Areas' },
    ]);
    // a type the registry does not know is offered by its id
    expect(kindChoices({ catalogue: new Map([['x:1', { ...trafficSensor('1'), id: 'x:1', kind: 'hydrant' }]]), registry: SHIPPED_REGISTRY }).map((k) => k.label)).toEqual(['hydrant', 'Areas']);
    const rule = { id: 'centre', name: 'Centre', kind: 'car-park', rule: { kind: 'car-park', scope: { type: 'kind' } } } as unknown as RuleSummary;
    expect(subjectName('zone:centre', { ...ctx, rules: new Map([['centre', rule]]) })).toBe('All car parks');
  });
});

describe('alarm counts and the sound trigger', () => {
  const list = [
    alarm({ id: '1', severity: 'critical' }),
    alarm({ id: '2', severity: 'critical', state: 'acknowledged', acknowledged: { by: 'x', at: T0 } }),
    alarm({ id: '3', severity: 'critical', state: 'resolved', acknowledged: { by: 'x', at: T0 } }),
    alarm({ id: '4', severity: 'critical', state: 'cleared', ruleId: 'r2' }),
    alarm({ id: '5', severity: 'info' }),
  ];

  it('counts open alarms per severity and the unacknowledged ones', () => {
    const c = countBySeverity(list);
    expect(c.critical).toEqual({ open: 3, unacknowledged: 2 });
    expect(c.warning).toEqual({ open: 0, unacknowledged: 0 });
    expect(c.info).toEqual({ open: 1, unacknowledged: 1 });
  });

  it('rings for critical alarms nobody acknowledged, unless shelved', () => {
    expect(unacknowledgedCritical(list, new Map()).map((a) => a.id)).toEqual(['1', '4']);
    const shelf: Shelf = { key: 'r2|parking:P', by: 'x', at: T0, until: T0 + 3600_000, reason: 'works' };
    expect(unacknowledgedCritical(list, new Map([[shelf.key, shelf]])).map((a) => a.id)).toEqual(['1']);
  });

  it('offers the actions the engine allows', () => {
    expect(alarmActions({ state: 'active' }, false)).toEqual({ ack: true, shelve: true, unshelve: false, resolve: false });
    expect(alarmActions({ state: 'acknowledged' }, false)).toEqual({ ack: false, shelve: true, unshelve: false, resolve: false });
    expect(alarmActions({ state: 'cleared' }, true)).toEqual({ ack: true, shelve: false, unshelve: true, resolve: true });
    expect(alarmActions({ state: 'resolved' }, false)).toEqual({ ack: false, shelve: false, unshelve: false, resolve: false });
  });
});

describe('alarm merging', () => {
  it('never lets an older copy replace a newer one; returns the same map when nothing changed', () => {
    const cur = new Map([['a', alarm({ id: 'a', state: 'acknowledged', updatedAt: T0 + 10, acknowledged: { by: 'x', at: T0 + 10 } })]]);
    expect(mergeAlarms(cur, [alarm({ id: 'a', updatedAt: T0 })])).toBe(cur);
    expect(mergeAlarms(cur, [cur.get('a')!])).toBe(cur);
    const next = mergeAlarms(cur, [alarm({ id: 'a', state: 'resolved', updatedAt: T0 + 20 }), alarm({ id: 'b' })]);
    expect(next.get('a')?.state).toBe('resolved');
    expect(next.size).toBe(2);
  });

  it('a fetched list replaces the store, keeping copies an event made newer', () => {
    const cur = new Map([
      ['a', alarm({ id: 'a', updatedAt: T0 + 50, state: 'acknowledged' })],
      ['gone', alarm({ id: 'gone' })],
    ]);
    const next = replaceAlarmList(cur, [alarm({ id: 'a', updatedAt: T0 }), alarm({ id: 'b' })]);
    expect([...next.keys()]).toEqual(['a', 'b']);
    expect(next.get('a')?.state).toBe('acknowledged');
  });

  it('the store keeps shelves by key and the latest announcements', () => {
    const store = createAppStore();
    store.getState().setShelves([{ key: 'r|s', by: 'x', at: T0, until: T0 + 1, reason: 'why' }]);
    expect(store.getState().shelves.get('r|s')?.reason).toBe('why');
    store.getState().announce([{ alarmId: 'a', severity: 'critical', message: 'm' }]);
    store.getState().announce([{ alarmId: 'b', severity: 'info', message: 'n' }]);
    const [first, second] = store.getState().announcements;
    expect(first?.alarmId).toBe('a');
    expect(second!.seq).toBeGreaterThan(first!.seq);
  });
});
