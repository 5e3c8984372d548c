/**
 * Alarms as of an instant (issue 10): the real Alerting (evaluator, grouping, alarm book) raises, escalates, clears
 * and groups alarms from readings while an operator acknowledges, shelves, unshelves and resolves; at every step the
 * live desk's open alarms, counts and shelves are noted. Replayed afterwards from the store alone, each instant gives
 * back what the desk showed then: acknowledged only after the acknowledgement, the raised severity before the
 * escalation, cleared only after the clear, resolved alarms gone after their resolution, group members only once raised.
 */
import { describe, expect, it } from 'vitest';
import type { Alarm, AlarmCounts, Shelf } from '../../../electron/engine/api';
import type { Alerting } from '../../../electron/engine/alerting';
import { replayFrame, type ReplaySources } from '../../../electron/engine/replay/frame';
import type { Reading } from '../../../electron/shared/model';
import { carParks, desk } from './desk';

const T0 = Date.UTC(2014, 7, 1, 8, 0);
const STEP = 5 * 60_000;
const at = (step: number) => T0 + step * STEP;
const parks = carParks(['Car park P1', 'Car park P2', 'Car park P3', 'Car park P4']);
/** Steps at which each car park is full (over 95 of 100 spaces). */
const FULL: Record<string, [number, number][]> = {
  'parking:P1': [[2, 9], [14, 17]],
  'parking:P2': [[3, 12]],
  'parking:P3': [[5, 8]],
  'parking:P4': [[6, 15]],
};
const STEPS = 24;
const sup = { role: 'supervisor' as const, user: 'Sam' };
const ana = { role: 'operator' as const, user: 'Ana' };
const rationale = { cause: 'The car park is full.', consequence: 'Drivers circle looking for a space.', action: 'Set the signs to full.', respondWithinMinutes: 30 };

interface Noted {
  alarms: Alarm[];
  counts: AlarmCounts;
  shelves: Shelf[];
}

/** Plays the scenario through the real Alerting; returns the store and what the desk showed after each step. */
function play(): { src: ReplaySources; alerting: Alerting; noted: Noted[]; ids: { p1First: string; p1Second: string; group: string } } {
  let now = T0;
  const { store, alerting, sources } = desk(parks, () => now);
  for (const id of ['car-park-full', 'car-park-silent']) alerting.setEnabled(sup, id, false);
  const full = { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 };
  alerting.publish(sup, { schema: 1, id: 'p1-full', name: 'P1 full', enabled: true, severity: 'warning', kind: 'car-park', scope: { type: 'sensors', ids: ['parking:P1'] }, condition: full, escalation: { afterMinutes: 10, to: 'critical' }, rationale });
  alerting.publish(sup, { schema: 1, id: 'row-full', name: 'Row full', enabled: true, severity: 'warning', kind: 'car-park', scope: { type: 'sensors', ids: ['parking:P2', 'parking:P3', 'parking:P4'] }, condition: full, group: { by: 'scope' }, rationale });
  const noted: Noted[] = [];
  const ids = { p1First: `p1-full|parking:P1|${at(2)}`, p1Second: `p1-full|parking:P1|${at(14)}`, group: `row-full|group:scope|${at(3)}` };
  for (let step = 0; step < STEPS; step++) {
    now = at(step);
    const readings: Reading[] = parks.map((p) => ({ sensorId: p.id, ts: now, values: { vehicleCount: FULL[p.id]!.some(([a, b]) => step >= a && step <= b) ? 98 : 50, totalSpaces: 100 } }));
    store.ingest('f', readings, step, now);
    alerting.onReadings(readings, now);
    alerting.onClock(now);
    if (step === 6) alerting.acknowledge(ana, ids.p1First, now, 'on it');
    if (step === 7) alerting.shelve(ana, ids.group, now, 30, 'counter being repaired');
    if (step === 15) alerting.shelve(ana, ids.p1Second, now, 60, 'event at the arena');
    if (step === 17) alerting.unshelve(ana, ids.p1Second, now);
    if (step === 20) alerting.resolve(ana, ids.p1Second, now, 'event over');
    noted.push(structuredClone({ alarms: alerting.alarms(false, 5000), counts: alerting.counts(), shelves: alerting.shelves() }));
  }
  store.flush();
  return { src: sources(), alerting, noted, ids };
}

/** An alarm as compared: a group's last message is the latest member event's, and a member's clear message is only audited. */
function comparable(a: Alarm): Alarm {
  const c = structuredClone(a);
  if (c.group) c.lastMessage = '';
  return c;
}
const byId = (list: readonly Alarm[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1)).map(comparable);

describe('alarms as of an instant, from the stored records', () => {
  const { src, alerting, noted, ids } = play();

  it('every step of the scenario replays as the desk showed it then: open alarms, counts, shelves', () => {
    for (let step = 0; step < STEPS; step++) {
      const frame = replayFrame(src, at(step));
      expect(byId(frame.alarms), `step ${step}`).toEqual(byId(noted[step]!.alarms));
      expect(frame.counts, `step ${step}`).toEqual(noted[step]!.counts);
      expect(frame.shelves, `step ${step}`).toEqual(noted[step]!.shelves);
      // Between two steps nothing happened: the instant before the next step is this step again.
      if (step + 1 < STEPS) expect(byId(replayFrame(src, at(step + 1) - 1).alarms), `before step ${step + 1}`).toEqual(byId(noted[step]!.alarms));
    }
    // The scenario did what it says (so the comparison above covers each transition).
    const final = alerting.alarms(true, 100);
    const first = final.find((a) => a.id === ids.p1First)!;
    expect(first).toMatchObject({ state: 'resolved', severity: 'critical', raisedSeverity: 'warning', acknowledged: { by: 'Ana', at: at(6), comment: 'on it' }, clearedAt: at(10) });
    expect(first.escalatedAt).toBe(at(4));
    expect(final.find((a) => a.id === ids.p1Second)).toMatchObject({ state: 'resolved', clearedAt: at(18), resolved: { by: 'Ana', at: at(20) } });
    expect(final.find((a) => a.id === ids.group)).toMatchObject({ state: 'cleared', clearedAt: at(16) });
  });

  it('escalation: the raised severity and its priority before escalatedAt, the escalated ones from it', () => {
    const before = replayFrame(src, at(4) - 1).alarms.find((a) => a.id === ids.p1First)!;
    expect(before).toMatchObject({ severity: 'warning', priority: 'medium', escalatedAt: null });
    const after = replayFrame(src, at(4)).alarms.find((a) => a.id === ids.p1First)!;
    expect(after).toMatchObject({ severity: 'critical', priority: 'high', escalatedAt: at(4) });
  });

  it('acknowledgement: active and unacknowledged before it, acknowledged (by whom, the comment) from it', () => {
    const before = replayFrame(src, at(6) - 1);
    expect(before.alarms.find((a) => a.id === ids.p1First)).toMatchObject({ state: 'active', acknowledged: null });
    expect(before.counts.unacknowledged.high).toBe(1);
    const after = replayFrame(src, at(6));
    expect(after.alarms.find((a) => a.id === ids.p1First)).toMatchObject({ state: 'acknowledged', acknowledged: { by: 'Ana', at: at(6), comment: 'on it' } });
    expect(after.counts.unacknowledged.high).toBe(0);
  });

  it('clear and resolve: an acknowledged alarm leaves at its clear (resolved then); a cleared one stays until resolved', () => {
    expect(replayFrame(src, at(10) - 1).alarms.map((a) => a.id)).toContain(ids.p1First);
    expect(replayFrame(src, at(10)).alarms.map((a) => a.id)).not.toContain(ids.p1First);
    expect(replayFrame(src, at(18) - 1).alarms.find((a) => a.id === ids.p1Second)).toMatchObject({ state: 'active', clearedAt: null });
    expect(replayFrame(src, at(18)).alarms.find((a) => a.id === ids.p1Second)).toMatchObject({ state: 'cleared', clearedAt: at(18), resolved: null });
    expect(replayFrame(src, at(20) - 1).alarms.map((a) => a.id)).toContain(ids.p1Second);
    expect(replayFrame(src, at(20)).alarms.map((a) => a.id)).not.toContain(ids.p1Second);
    // Raised after the instant: not there yet.
    expect(replayFrame(src, at(14) - 1).alarms.map((a) => a.id)).not.toContain(ids.p1Second);
  });

  it('shelving: in force from the shelve to its expiry or the unshelve, and counted as shelved then only', () => {
    expect(replayFrame(src, at(7) - 1).shelves).toEqual([]);
    const shelved = replayFrame(src, at(7));
    expect(shelved.shelves).toEqual([{ key: 'row-full|group:scope', by: 'Ana', at: at(7), until: at(13), reason: 'counter being repaired' }]);
    expect(shelved.counts.shelved).toBe(1);
    expect(replayFrame(src, at(13)).shelves).toEqual([]);
    expect(replayFrame(src, at(16)).shelves.map((s) => s.key)).toEqual(['p1-full|parking:P1']);
    expect(replayFrame(src, at(17)).shelves).toEqual([]);
  });

  it('group members: only those raised by then, each cleared only after its clear; the message counts them then', () => {
    const members = (t: number) => replayFrame(src, t).alarms.find((a) => a.id === ids.group)?.group?.members.map((m) => [m.subject, m.clearedAt]);
    expect(members(at(3) - 1)).toBeUndefined();
    expect(members(at(3))).toEqual([['parking:P2', null]]);
    expect(members(at(6))).toEqual([['parking:P2', null], ['parking:P3', null], ['parking:P4', null]]);
    expect(members(at(9))).toEqual([['parking:P2', null], ['parking:P3', at(9)], ['parking:P4', null]]);
    expect(replayFrame(src, at(6)).alarms.find((a) => a.id === ids.group)!.message).toMatch(/^Row full: 3 sensors in /);
    expect(replayFrame(src, at(9)).alarms.find((a) => a.id === ids.group)!.message).toMatch(/^Row full: 2 sensors in /);
  });
});
