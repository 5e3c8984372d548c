/** The alarm KPIs of the starter rules over the real Aarhus week (its recorded data, backtested), against alarm-load. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData, type DemoData } from '../../../electron/demo-feed/data';
import { alarmLoad } from '../../../electron/engine/rules/alarm-load';
import { AlarmBook } from '../../../electron/engine/rules/alarms';
import { backtest } from '../../../electron/engine/rules/backtest';
import type { AlertEvent } from '../../../electron/engine/rules/evaluator';
import { loadDistricts, type Zone } from '../../../electron/engine/rules/geo';
import { alarmKpis } from '../../../electron/engine/rules/kpis';
import { starterRules } from '../../../electron/engine/rules/starter-rules';
import { typeOfV1Kind } from '../../../electron/shared/protocol';
import { ASSETS } from './fixtures';

describe('alarm KPIs of the starter rules over the real Aarhus week', () => {
  let data: DemoData;
  let zones: Zone[];
  let events: AlertEvent[];
  beforeAll(() => {
    const d = loadDemoData(ASSETS);
    data = { ...d, sensors: d.sensors.map((s) => ({ ...s, kind: typeOfV1Kind(s.kind) })) };
    zones = loadDistricts(ASSETS);
    events = backtest(starterRules({ zones }), data.readings, data.sensors, zones, { stepMs: 60_000 });
  }, 240_000);

  it('agree with the alarm load of the same events, and name the bad actors, chattering and standing alarms', () => {
    const book = new AlarmBook(starterRules({ zones }));
    book.apply(events);
    const from = data.start;
    const to = data.end;
    const k = alarmKpis({ from, to, alarms: book.all().map((alarm) => ({ alarm, presented: true })), shelfActions: [], names: { rule: (id) => `rule ${id}`, subject: (s) => s } });
    const load = alarmLoad(events.map((e) => ({ type: e.type, key: `${e.ruleId}|${e.subject}`, at: e.at })), from, to);

    expect(k.total).toBe(events.filter((e) => e.type === 'raise').length);
    expect(k.total).toBe(load.alarms);
    expect(k.averagePerTenMinutes).toBeCloseTo(load.averagePerTenMinutes, 10);
    expect(k.peakPerTenMinutes).toBe(load.peakPerTenMinutes);
    expect(k.floodShare * k.perTenMinutes.length).toBeCloseTo(load.floods, 6);
    expect(k.chattering.length).toBe(load.chattering);
    // The real week floods (a traffic outage raises an alarm per sensor): the KPIs must show it.
    expect(k.peakPerTenMinutes).toBeGreaterThan(10);
    expect(k.floodShare).toBeGreaterThan(0);
    expect(k.peakAt).not.toBeNull();
    expect(k.perTenMinutes.find((b) => b.at === k.peakAt)!.count).toBe(k.peakPerTenMinutes);
    // Bad actors: sorted, at most 10, shares of the total.
    expect(k.badActors.length).toBe(10);
    for (let i = 1; i < k.badActors.length; i++) expect(k.badActors[i]!.count).toBeLessThanOrEqual(k.badActors[i - 1]!.count);
    expect(k.badActors[0]!.share).toBeCloseTo(k.badActors[0]!.count / k.total, 10);
    for (const c of k.chattering) expect(c.suggestion).toMatch(/^\d+ raises in \d+ min: add an off-delay of \d+ min or a deadband, or shelve while the sensor is repaired$/);
    // Standing: still active at the end of the week, raised more than 24 h before it.
    const stillActive = book.all().filter((a) => a.clearedAt === null && a.raisedAt <= to - 24 * 3_600_000);
    expect(k.standing.map((s) => s.alarmId).sort()).toEqual(stillActive.map((a) => a.id).sort());
    expect(k.perRule.reduce((n, r) => n + r.standing, 0)).toBe(k.standing.length);
    // Per rule: every raise is counted under its rule.
    expect(k.perRule.reduce((n, r) => n + r.count, 0)).toBe(k.total);
    expect(k.perRule.map((r) => r.ruleId)).toContain('traffic-sensor-silent');
    // Nobody acknowledged in a backtest.
    expect(k.ackTimes).toEqual({ p50: null, p90: null, count: 0 });
    expect(k.perOperator).toEqual([]);
  });
});
