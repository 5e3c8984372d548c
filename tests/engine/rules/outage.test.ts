/**
 * Source outages: a source that goes silent raises ONE outage alarm; its sensors' not-reporting alerts are held in it
 * (recorded and audited, not presented); when it clears, the sensors still silent alarm on their own. Over the real
 * demo week the traffic data outages give one outage alarm each, not hundreds of "not reporting" alarms.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../electron/demo-feed/data';
import { Alerting } from '../../../electron/engine/alerting';
import type { AlarmsEvent } from '../../../electron/engine/alerting';
import { BacktestRun, presentedAlarms } from '../../../electron/engine/rules/backtest';
import { loadDistricts, type Zone } from '../../../electron/engine/rules/geo';
import { OUTAGE_RULE_ID, OutageTracker, sourceOf } from '../../../electron/engine/rules/outage';
import { starterRules } from '../../../electron/engine/rules/starter-rules';
import { openStore } from '../../../electron/engine/store/store';
import type { Reading, Sensor } from '../../../electron/shared/model';
import { typeOfV1Kind } from '../../../electron/shared/protocol';
import { ASSETS, min, T0 } from './fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const traffic = (i: number, attributes: Sensor['attributes'] = {}): Sensor => ({ id: `traffic:T${i}`, kind: 'traffic', name: `Segment ${i}`, geometry: { type: 'LineString', coordinates: [[10.1 + i / 1000, 56.1], [10.11 + i / 1000, 56.11]] }, expectedIntervalS: 300, attributes: { normalSpeedKmh: 50, roadType: 'STREET', ...attributes } });
const reading = (i: number, m: number): Reading => ({ sensorId: `traffic:T${i}`, ts: min(m), values: { avgSpeedKmh: 45, vehicleCount: 3 } });

describe('a sensor\u2019s source', () => {
  it.each<[string, Sensor, string, string]>([
    ['the hub\u2019s source id', traffic(1, { source: 'mqtt-north' }), 'mqtt-north', 'mqtt-north'],
    ['else its type in the feed', traffic(1), 'traffic', 'traffic sensors'],
  ])('%s', (_n, sensor, key, name) => {
    expect(sourceOf(sensor)).toEqual({ key, name });
  });
});

/** n sensors report every 5 minutes up to minute 0; `silent` of them stop; the clock ticks each minute to `until`. */
function silence(n: number, silent: number, until: number, backAt?: number): string[] {
  const sensors = Array.from({ length: n }, (_, i) => traffic(i));
  const t = new OutageTracker(sensors);
  const out: string[] = [];
  for (let m = -30; m <= until; m++) {
    if (m % 5 === 0) t.onReadings(sensors.flatMap((_, i) => (m <= 0 || i >= silent || (backAt !== undefined && m >= backAt) ? [reading(i, m)] : [])));
    for (const e of t.onClock(min(m))) out.push(`${e.type}@${m} ${e.subject} ${e.value}`);
  }
  return out;
}

describe('when a source counts as out', () => {
  it.each<[string, number, number, number | undefined, string[]]>([
    ['a quarter of 12 silent (3): outage once they are quiet for over 2 intervals', 12, 3, undefined, ['raise@11 source:traffic 3']],
    ['2 of 12 silent: under the threshold, no outage', 12, 2, undefined, []],
    ['2 of 4 silent: fewer than 3 sensors, no outage', 4, 2, undefined, []],
    ['all 2 of a source of 2: too small for an outage', 2, 2, undefined, []],
    ['12 of 12 back at 40: clears 20 min (4 intervals) after the last sensor reported again', 12, 12, 40, ['raise@11 source:traffic 12', 'clear@60 source:traffic 0']],
  ])('%s', (_n, n, silent, back, expected) => {
    expect(silence(n, silent, 90, back)).toEqual(expected);
  });

  it('hysteresis: with 100 sensors, 25 raise it; it holds while 5 or more stay silent', () => {
    const sensors = Array.from({ length: 100 }, (_, i) => traffic(i));
    const t = new OutageTracker(sensors);
    const events: string[] = [];
    for (let m = -10; m <= 120; m++) {
      // 30 stop at 0; 20 of them come back at 30, 6 more at 60 (4 still silent).
      if (m % 5 === 0) t.onReadings(sensors.flatMap((_, i) => (m <= 0 || i >= 30 || (m >= 30 && i < 20) || (m >= 60 && i < 26) ? [reading(i, m)] : [])));
      for (const e of t.onClock(min(m))) events.push(`${e.type}@${m} ${e.value}`);
    }
    expect(events).toEqual(['raise@11 30', 'clear@80 4']);
  });
});

describe('the tracker\u2019s clock', () => {
  it('a clock that started on the wall clock and then follows the feed (earlier) still finds the silence', () => {
    const sensors = Array.from({ length: 4 }, (_, i) => traffic(i));
    const t = new OutageTracker(sensors);
    expect(t.onClock(min(60 * 24 * 365))).toEqual([]); // the wall clock, a year later than the data
    const out: string[] = [];
    for (let m = 0; m <= 40; m++) {
      if (m % 5 === 0) t.onReadings(sensors.flatMap((_, i) => (m <= 10 || i === 3 ? [reading(i, m)] : [])));
      for (const e of t.onClock(min(m))) out.push(`${e.type}@${m} ${e.value}`);
    }
    expect(out).toEqual(['raise@21 3']);
  });
});

describe('not-reporting alerts during an outage (the engine\u2019s Alerting, in a store)', () => {
  // 12 traffic segments; the starter "traffic sensor silent" rule (noData 30 min) is installed with the type.
  const sensors = Array.from({ length: 12 }, (_, i) => traffic(i));
  let zones: Zone[];
  beforeAll(() => {
    zones = loadDistricts(ASSETS);
  });
  const open = () => {
    const store = openStore(':memory:', { now: () => T0 });
    cleanups.push(() => store.close());
    store.saveCatalogue(sensors);
    return store;
  };

  it('one outage alarm; members held, audited, not announced; after a restart the outage goes on; the sensor still silent alarms alone', () => {
    const store = open();
    let now = min(-30);
    const emitted: AlarmsEvent[] = [];
    const make = () => new Alerting(store, zones, sensors, (e) => emitted.push(e), () => {}, () => {}, () => now, () => now);
    let a = make();
    const step = (m: number, reporting: (i: number) => boolean) => {
      now = min(m);
      if (m % 5 === 0) a.onReadings(sensors.flatMap((_, i) => (reporting(i) ? [reading(i, m)] : [])));
      a.onClock(now);
    };
    // All report until 0, then 10 of 12 go silent (T0..T9).
    for (let m = -30; m <= 45; m++) step(m, (i) => m <= 0 || i >= 10);
    const announced = () => emitted.flatMap((e) => e.announce.map((x) => x.alarmId.split('|').slice(0, 2).join('|')));
    expect(announced()).toEqual([`${OUTAGE_RULE_ID}|source:traffic`]);
    const outage = a.alarms().find((x) => x.ruleId === OUTAGE_RULE_ID)!;
    expect(outage).toMatchObject({ subject: 'source:traffic', raisedAt: min(11), severity: 'warning', group: { kind: 'outage', name: 'Traffic segment sensors', firstOut: 'traffic:T0' } });
    expect(outage.group!.members.map((m) => [m.subject, m.ruleId, (m.raisedAt - T0) / 60_000])).toEqual(sensors.slice(0, 10).map((s) => [s.id, 'traffic-sensor-silent', 30]));
    expect(outage.message).toBe('No data from Traffic segment sensors: 10 not-reporting alarms held in this outage (first: Segment 0)');
    expect(a.alarms().length).toBe(1); // nothing else presented
    const trail = store.auditLog(200).filter((e) => e.action.startsWith('alarm.'));
    expect(trail.filter((e) => e.action === 'alarm.member-raise').length).toBe(10);
    expect(trail.filter((e) => e.action === 'alarm.raise').length).toBe(1);

    // Restart in the middle of the outage: the members come back from the store (JSON), the outage holds.
    a = make();
    const restored = a.alarms().find((x) => x.ruleId === OUTAGE_RULE_ID)!;
    expect(restored.group!.members.length).toBe(10);
    for (let m = 46; m <= 60; m++) step(m, (i) => i >= 10);
    expect(a.alarms().length).toBe(1);
    // Nine come back at 65; T0 stays silent (really broken).
    emitted.length = 0;
    for (let m = 61; m <= 120; m++) step(m, (i) => m < 65 ? i >= 10 : i >= 1);
    const after = a.alarms(true);
    const out = after.find((x) => x.ruleId === OUTAGE_RULE_ID)!;
    expect(out.state).toBe('cleared');
    // 20 min after the clock first saw the nine again: the tick at 66 (the rules' clock ticks before the readings at
    // its time, live as in a backtest: the tick at 65 ran before the readings at 65).
    expect(out.clearedAt).toBe(min(86));
    expect(out.group!.members.filter((m) => m.clearedAt === null).map((m) => m.subject)).toEqual(['traffic:T0']);
    const alone = after.filter((x) => x.ruleId === 'traffic-sensor-silent');
    expect(alone.map((x) => [x.subject, x.state, (x.raisedAt - T0) / 60_000, (x.announcedAt! - T0) / 60_000])).toEqual([['traffic:T0', 'active', 30, 86]]);
    expect(announced()).toEqual(['traffic-sensor-silent|traffic:T0']);
    const trail2 = store.auditLog(500).filter((e) => e.action.startsWith('alarm.'));
    expect(trail2.filter((e) => e.action === 'alarm.member-clear').length).toBe(9);
  });
});

describe('the real demo week', () => {
  it('the traffic data outages raise one outage alarm each, not hundreds of not-reporting alarms', () => {
    const d = loadDemoData(ASSETS);
    const sensors = d.sensors.map((s) => ({ ...s, kind: typeOfV1Kind(s.kind) })).filter((s) => s.kind === 'traffic');
    const ids = new Set(sensors.map((s) => s.id));
    const zones = loadDistricts(ASSETS);
    const silentRule = starterRules({ zones }).find((r) => r.id === 'traffic-sensor-silent')!;
    const run = new BacktestRun([silentRule], sensors, zones, { stepMs: 60_000 });
    for (const r of d.readings) if (ids.has(r.sensorId)) run.push(r);
    const alerts = run.finish().filter((e) => e.type === 'raise');
    const presented = presentedAlarms([silentRule], run.routed).filter((p) => p.type === 'raise');
    const outages = presented.filter((p) => p.builtIn);
    const alone = presented.filter((p) => !p.builtIn);
    // Today: one alarm per silent sensor (hundreds on each outage evening).
    expect(alerts.length).toBeGreaterThan(1500);
    // The first evening's outage (Friday 1 August from 20:00 Aarhus time, 18:00 UTC, to midnight): one outage alarm.
    const friday = outages.filter((p) => p.at >= Date.UTC(2014, 7, 1, 17) && p.at < Date.UTC(2014, 7, 2, 0));
    expect(friday.length).toBe(1);
    expect(friday[0]!.alarm.group!.members.length).toBeGreaterThan(250);
    // The whole week: a handful of outage alarms (one per outage, the evenings and two early mornings) and a few dozen
    // sensors silent on their own, where there were thousands.
    expect(outages.length).toBeGreaterThanOrEqual(5);
    expect(outages.length).toBeLessThanOrEqual(10);
    expect(alone.length).toBeLessThan(60);
    // No event lost: every not-reporting raise is an alarm of its own or a member of an outage.
    // (the starter rule groups its sensors' alarms for the whole scope: a group alarm counts its members)
    const members = outages.reduce((n, p) => n + p.alarm.group!.members.length, 0);
    const released = alone.filter((p) => !p.alarm.group && p.detail.includes('held in')).length + alone.reduce((n, p) => n + (p.alarm.group?.members.filter((m) => m.message.includes('held in')).length ?? 0), 0);
    const own = alone.reduce((n, p) => n + (p.alarm.group ? p.alarm.group.members.length : 1), 0);
    expect(members + own - released).toBe(alerts.length);
  }, 120_000);
});
