import { describe, expect, it } from 'vitest';
import { findGaps, LiveState } from '../../electron/engine/live-state';
import { feedRegistry, shippedRegistry, typesFromCache } from '../../electron/engine/feed/registry';
import { freshness, type Reading, type Sensor } from '../../electron/shared/model';
import { parseSensorType } from '../../electron/shared/sensor-types/schema';
import type { SensorType } from '../../electron/shared/sensor-types/types';
import { tinyData } from '../helpers/feed';
import { riverGauge, riverLevelType } from './fixtures/feed-types';

const { sensors } = tinyData();
const traffic = sensors[0]!;
const r = (ts: number, speed: number) => ({ sensorId: traffic.id, ts, values: { avgSpeedKmh: speed, vehicleCount: 2 } });

function riverType(): SensorType {
  const p = parseSensorType(riverLevelType());
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  return p.type;
}

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

  it('a never-seen sensor has no derived values and no flags', () => {
    const s = new LiveState();
    s.setCatalogue(sensors);
    expect(s.allStates()).toEqual(sensors.map((x) => ({ sensorId: x.id, last: null, derived: {}, flags: [], count: 0 })));
  });
});

describe('LiveState: derived metrics and flags come from the registry', () => {
  it('shipped types: the car park\'s occupancy and over-capacity flag; values are never altered', () => {
    const s = new LiveState();
    s.setCatalogue(sensors, { registry: shippedRegistry() });
    const reading = { sensorId: 'parking:P1', ts: 1000, values: { vehicleCount: 130, totalSpaces: 100 } };
    s.apply([reading]);
    const st = s.allStates().find((x) => x.sensorId === 'parking:P1')!;
    const reg = shippedRegistry();
    expect(st.derived).toEqual(reg.derive('car-park', sensors[1]!.attributes, reading.values));
    expect(st.flags).toEqual(reg.flags('car-park', sensors[1]!.attributes, reading.values));
    expect(st.flags).toContain('over-capacity');
    expect(st.last!.values).toEqual({ vehicleCount: 130, totalSpaces: 100 });
  });

  it('a feed-sent type (river-level, a JSON file): derived values by its formula and flags by its checks', () => {
    const registry = feedRegistry(shippedRegistry(), [riverType()]);
    const gauges: Sensor[] = [riverGauge('dee-1', 3.5), riverGauge('don-2', 2)];
    const s = new LiveState();
    s.setCatalogue(gauges, { registry });
    s.apply([
      { sensorId: 'dee-1', ts: 1000, values: { levelM: 2.25 } },
      { sensorId: 'don-2', ts: 1000, values: { levelM: 2.75 } },
    ]);
    const st = Object.fromEntries(s.takeChanged().map((x) => [x.sensorId, x]));
    expect(st['dee-1']!.derived).toEqual({ aboveFloodM: -1.25 });
    expect(st['dee-1']!.flags).toEqual([]);
    expect(st['don-2']!.derived).toEqual({ aboveFloodM: 0.75 });
    expect(st['don-2']!.flags).toEqual(['above-flood-level']);
    // Out of the metric's valid range (max 15 m): kept as reported, and flagged.
    s.apply([{ sensorId: 'dee-1', ts: 2000, values: { levelM: 99 } }]);
    const after = s.takeChanged()[0]!;
    expect(after.last!.values).toEqual({ levelM: 99 });
    expect(after.flags).toContain('out-of-range');
    expect(after.derived).toEqual({ aboveFloodM: 95.5 });
    // A missing level: a missing result, never 0.
    s.apply([{ sensorId: 'dee-1', ts: 3000, values: { levelM: null } }]);
    expect(s.takeChanged()[0]).toMatchObject({ derived: { aboveFloodM: null }, flags: expect.arrayContaining(['missing-value']) });
  });

  it('flags unknown-metric on the state whose latest reading carried a metric its type lacked', () => {
    const s = new LiveState();
    s.setCatalogue(sensors);
    const odd: Reading = r(1000, 50);
    const flagged = new Set([odd]);
    s.apply([odd], flagged);
    expect(s.takeChanged()[0]!.flags).toContain('unknown-metric');
    s.apply([r(2000, 50)]); // a newer clean reading clears it
    expect(s.takeChanged()[0]!.flags).not.toContain('unknown-metric');
  });

  it('a new catalogue judges the latest readings again (the type or the attributes may have changed)', () => {
    const s = new LiveState();
    const gauge = riverGauge('dee-1', 3.5);
    const registry = feedRegistry(shippedRegistry(), [riverType()]);
    s.setCatalogue([gauge], { registry });
    s.apply([{ sensorId: 'dee-1', ts: 1000, values: { levelM: 3 } }]);
    expect(s.allStates()[0]!.flags).toEqual([]);
    s.setCatalogue([{ ...gauge, attributes: { floodLevelM: 2.5 } }], { registry });
    expect(s.allStates()[0]).toMatchObject({ derived: { aboveFloodM: 0.5 }, flags: ['above-flood-level'] });
    // The feed no longer sends the type (a cache from an older catalogue): said, not guessed.
    s.setCatalogue([gauge], { registry: shippedRegistry() });
    expect(s.allStates()[0]).toMatchObject({ derived: {}, flags: ['unknown-type'] });
  });

  it('holds the registry and the city of the catalogue', () => {
    const s = new LiveState();
    expect(s.registry.has('car-park')).toBe(true);
    expect(s.city()).toBeNull();
    const city = { name: 'Aberdeen', timeZone: 'Europe/London' };
    s.setCatalogue(sensors, { city });
    expect(s.city()).toEqual(city);
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
    const st = { sensorId: 'x', last: { sensorId: 'x', ts: 0, values: {} }, derived: {}, flags: [], count: 1 };
    expect(freshness(sensor, st, 90_000)).toBe('live');
    expect(freshness(sensor, st, 90_001)).toBe('stale');
  });
});

describe('feed types kept in a cache', () => {
  it('are validated again when read back: bad or repeated ones are named and left out, the rest kept', () => {
    const river = riverLevelType();
    const json = JSON.stringify([river, { ...river, metrics: [] }, river, { ...river, id: 'lake-level' }]);
    const { types, problems } = typesFromCache(json);
    expect(types.map((t) => t.id)).toEqual(['river-level', 'lake-level']);
    expect(problems).toEqual([expect.stringMatching(/^cached feed type \[1\]: metrics: /), 'cached feed type [2]: river-level is listed twice (the first is kept)']);
    expect(typesFromCache(null)).toEqual({ types: [], problems: [] });
    expect(typesFromCache('{"not": "a list"}')).toEqual({ types: [], problems: ['cached feed types are not a list'] });
    expect(typesFromCache('[1,').problems).toEqual([expect.stringMatching(/^cached feed types are not JSON: /)]);
  });
});
