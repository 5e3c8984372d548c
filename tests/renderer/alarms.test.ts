import { describe, expect, it } from 'vitest';
import type { Alarm, RuleSummary, Shelf } from '../../electron/engine/api';
import {
  ageText,
  alarmActions,
  alarmSubjectText,
  groupSensorIds,
  groupSummary,
  mergeAlarms,
  rangeText,
  refusalLines,
  subjectName,
  unacknowledgedCritical,
  whatToDo,
  type AlarmContext,
} from '../../renderer/alarms/alarmList';
import { createAppStore } from '../../renderer/store';
import { patchPage, replaceAlarmList, unacknowledgedTotal } from '../../renderer/store/alarmsSlice';
import { parkingSensor, SHIPPED_REGISTRY, T0, trafficSensor } from './fixtures';

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

describe('alarm words', () => {
  it('names subjects: sensors from the catalogue, districts from the zones, sources, whole-type zones', () => {
    expect(subjectName('parking:P', ctx)).toBe('P');
    expect(subjectName('zone:170', ctx)).toBe('Rådhuskvarteret');
    expect(subjectName('traffic:unknown', ctx)).toBe('traffic:unknown');
    expect(subjectName('source:citypulse-traffic', ctx)).toBe('Source “citypulse-traffic”');
    const rule = { id: 'centre', name: 'Centre', kind: 'car-park', rule: { kind: 'car-park', scope: { type: 'kind' } } } as unknown as RuleSummary;
    expect(subjectName('zone:centre', { ...ctx, rules: new Map([['centre', rule]]) })).toBe('All car parks');
  });

  it('says what to do from the rule’s rationale, and nothing when the rule has none', () => {
    const withRationale = {
      id: 'car-park-full',
      name: 'Car park full',
      kind: 'car-park',
      rule: { rationale: { cause: 'c', consequence: 'q', action: 'Send drivers to the park-and-ride', respondWithinMinutes: 30 } },
    } as unknown as RuleSummary;
    expect(whatToDo({ ruleId: 'car-park-full' }, new Map([['car-park-full', withRationale]]))).toBe('Send drivers to the park-and-ride');
    expect(whatToDo({ ruleId: 'car-park-full' }, ctx.rules)).toBeNull();
    expect(whatToDo({ ruleId: 'unknown' }, ctx.rules)).toBeNull();
  });

  it('describes a group by its name, its distinct sensors and its first-out', () => {
    const group = {
      kind: 'rule' as const,
      name: 'Ring 2',
      firstOut: 'segment-2',
      members: [
        { subject: 'segment-2', raisedAt: T0, clearedAt: T0 + 60_000, message: 'slow' },
        { subject: 'traffic:1', raisedAt: T0 + 1, clearedAt: null, message: 'slow' },
        { subject: 'segment-2', raisedAt: T0 + 2, clearedAt: null, message: 'slow again' },
      ],
    };
    const a = alarm({ id: 'g', subject: 'zone:ring-2', group });
    expect(alarmSubjectText(a, ctx)).toBe('Ring 2');
    expect(alarmSubjectText(alarm({ id: 'x' }), ctx)).toBe('P');
    expect(groupSensorIds(group)).toEqual(['segment-2', 'traffic:1']);
    expect(groupSummary(group, ctx)).toBe(`2 sensors · first: ${ctx.catalogue.get('segment-2')!.name}`);
  });

  it('says ages on the feed clock, page ranges with separators, refusals with the alarm’s words', () => {
    expect(ageText(T0, T0 + 5 * 60_000)).toBe('5 min');
    expect(ageText(T0, null)).toBe('—');
    expect(ageText(T0 + 10, T0)).toBe('0 s');
    expect(rangeText(0, 200, 10_739)).toBe('1–200 of 10,739');
    expect(rangeText(10_600, 139, 10_739)).toBe('10,601–10,739 of 10,739');
    expect(rangeText(0, 0, 0)).toBe('0 of 0');
    const a = alarm({ id: 'car-park-full|parking:P|1' });
    const lines = refusalLines(
      [
        { id: a.id, reason: `alarm ${a.id} is already acknowledged (by Ana)` },
        { id: 'gone', reason: 'no alarm gone' },
      ],
      new Map([[a.id, a]]),
      ctx,
    );
    expect(lines).toEqual(['P (Car park full): already acknowledged (by Ana)', 'gone: no alarm gone']);
  });
});

describe('the alarm list in the store', () => {
  it('patches the page with newer copies from events, never with older ones, and adds none', () => {
    const page = { query: { view: 'open' as const, offset: 0, search: '' }, alarms: [alarm({ id: 'a', updatedAt: T0 + 5 }), alarm({ id: 'b' })], total: 2 };
    expect(patchPage(page, [alarm({ id: 'a', updatedAt: T0, state: 'cleared' })])).toBe(page);
    expect(patchPage(page, [alarm({ id: 'z' })])).toBe(page);
    const next = patchPage(page, [alarm({ id: 'b', updatedAt: T0 + 9, state: 'acknowledged' }), alarm({ id: 'z' })]);
    expect(next.alarms.map((x) => [x.id, x.state])).toEqual([
      ['a', 'active'],
      ['b', 'acknowledged'],
    ]);
    expect(next.total).toBe(2);
  });

  it('a new view or search starts at the first page; acknowledging through upsertAlarms shows on the page at once', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setAlarmQuery({ offset: 400 });
    expect(s().alarmQuery).toEqual({ view: 'open', offset: 400, search: '' });
    s().setAlarmQuery({ search: 'ring' });
    expect(s().alarmQuery).toEqual({ view: 'open', offset: 0, search: 'ring' });
    s().setAlarmQuery({ offset: 200 });
    s().setAlarmQuery({ view: 'shelved' });
    expect(s().alarmQuery.offset).toBe(0);
    const before = s().alarmQuery;
    s().setAlarmQuery({ view: 'shelved' });
    expect(s().alarmQuery).toBe(before);

    s().setAlarmPage({ query: s().alarmQuery, alarms: [alarm({ id: 'a' })], total: 1 });
    s().upsertAlarms([alarm({ id: 'a', state: 'acknowledged', updatedAt: T0 + 1, acknowledged: { by: 'Ana', at: T0 + 1 } })]);
    expect(s().alarmPage!.alarms[0]!.state).toBe('acknowledged');
  });

  it('holds the highlighted sensors (a group’s members) and the ticks', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setHighlightedSensors(['traffic:1', 'segment-2']);
    const set = s().highlightedSensorIds;
    expect([...set]).toEqual(['traffic:1', 'segment-2']);
    s().setHighlightedSensors(['segment-2', 'traffic:1']);
    expect(s().highlightedSensorIds).toBe(set);
    s().setCheckedAlarms(['a', 'b']);
    expect(s().checkedAlarmIds.has('b')).toBe(true);
    expect(unacknowledgedTotal({ unresolved: 9, shelved: 1, unacknowledged: { urgent: 1, high: 2, medium: 3, low: 0 }, lastTenMinutes: 0, flood: false })).toBe(6);
  });
});

describe('the sound trigger and the actions', () => {
  const list = [
    alarm({ id: '1', severity: 'critical' }),
    alarm({ id: '2', severity: 'critical', state: 'acknowledged', acknowledged: { by: 'x', at: T0 } }),
    alarm({ id: '3', severity: 'critical', state: 'resolved', acknowledged: { by: 'x', at: T0 } }),
    alarm({ id: '4', severity: 'critical', state: 'cleared', ruleId: 'r2' }),
    alarm({ id: '5', severity: 'info' }),
  ];

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
