/**
 * Grouping rules (Rule.group): the evaluator's per-sensor alerts become one alarm per group, its members in raise
 * order, first-out first; the group clears when its last member clears; every member event is audited.
 */
import { describe, expect, it } from 'vitest';
import { AlarmBook, type Alarm, type AlarmUpdate } from '../../../electron/engine/rules/alarms';
import { backtest, BacktestRun, presentedAlarms } from '../../../electron/engine/rules/backtest';
import type { AlertEvent } from '../../../electron/engine/rules/evaluator';
import { makeZone } from '../../../electron/engine/rules/geo';
import { Alerting } from '../../../electron/engine/alerting';
import { openStore } from '../../../electron/engine/store/store';
import { GroupingStage, groupOf } from '../../../electron/engine/rules/grouping';
import { alarmLoad } from '../../../electron/engine/rules/alarm-load';
import { parseRule, type Rule } from '../../../electron/engine/rules/schema';
import type { Sensor } from '../../../electron/shared/model';
import { min, T0 } from './fixtures';

/** Six car parks: three in district 1 (two on road A, one on B), two in district 2 (road A, none), one outside both. */
const seg = (id: string, lng: number, lat: number, road: string | null): Sensor => ({ id, kind: 'car-park', name: `Park ${id}`, geometry: { type: 'Point', coordinates: [lng, lat] }, expectedIntervalS: 300, attributes: { capacity: 100, road } });
const SENSORS: Sensor[] = [seg('p1', 10.05, 56.05, 'A'), seg('p2', 10.06, 56.06, 'A'), seg('p3', 10.07, 56.07, 'B'), seg('p4', 10.25, 56.05, 'A'), seg('p5', 10.26, 56.06, null), seg('p9', 11, 57, 'C')];
const D1 = makeZone('1', 'Midtbyen', [[[[10, 56], [10.2, 56], [10.2, 56.2], [10, 56.2], [10, 56]]]]);
const D2 = makeZone('2', 'Trøjborg', [[[[10.2, 56], [10.4, 56], [10.4, 56.2], [10.2, 56.2], [10.2, 56]]]]);
const ZONES = [D1, D2];
const AREAS = [{ name: 'North', polygon: [[10, 56.055], [10.4, 56.055], [10.4, 56.2], [10, 56.2]] as [number, number][] }];

function fullRule(group: Rule['group'] | undefined, over: Record<string, unknown> = {}): Rule {
  return parseRule(
    { schema: 1, id: 'full', name: 'Car park full', enabled: true, severity: 'warning', kind: 'car-park', scope: { type: 'kind' }, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 }, ...(group ? { group } : {}), ...over },
    { zones: ZONES },
  );
}

const raise = (m: number, s: string): AlertEvent => ({ type: 'raise', ruleId: 'full', subject: s, severity: 'warning', at: min(m), value: 97, message: `Occupancy 97% > 95% at Park ${s}` });
const clear = (m: number, s: string): AlertEvent => ({ type: 'clear', ruleId: 'full', subject: s, severity: 'warning', at: min(m), message: `Cleared: Occupancy 80% at Park ${s}`, reason: 'condition' });

describe('which group a sensor joins', () => {
  it.each<[string, Rule['group'], Record<string, string | null>]>([
    ['by district; outside every district alone', { by: 'district' }, { p1: 'group:district:1', p3: 'group:district:1', p4: 'group:district:2', p9: null }],
    ['by attribute; no value alone', { by: 'attribute', attribute: 'road' }, { p1: 'group:attribute:A', p3: 'group:attribute:B', p4: 'group:attribute:A', p5: null, p9: 'group:attribute:C' }],
    ['by drawn area; outside every area alone', { by: 'areas', areas: AREAS }, { p1: null, p2: 'group:area:North', p4: null, p5: 'group:area:North', p9: null }],
    ['by scope: all together', { by: 'scope' }, { p1: 'group:scope', p5: 'group:scope', p9: 'group:scope' }],
  ])('%s', (_name, group, expected) => {
    const r = fullRule(group);
    for (const [id, subject] of Object.entries(expected)) expect(groupOf(r, SENSORS.find((s) => s.id === id)!, ZONES)?.subject ?? null, id).toBe(subject);
  });

  it('a rule without grouping passes its events on unchanged', () => {
    const stage = new GroupingStage([fullRule(undefined)], SENSORS, ZONES, { outages: false });
    expect(stage.route(raise(0, 'p1'))).toEqual(raise(0, 'p1'));
  });
});

/** The book after routing steps through the stage: `r@m p1` raise, `c@m p1` clear. */
function play(group: Rule['group'], steps: string[]) {
  const r = fullRule(group);
  const stage = new GroupingStage([r], SENSORS, ZONES, { outages: false });
  const book = new AlarmBook([r]);
  const updates: AlarmUpdate[] = [];
  for (const s of steps) {
    const [, type, m, subject] = /^([rc])@(\d+) (\w+)$/.exec(s)!;
    const e = type === 'r' ? raise(Number(m), subject!) : clear(Number(m), subject!);
    updates.push(book.apply([stage.route(e)]));
  }
  const audit = updates.flatMap((u) => u.audit.map((a) => `${a.action} ${a.alarmId.split('|')[1]}${a.action.startsWith('member') ? ` ${a.detail.match(/\((\w+)\)/)?.[1] ?? ''}` : ''}`));
  const announced = updates.flatMap((u) => u.announce.map((e) => `${e.subject}`));
  return { book, audit, announced };
}

describe('group alarms', () => {
  it('one alarm per district: first-out, members in raise order, message with count and first', () => {
    const { book, audit, announced } = play({ by: 'district' }, ['r@12 p2', 'r@13 p1', 'r@14 p4', 'r@15 p3', 'r@16 p9']);
    const open = book.open();
    expect(open.map((a) => a.subject)).toEqual(['group:district:1', 'group:district:2', 'p9']);
    const g = open[0]!;
    expect(g.group).toMatchObject({ kind: 'rule', name: 'Midtbyen', firstOut: 'p2' });
    expect(g.group!.members.map((m) => [m.subject, (m.raisedAt - T0) / 60_000])).toEqual([['p2', 12], ['p1', 13], ['p3', 15]]);
    expect(g.message).toBe('Car park full: 3 sensors in Midtbyen (first: Park p2)');
    expect(g.raisedAt).toBe(min(12));
    // Presented: one raise per group and the lone sensor; every member event in the audit.
    expect(announced).toEqual(['group:district:1', 'group:district:2', 'p9']);
    expect(audit).toEqual([
      'raise group:district:1', 'member-raise group:district:1 p2',
      'member-raise group:district:1 p1',
      'raise group:district:2', 'member-raise group:district:2 p4',
      'member-raise group:district:1 p3',
      'raise p9',
    ]);
  });

  it('members clear one by one; the group clears with its last member; a later raise opens a new group alarm', () => {
    const { book, audit } = play({ by: 'attribute', attribute: 'road' }, ['r@0 p1', 'r@1 p2', 'c@5 p1', 'r@6 p1', 'c@7 p2', 'c@8 p1', 'r@20 p4']);
    const all = book.all();
    expect(all.map((a) => [a.subject, a.state])).toEqual([['group:attribute:A', 'cleared'], ['group:attribute:A', 'active']]);
    const first = all[0]!;
    // p1 raised again after clearing: listed again (nothing merged away).
    expect(first.group!.members.map((m) => [m.subject, (m.raisedAt - T0) / 60_000, m.clearedAt === null ? null : (m.clearedAt - T0) / 60_000])).toEqual([['p1', 0, 5], ['p2', 1, 7], ['p1', 6, 8]]);
    expect(first.clearedAt).toBe(min(8));
    expect(first.lastMessage).toContain('Cleared');
    expect(audit.filter((a) => a.startsWith('member')).length).toBe(7); // 4 raises, 3 clears
    expect(audit).toContain('clear group:attribute:A');
    expect(all[1]!.group!.firstOut).toBe('p4');
    expect(all[1]!.message).toBe('Car park full: 1 sensor in road A (first: Park p4)');
  });

  it('acknowledging a group acts on the group alarm; it resolves when its last member clears', () => {
    const { book } = play({ by: 'scope' }, ['r@0 p1', 'r@1 p5']);
    const g = book.open()[0]!;
    book.acknowledge(g.id, 'anna', min(2), 'on it');
    const u1 = book.apply([clear(3, 'p1')]);
    expect(book.alarm(g.id)!.state).toBe('acknowledged');
    expect(u1.announce).toEqual([]);
    book.apply([clear(4, 'p5')]);
    expect(book.alarm(g.id)).toMatchObject({ state: 'resolved', clearedAt: min(4) });
  });

  it('shelving a group covers its later members: no announcement, the audit still has every member', () => {
    const r = fullRule({ by: 'scope' });
    const stage = new GroupingStage([r], SENSORS, ZONES, { outages: false });
    const book = new AlarmBook([r]);
    book.apply([stage.route(raise(0, 'p1'))]);
    const g = book.open()[0]!;
    book.shelve(g.id, 'anna', min(1), min(60), 'road works');
    const u = book.apply([stage.route(clear(2, 'p1')), stage.route(raise(3, 'p2'))]);
    expect(u.announce).toEqual([]); // the group cleared, the new group alarm raises under the shelf
    expect(u.audit.map((a) => a.action)).toEqual(['member-clear', 'clear', 'raise', 'member-raise']);
    expect(u.audit[2]!.detail).toContain('shelved until');
  });

  it('escalation and priority act on the group alarm', () => {
    const r = fullRule({ by: 'scope' }, { escalation: { afterMinutes: 10, to: 'critical' }, rationale: { cause: 'Events', consequence: 'Queues', action: 'Divert', respondWithinMinutes: 5 } });
    const stage = new GroupingStage([r], SENSORS, ZONES, { outages: false });
    const book = new AlarmBook([r]);
    book.apply([stage.route(raise(0, 'p1')), stage.route(raise(1, 'p2'))]);
    const u = book.onClock(min(11));
    expect(u.announce.map((e) => e.subject)).toEqual(['group:scope']);
    expect(book.open()[0]).toMatchObject({ severity: 'critical', priority: 'urgent' });
  });

  it('a restart keeps the members: the restored book routes the members\u2019 clears to the group', () => {
    const { book } = play({ by: 'district' }, ['r@0 p1', 'r@1 p2']);
    const stored = JSON.parse(JSON.stringify(book.open())) as Alarm[];
    const again = new AlarmBook([fullRule({ by: 'district' })], stored);
    expect(again.open()[0]!.group!.members.map((m) => m.subject)).toEqual(['p1', 'p2']);
    again.apply([clear(5, 'p1')]);
    expect(again.open()[0]!.message).toBe('Car park full: 1 sensor in Midtbyen (first: Park p1)');
    const u = again.apply([clear(6, 'p2')]);
    expect(u.audit.map((a) => a.action)).toEqual(['member-clear', 'clear']);
    expect(again.open().map((a) => [a.state, a.message])).toEqual([['cleared', 'Car park full: 2 sensors in Midtbyen, all cleared (first: Park p1)']]);
  });
});

describe('backtests count a group once', () => {
  const full = { vehicleCount: 99, totalSpaces: 100 };
  const free = { vehicleCount: 10, totalSpaces: 100 };
  const readings = [0, 1, 2, 3].flatMap((m) => ['p1', 'p2', 'p3', 'p4'].map((id) => ({ sensorId: id, ts: min(m * 5), values: m < 2 ? full : free })));

  it('four sensors in two districts full together: 4 alerts, 2 alarms presented, load 2', () => {
    const r = fullRule({ by: 'district' });
    const run = new BacktestRun([r], SENSORS, ZONES, { stepMs: 60_000 });
    for (const x of readings) run.push(x);
    const events = run.finish();
    expect(events.filter((e) => e.type === 'raise').length).toBe(4);
    const presented = presentedAlarms([r], run.routed);
    expect(presented.map((p) => `${p.type} ${p.alarm.subject}`)).toEqual(['raise group:district:1', 'raise group:district:2', 'clear group:district:1', 'clear group:district:2']);
    expect(presented[0]!.alarm.group!.members.map((m) => m.subject)).toEqual(['p1', 'p2', 'p3']);
    const load = alarmLoad(presented.map((p) => ({ type: p.type, key: `${p.alarm.ruleId}|${p.alarm.subject}`, at: p.at })), min(0), min(60));
    expect(load.alarms).toBe(2);
    // Without grouping the same data presents four.
    const plain = fullRule(undefined);
    const run2 = new BacktestRun([plain], SENSORS, ZONES, { stepMs: 60_000 });
    for (const x of readings) run2.push(x);
    run2.finish();
    expect(presentedAlarms([plain], run2.routed).filter((p) => p.type === 'raise').length).toBe(4);
    // The evaluator's own events are what a backtest without grouping gives.
    expect(events).toEqual(backtest(plain, readings, SENSORS, ZONES, { stepMs: 60_000 }).map((e) => ({ ...e })));
  });

  it('the engine\u2019s backtest presents the groups: fired and load count each group once, members listed', async () => {
    const store = openStore(':memory:', { now: () => T0 });
    try {
      store.saveCatalogue(SENSORS);
      store.ingest('f', readings, null, null);
      store.flush();
      const alerting = new Alerting(store, ZONES, SENSORS, () => {}, () => {}, () => {}, () => T0);
      const json = { ...fullRule({ by: 'district' }), version: undefined };
      const result = await alerting.backtest(json, min(0), min(60), min(60), 'bt', () => {});
      expect(result.fired).toBe(2);
      expect(result.load.alarms).toBe(2);
      expect(result.events.filter((e) => e.type === 'raise').map((e) => [e.subject, e.subjectName, e.group?.firstOut, e.group?.members.map((m) => m.subjectName)])).toEqual([
        ['group:district:1', 'Midtbyen', 'p1', ['Park p1', 'Park p2', 'Park p3']],
        ['group:district:2', 'Trøjborg', 'p4', ['Park p4']],
      ]);
      const plain = await alerting.backtest({ ...json, group: undefined }, min(0), min(60), min(60), 'bt2', () => {});
      expect([plain.fired, plain.load.alarms]).toEqual([4, 4]);
    } finally {
      store.close();
    }
  });
});
