/**
 * The timeline's data (issue 10): alarms raised in a span or open during it (named, capped, most severe first),
 * recorded gaps, the operators' actions in words (acknowledge, shelve, unshelve, resolve, mute, notes; automatic
 * transitions are marks, not ticks), and the reading density per bucket, from raw readings or rollup counts.
 */
import { describe, expect, it } from 'vitest';
import type { ReplaySources } from '../../../electron/engine/replay/frame';
import { timeline } from '../../../electron/engine/replay/timeline';
import type { Reading } from '../../../electron/shared/model';
import { carParks, desk } from './desk';

const T0 = Date.UTC(2026, 2, 2, 0, 0);
const STEP = 5 * 60_000;
const at = (step: number) => T0 + step * STEP;
const STEPS = 36;
const parks = carParks(['Bruuns Galleri', 'Salling']);
const rationale = { cause: 'Full.', consequence: 'Drivers circle.', action: 'Signs to full.', respondWithinMinutes: 30 };
/** P1 full at steps 2-9 and 20-25 (critical rule), P2 full at steps 4-6 (warning rule). */
const full = (id: string, step: number) => (id === 'parking:P1' ? (step >= 2 && step <= 9) || (step >= 20 && step <= 25) : step >= 4 && step <= 6);

function build(): { src: ReplaySources; readings: Reading[] } {
  let now = T0;
  const { store, alerting, sources } = desk(parks, () => now);
  const sup = { role: 'supervisor' as const, user: 'Sam' };
  const ana = { role: 'operator' as const, user: 'Ana' };
  for (const id of ['car-park-full', 'car-park-silent']) alerting.setEnabled(sup, id, false);
  const cond = { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 };
  alerting.publish(sup, { schema: 1, id: 'p1-full', name: 'Car park full', enabled: true, severity: 'critical', kind: 'car-park', scope: { type: 'sensors', ids: ['parking:P1'] }, condition: cond, rationale });
  alerting.publish(sup, { schema: 1, id: 'p2-full', name: 'Salling nearly full', enabled: true, severity: 'warning', kind: 'car-park', scope: { type: 'sensors', ids: ['parking:P2'] }, condition: cond, rationale });
  const readings: Reading[] = [];
  for (let step = 0; step < STEPS; step++) {
    now = at(step);
    // P2 is silent for an hour (steps 12 to 23): a hole in the density strip.
    const batch = parks.filter((p) => p.id !== 'parking:P2' || step < 12 || step >= 24).map((p) => ({ sensorId: p.id, ts: now, values: { vehicleCount: full(p.id, step) ? 98 : 40, totalSpaces: 100 } }));
    readings.push(...batch);
    store.ingest('f', batch, step, now);
    alerting.onReadings(batch, now);
    alerting.onClock(now);
    if (step === 3) alerting.acknowledge(ana, `p1-full|parking:P1|${at(2)}`, now, 'on it');
    if (step === 5) alerting.shelve(ana, `p2-full|parking:P2|${at(4)}`, now, 20, 'works on site');
    if (step === 6) store.enqueueAction({ id: 'n1', kind: 'note', sensorId: 'parking:P1', text: 'queue at the entrance', user: 'Ana', createdAt: now });
    if (step === 8) alerting.unshelve(ana, `p2-full|parking:P2|${at(4)}`, now);
    if (step === 9) alerting.resolve(ana, `p2-full|parking:P2|${at(4)}`, now, 'cleared up');
    if (step === 10) alerting.muteSound(ana, 'phone call', `p1-full|parking:P1|${at(20)}`);
  }
  store.addGap({ feedId: 'f', scope: 'parking:P2', from: at(12), to: at(24), reason: 'the feed could not resend it' });
  store.flush();
  return { src: sources(), readings };
}

describe('the timeline of a span', () => {
  const { src, readings } = build();

  it('lists the alarms raised in the span or open during it, named, most severe first; capped with the true total', () => {
    const all = timeline(src, { from: at(0), to: at(STEPS - 1) }, at(STEPS));
    expect(all.alarms.map((a) => [a.id, a.ruleName, a.subjectName, a.severity])).toEqual([
      [`p1-full|parking:P1|${at(2)}`, 'Car park full', 'Bruuns Galleri', 'critical'],
      [`p1-full|parking:P1|${at(20)}`, 'Car park full', 'Bruuns Galleri', 'critical'],
      [`p2-full|parking:P2|${at(4)}`, 'Salling nearly full', 'Salling', 'warning'],
    ]);
    expect(all.alarms[0]).toMatchObject({ raisedAt: at(2), acknowledgedAt: at(3), clearedAt: at(10), resolvedAt: at(10) });
    expect(all.alarms[2]).toMatchObject({ raisedAt: at(4), clearedAt: at(7), resolvedAt: at(9) });
    expect(all.alarmsTotal).toBe(3);
    // A span after the first alarms closed: only the one open during it.
    expect(timeline(src, { from: at(11), to: at(19) }, at(STEPS)).alarms.map((a) => a.id)).toEqual([]);
    expect(timeline(src, { from: at(22), to: at(23) }, at(STEPS)).alarms.map((a) => a.id)).toEqual([`p1-full|parking:P1|${at(20)}`]);
    // The alarm raised before the span and resolved in it is there; one raised after it is not.
    expect(timeline(src, { from: at(8), to: at(9) }, at(STEPS)).alarms.map((a) => a.id)).toEqual([`p1-full|parking:P1|${at(2)}`, `p2-full|parking:P2|${at(4)}`]);
    const capped = timeline(src, { from: at(0), to: at(STEPS - 1), maxAlarms: 1 }, at(STEPS));
    expect(capped.alarms.map((a) => a.id)).toEqual([`p1-full|parking:P1|${at(2)}`]);
    expect(capped.alarmsTotal).toBe(3);
  });

  it('the operators\u2019 actions in words, at their feed time; automatic transitions are not ticks', () => {
    const ticks = timeline(src, { from: at(0), to: at(STEPS - 1) }, at(STEPS)).actions;
    // The supervisor's rule changes before the first step (disabling the starter rules, publishing two).
    expect(ticks.filter((a) => a.kind === 'rule').map((a) => [a.user, a.at])).toEqual(Array.from({ length: 4 }, () => ['Sam', at(0)]));
    expect(ticks.find((a) => a.kind === 'rule' && a.text.includes('Salling nearly full'))).toBeDefined();
    const actions = ticks.filter((a) => a.kind !== 'rule');
    expect(actions.map((a) => [a.kind, a.at, a.user, a.alarmId, a.sensorId])).toEqual([
      ['acknowledge', at(3), 'Ana', `p1-full|parking:P1|${at(2)}`, 'parking:P1'],
      ['shelve', at(5), 'Ana', `p2-full|parking:P2|${at(4)}`, 'parking:P2'],
      ['note', at(6), 'Ana', null, 'parking:P1'],
      ['unshelve', at(8), 'Ana', `p2-full|parking:P2|${at(4)}`, 'parking:P2'],
      ['resolve', at(9), 'Ana', `p2-full|parking:P2|${at(4)}`, 'parking:P2'],
      ['mute', at(10), 'Ana', `p1-full|parking:P1|${at(20)}`, 'parking:P1'],
    ]);
    expect(actions[0]!.text).toContain('Car park full at Bruuns Galleri');
    expect(actions[0]!.text).toContain('on it');
    expect(actions[1]!.text).toContain('works on site');
    expect(actions[2]!.id).toBe('note:n1');
    expect(actions[2]!.text).toContain('queue at the entrance');
    // Only the span's.
    expect(timeline(src, { from: at(4), to: at(6) }, at(STEPS)).actions.map((a) => a.kind)).toEqual(['shelve', 'note']);
    expect(actions[5]!.text).toContain('phone call');
  });

  it('the recorded gaps of the span', () => {
    expect(timeline(src, { from: at(0), to: at(STEPS - 1) }, at(STEPS)).gaps.map((g) => [g.scope, g.from, g.to])).toEqual([['parking:P2', at(12), at(24)]]);
    expect(timeline(src, { from: at(25), to: at(30) }, at(STEPS)).gaps).toEqual([]);
  });

  it('density: the readings of each bucket, counted from the readings (the hole where P2 was silent)', () => {
    const from = at(0);
    const buckets = 12;
    const t = timeline(src, { from, to: at(36), buckets }, at(STEPS));
    expect(t.density.bucketMs).toBe(15 * 60_000);
    const want = new Array<number>(buckets).fill(0);
    for (const r of readings) want[Math.floor((r.ts - from) / t.density.bucketMs)]!++;
    expect(t.density.counts).toEqual(want);
    expect(t.density.counts[5]).toBe(3); // P1 only
    expect(t.density.counts[0]).toBe(6);
  });

  it('density from rollups once maintenance folded them: the same counts (1-minute buckets), spread over shorter buckets (1-hour)', () => {
    src.store.maintain(at(STEPS) + 2 * 3_600_000);
    const minute = timeline(src, { from: at(0), to: at(36), buckets: 12 }, at(STEPS));
    const raw = new Array<number>(12).fill(0);
    for (const r of readings) raw[Math.floor((r.ts - at(0)) / (15 * 60_000))]!++;
    expect(minute.density.counts).toEqual(raw);
    // Three days' span: hourly rollups, each hour's readings spread over the hour's buckets; the total is kept.
    const long = timeline(src, { from: at(0), to: at(0) + 3 * 86_400_000, buckets: 72 * 4 }, at(STEPS));
    expect(long.density.counts.reduce((s, n) => s + n, 0)).toBe(readings.length);
    expect(long.density.counts.slice(0, 4)).toEqual([6, 6, 6, 6]);
  });

  it('defaults to what the cache holds; only a start after it: a minute from there; only an end before it: the hour before', () => {
    const t = timeline(src, {}, at(STEPS));
    expect([t.from, t.to]).toEqual([t.extent.from, t.extent.to]);
    expect(t.density.counts).toHaveLength(500);
    // From after the data: a minute from there, without readings; the alarm cleared and never acknowledged is still open.
    const after = timeline(src, { from: at(STEPS) + 86_400_000 }, at(STEPS));
    expect([after.to - after.from, after.alarms.map((a) => a.id), after.density.counts.reduce((x, n) => x + n, 0)]).toEqual([60_000, [`p1-full|parking:P1|${at(20)}`], 0]);
    // To before the data: the hour before it.
    const before = timeline(src, { to: at(0) - 86_400_000 }, at(STEPS));
    expect([before.from, before.to, before.alarms, before.actions]).toEqual([at(0) - 86_400_000 - 3_600_000, at(0) - 86_400_000, [], []]);
  });
});
