/**
 * Hostile sensor types in a v2 catalogue: hundreds of types, huge and deeply nested formulas, prototype names as
 * metric, type and sensor ids. Each bad type costs itself and its sensors, never the catalogue, the feed or the engine;
 * nothing reaches an object's prototype.
 */
import { describe, expect, it } from 'vitest';
import { startEngine } from '../../electron/engine/index';
import { shippedRegistry } from '../../electron/engine/feed/registry';
import { checkBatch, checkCatalogue } from '../../electron/engine/feed/validation';
import { LiveState } from '../../electron/engine/live-state';
import type { Sensor } from '../../electron/shared/model';
import { MAX_TYPE_JSON_CHARS, MAX_TYPES, rawMetricSets } from '../../electron/shared/protocol';
import { waitFor } from '../helpers/feed';
import { riverGauge, riverLevelType } from '../engine/fixtures/feed-types';
import { cleanupsAfterEach, MIN, sensors, T0 } from './feed-fixtures';
import { scriptedFeed } from './feed-scripted-server';

const cleanups = cleanupsAfterEach();
const base = shippedRegistry();

const typeWithFormula = (id: string, formula: string) => ({ ...riverLevelType(), id, derived: [{ id: 'aboveFloodM', label: 'Above flood level', unit: 'm', precision: 2, higherIsWorse: true, formula }] });

describe('hostile types in a catalogue', () => {
  it(`${MAX_TYPES} types are accepted with their sensors; one more rejects the catalogue whole, over the wire, and the previous one stays`, async () => {
    const wall = T0;
    const feed = await scriptedFeed({ feedTime: () => wall, sensors });
    cleanups.push(() => feed.close());
    const engine = await startEngine({ assetsDir: '/nonexistent', feedUrl: feed.url, now: () => wall, deltaIntervalMs: 20 });
    cleanups.push(() => engine.close());
    await waitFor(() => engine.status().sensors.never === 3, 5000, 'first catalogue');

    const types = Array.from({ length: MAX_TYPES }, (_, i) => ({ ...riverLevelType(), id: `gauge-${i}` }));
    const gauges: Sensor[] = types.map((t, i) => ({ ...riverGauge(`g${i}`, 3), kind: t.id as string }));
    feed.emit('catalogue', { feedId: 'hostile', types, sensors: gauges });
    await waitFor(() => engine.status().sensors.never === MAX_TYPES, 10_000, `${MAX_TYPES} gauges`);
    feed.emit('batch', { feedId: 'hostile', seq: 1, feedTime: wall, readings: [{ sensorId: 'g199', ts: wall - MIN, values: { levelM: 4 } }] });
    await waitFor(() => engine.status().acceptedTotal === 1, 5000, 'a reading of the last type');
    let snap = await engine.handle('snapshot', {});
    expect(snap.types.filter((t) => t.id.startsWith('gauge-'))).toHaveLength(MAX_TYPES);
    expect(snap.states.find((s) => s.sensorId === 'g199')).toMatchObject({ derived: { aboveFloodM: 1 }, flags: ['above-flood-level'] });

    feed.emit('catalogue', { feedId: 'hostile', types: [...types, { ...riverLevelType(), id: 'one-too-many' }], sensors: [] });
    await waitFor(() => (engine.status().rejects['catalogue-too-large'] ?? 0) === 1, 5000, 'rejected whole');
    expect(engine.status().lastReject!.detail).toBe(`catalogue of ${MAX_TYPES + 1} types (at most ${MAX_TYPES}); the previous catalogue stays`);
    snap = await engine.handle('snapshot', {});
    expect(snap.catalogue).toHaveLength(MAX_TYPES);
    expect(engine.status().connection).toBe('connected');
  });

  it('huge and deeply nested formulas cost their type and its sensors only', () => {
    const nested = `${'('.repeat(20_000)}levelM${')'.repeat(20_000)}`;
    const oversized = `levelM${' + 1'.repeat(MAX_TYPE_JSON_CHARS / 4)}`;
    const res = checkCatalogue({
      feedId: 'f',
      types: [typeWithFormula('nested', nested), typeWithFormula('oversized', oversized), riverLevelType()],
      sensors: [{ ...riverGauge('a', 1), kind: 'nested' }, { ...riverGauge('b', 1), kind: 'oversized' }, riverGauge('c', 1)],
    }, 2, base);
    expect(res.catalogue!.sensors.map((s) => s.id)).toEqual(['c']);
    expect(res.catalogue!.types.map((t) => t.id)).toEqual(['river-level']);
    const invalid = res.rejects.find((r) => r.reason === 'invalid-type')!;
    expect(invalid.count).toBe(2);
    expect(invalid.detail).toMatch(/^catalogue\.types\[0\] \(nested\): /);
    expect(res.rejects.find((r) => r.reason === 'unknown-type')).toMatchObject({ count: 2 });
    const alone = checkCatalogue({ feedId: 'f', types: [typeWithFormula('oversized', oversized)], sensors: [] }, 2, base);
    expect(alone.rejects[0]!.detail).toMatch(/^catalogue\.types\[0\] \(oversized\): a type document of [\d,]+ characters \(at most 65,536\)$/);
  });

  it('prototype names: as metric ids they are metrics like any other; as type or sensor ids they look nothing up on a prototype', () => {
    const protoMetrics = ['constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    const protoType = {
      ...riverLevelType(),
      id: 'proto-gauge',
      metrics: protoMetrics.map((id) => ({ id, label: id, unit: 'm', precision: 1, higherIsWorse: null })),
      derived: [{ id: 'total', label: 'Total', unit: 'm', precision: 1, higherIsWorse: null, formula: 'constructor + toString' }],
      checks: [],
      style: { headline: 'total', bands: [{ upTo: null, label: 'Any', colour: [1, 2, 3] }], size: { pixels: 4 } },
    };
    const badProto = { ...riverLevelType(), id: 'bad-proto', metrics: [{ id: '__proto__', label: 'p', unit: 'm', precision: 1, higherIsWorse: null }] };
    const res = checkCatalogue({
      feedId: 'f',
      types: [protoType, badProto, { ...riverLevelType(), id: '__proto__' }],
      sensors: [
        { ...riverGauge('__proto__', 1), kind: 'proto-gauge' },
        { ...riverGauge('constructor', 1), kind: 'proto-gauge', attributes: JSON.parse('{"__proto__": 5, "floodLevelM": 1}') as Sensor['attributes'] },
        { ...riverGauge('x1', 1), kind: 'constructor' },
        { ...riverGauge('x2', 1), kind: 'toString' },
        { ...riverGauge('x3', 1), kind: 'bad-proto' },
      ],
    }, 2, base);
    const cat = res.catalogue!;
    expect(cat.types.map((t) => t.id)).toEqual(['proto-gauge']);
    expect(cat.sensors.map((s) => s.id)).toEqual(['__proto__', 'constructor']);
    expect(res.rejects.find((r) => r.reason === 'invalid-type')).toMatchObject({ count: 2, detail: expect.stringMatching(/^catalogue\.types\[1\] \(bad-proto\): metrics\[0\]\.id/) });
    expect(res.rejects.find((r) => r.reason === 'unknown-type')).toMatchObject({ count: 3, detail: 'catalogue.sensors[2] (x1): no type constructor is shipped or sent in this catalogue' });

    const catalogue = new Map(cat.sensors.map((s) => [s.id, s]));
    const batch = checkBatch({ feedId: 'f', seq: 1, feedTime: T0, readings: [
      JSON.parse(`{"sensorId": "__proto__", "ts": ${T0}, "values": {"constructor": 2, "toString": 3, "hasOwnProperty": null, "__proto__": 9, "polluted": 1}}`),
      { sensorId: 'constructor', ts: T0, values: { valueOf: 1 } },
    ] }, { feedId: 'f', catalogue, metrics: rawMetricSets(cat.registry), plausibleNow: T0, batchClockLimit: T0 + 3600_000 });
    const readings = batch.batch!.readings;
    const kept: Record<string, number | null>[] = [{ constructor: 2, toString: 3, hasOwnProperty: null }, { valueOf: 1 }];
    expect(readings.map((r) => r.values)).toEqual(kept);
    expect(batch.rejects).toEqual([{ reason: 'unknown-metric', count: 2, detail: expect.stringMatching(/\(__proto__\): __proto__, polluted are not metrics of type proto-gauge/) }]);

    const state = new LiveState();
    state.setCatalogue(cat.sensors, { registry: cat.registry });
    state.apply(readings, batch.batch!.withUnknownMetrics);
    const st = Object.fromEntries(state.allStates().map((s) => [s.sensorId, s]));
    expect(st.__proto__).toMatchObject({ derived: { total: 5 }, flags: expect.arrayContaining(['missing-value', 'unknown-metric']) });
    expect(st.constructor).toMatchObject({ derived: { total: null } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
