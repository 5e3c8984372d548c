/**
 * Replay is deterministic: a frame depends on its instant and on what is stored, never on what was asked before.
 * Three days of car parks and road segments (zeros, empty fields, a silent stretch) go through the real Alerting with
 * the starter rules while an operator acknowledges and shelves; maintenance leaves the first day in rollups only.
 * Then the same instants asked twice, in another order, or between timeline requests give identical frames; a
 * sequence of frames over a window is the same on a second replay; readings stored later than an instant do not
 * change its frame (only the cache's extent grows).
 */
import { describe, expect, it } from 'vitest';
import type { ReplayFrame } from '../../../electron/engine/api';
import { replayFrame, type ReplaySources } from '../../../electron/engine/replay/frame';
import { timeline } from '../../../electron/engine/replay/timeline';
import type { Reading, Sensor } from '../../../electron/shared/model';
import { desk } from './desk';

const T0 = Date.UTC(2026, 2, 2, 0, 0);
const STEP = 5 * 60_000;
const STEPS = 3 * 288;
const parks: Sensor[] = Array.from({ length: 20 }, (_, i) => ({
  id: `parking:P${i}`,
  kind: 'car-park',
  name: `Car park ${i}`,
  geometry: { type: 'Point', coordinates: [10.19 + i / 500, 56.15] },
  expectedIntervalS: 300,
  attributes: { capacity: 100 },
}));
const roads: Sensor[] = Array.from({ length: 20 }, (_, i) => ({
  id: `traffic:${i}`,
  kind: 'traffic',
  name: `Road ${i}`,
  geometry: { type: 'LineString', coordinates: [[10.19 + i / 500, 56.15], [10.2 + i / 500, 56.16]] },
  expectedIntervalS: 300,
  attributes: { normalSpeedKmh: 50 },
}));
const catalogue = [...parks, ...roads];

/** Readings of one step: occupancy waves (some over capacity), zero counts, empty fields, P3 silent for 3 hours. */
function readingsAt(step: number): Reading[] {
  const ts = T0 + step * STEP;
  const out: Reading[] = [];
  parks.forEach((p, i) => {
    if (i === 3 && step >= 100 && step < 136) return;
    const wave = 60 + 45 * Math.sin((step + i * 17) / 20);
    out.push({ sensorId: p.id, ts, values: { vehicleCount: Math.round(wave), totalSpaces: i === 5 && step % 7 === 0 ? null : 100 } });
  });
  roads.forEach((r, i) => {
    const speed = (step + i) % 50 === 0 ? 0 : 20 + ((step * 7 + i * 13) % 45);
    out.push({ sensorId: r.id, ts, values: { avgSpeedKmh: speed, vehicleCount: (step + i) % 11 === 0 ? 0 : 3 + (step % 9), avgMeasuredTimeS: 60, medianMeasuredTimeS: step % 13 === 0 ? null : 58 } });
  });
  return out;
}

function build(): { src: ReplaySources; ingestLater: () => void } {
  let now = T0;
  const { store, alerting, sources } = desk(catalogue, () => now, { rawRetentionDays: 2 });
  const ana = { role: 'operator' as const, user: 'Ana' };
  for (let step = 0; step < STEPS; step++) {
    now = T0 + step * STEP;
    const batch = readingsAt(step);
    store.ingest('f', batch, step, now);
    alerting.onReadings(batch, now);
    alerting.onClock(now);
    // The operator acknowledges what is open every hour and shelves one alarm a day.
    if (step % 12 === 6) for (const a of alerting.alarms(false, 100)) if (a.state === 'active') alerting.acknowledge(ana, a.id, now, 'seen');
    if (step % 288 === 150) {
      const open = alerting.alarms(false, 100).find((a) => a.state !== 'resolved' && !alerting.shelves().some((s) => s.key === `${a.ruleId}|${a.subject}`));
      if (open) alerting.shelve(ana, open.id, now, 120, 'works on site');
    }
  }
  for (let done = store.maintain(now); !done.caughtUp; done = store.maintain(now));
  const src = sources();
  const ingestLater = () => {
    const later = Array.from({ length: 12 }, (_, k) => readingsAt(STEPS + k)).flat();
    store.ingest('f', later, STEPS + 12, later[later.length - 1]!.ts);
    store.flush();
  };
  return { src, ingestLater };
}

/** A seeded sequence of instants over the data (and a little before and after it). */
function instants(n: number, seed: number): number[] {
  let x = seed;
  const next = () => ((x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  return Array.from({ length: n }, () => Math.round(T0 - 3_600_000 + next() * (STEPS * STEP + 7_200_000)));
}

const withoutExtent = ({ extent: _extent, ...rest }: ReplayFrame) => rest;

describe('replay is deterministic', () => {
  const { src, ingestLater } = build();
  const asked = instants(60, 7);

  it('the scenario has what the frames must get right: alarms (acknowledged, shelved), rollups and raw readings', () => {
    const frames = asked.map((t) => replayFrame(src, t));
    expect(frames.some((f) => f.alarms.some((a) => a.state === 'acknowledged'))).toBe(true);
    expect(frames.some((f) => f.alarms.some((a) => a.state === 'active'))).toBe(true);
    expect(frames.some((f) => f.shelves.length > 0)).toBe(true);
    expect(frames.some((f) => f.resolution !== 'raw')).toBe(true);
    expect(frames.some((f) => f.resolution === 'raw' && f.sensors.live > 0)).toBe(true);
  });

  it('the same instants asked twice, backwards, shuffled or between timeline requests give identical frames', () => {
    const first = new Map(asked.map((t) => [t, JSON.stringify(replayFrame(src, t))]));
    for (const t of [...asked].reverse()) expect(JSON.stringify(replayFrame(src, t))).toBe(first.get(t));
    const shuffled = [...asked].sort((a, b) => (a * 31) % 97 - (b * 31) % 97);
    for (const [k, t] of shuffled.entries()) {
      if (k % 10 === 0) timeline(src, { buckets: 200 }, T0);
      expect(JSON.stringify(replayFrame(src, t))).toBe(first.get(t));
    }
  });

  it('a sequence of frames over a window (minute by minute) is the same on a second replay', () => {
    const window = (from: number) => Array.from({ length: 90 }, (_, k) => JSON.stringify(replayFrame(src, from + k * 60_000)));
    for (const from of [T0 + 20 * 3_600_000, T0 + 60 * 3_600_000]) expect(window(from)).toEqual(window(from));
  });

  it('readings stored after an instant leave its frame as it was (only the extent grows)', () => {
    const earlier = asked.filter((t) => t < T0 + STEPS * STEP); // the later readings start there
    const before = earlier.map((t) => replayFrame(src, t));
    ingestLater();
    const after = earlier.map((t) => replayFrame(src, t));
    after.forEach((f, i) => expect(withoutExtent(f)).toEqual(withoutExtent(before[i]!)));
    expect(after[0]!.extent.to).toBeGreaterThan(before[0]!.extent.to!);
  });
});
