import { describe, expect, it } from 'vitest';
import { findGaps, LiveState } from '../../electron/engine/live-state';
import { freshness, qualityFlags, type Sensor } from '../../electron/shared/model';
import { tinyData } from '../helpers/feed';

const { sensors } = tinyData();
const traffic = sensors[0]!;
const r = (ts: number, speed: number) => ({ sensorId: traffic.id, ts, values: { avgSpeedKmh: speed, vehicleCount: 2 } });

describe('LiveState', () => {
  it('a duplicate or late reading never rewinds the live state', () => {
    const s = new LiveState();
    s.setCatalogue(sensors);
    expect(s.apply([r(1000, 50), r(3000, 30)])).toEqual({ newer: 2, older: 0 });
    expect(s.apply([r(3000, 31), r(1000, 50), r(2000, 99)])).toEqual({ newer: 0, older: 3 });
    const st = s.allStates().find((x) => x.sensorId === traffic.id)!;
    expect(st.last).toEqual(r(3000, 30));
  });

  it('reports each changed sensor once per delta', () => {
    const s = new LiveState();
    s.setCatalogue(sensors);
    s.apply([r(1000, 50), r(2000, 40)]);
    expect(s.takeChanged().map((x) => x.sensorId)).toEqual([traffic.id]);
    expect(s.takeChanged()).toEqual([]);
    s.apply([r(500, 10)]); // late: no change to the live state
    expect(s.takeChanged()).toEqual([]);
  });

  it('counts live, stale and never-seen sensors on the feed clock', () => {
    const s = new LiveState();
    s.setCatalogue(sensors);
    s.apply([r(0, 40)]);
    expect(s.counts(300_000)).toEqual({ live: 1, stale: 0, never: 2 });
    expect(s.counts(450_001)).toEqual({ live: 0, stale: 1, never: 2 });
  });
});

describe('gaps and freshness', () => {
  it('marks holes longer than 1.5 intervals and the silence at the end, but claims nothing before the first point', () => {
    const pts = [0, 300, 600, 1500, 1800].map((s) => ({ ts: s * 1000, values: {} }));
    expect(findGaps(pts, 300_000, 1800_000)).toEqual([{ from: 600_000, to: 1500_000, reason: 'no readings' }]);
    expect(findGaps(pts, 300_000, 2400_000)).toEqual([{ from: 600_000, to: 1500_000, reason: 'no readings' }, { from: 1800_000, to: 2400_000, reason: 'no readings since the last one' }]);
    expect(findGaps([], 300_000, 1e9)).toEqual([]);
  });

  it('freshness: never without a reading, stale after 1.5 expected intervals', () => {
    const sensor = { expectedIntervalS: 60 };
    expect(freshness(sensor, undefined, 0)).toBe('never');
    const st = { sensorId: 'x', last: { sensorId: 'x', ts: 0, values: {} }, flags: [], count: 1 };
    expect(freshness(sensor, st, 90_000)).toBe('live');
    expect(freshness(sensor, st, 90_001)).toBe('stale');
  });

  it('quality flags name what is odd without touching values', () => {
    const parking = sensors[1] as Sensor;
    const v = { vehicleCount: 1464, totalSpaces: 65 };
    expect(qualityFlags(parking, v)).toEqual(['over-capacity']);
    expect(v).toEqual({ vehicleCount: 1464, totalSpaces: 65 });
    expect(qualityFlags(traffic, { avgSpeedKmh: 0, vehicleCount: 0, avgMeasuredTimeS: null })).toEqual(['missing-value', 'zero-vehicles', 'zero-speed']);
    expect(qualityFlags(traffic, { avgSpeedKmh: -3, vehicleCount: 1 })).toEqual(['negative-value']);
  });
});
