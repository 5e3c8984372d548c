/**
 * Property tests of the feed validators on random input (fast-check, fixed seed): the hot-path reading shape check
 * accepts exactly what the zod schema accepts; hello, catalogue (v1 and v2, with random types and cities) and batch
 * validation never throw, and whatever they refuse is counted under a documented reason; a kept reading carries only
 * its type's raw metrics.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkBatch, checkCatalogue, checkHello, type Reject } from '../../electron/engine/feed/validation';
import { shippedRegistry } from '../../electron/engine/feed/registry';
import type { Sensor } from '../../electron/shared/model';
import { catalogueForProtocol, isReadingShape, rawMetricSets, readingSchema, type RejectReason } from '../../electron/shared/protocol';
import { tinyData } from '../helpers/feed';
import { riverLevelType } from '../engine/fixtures/feed-types';

const SEED = 20261130;
const runs = { seed: SEED, numRuns: 2000 };
const T0 = Date.UTC(2026, 0, 5, 8, 0);
const { sensors } = tinyData();
const catalogue = new Map<string, Sensor>(sensors.map((s) => [s.id, s]));
const registry = shippedRegistry();
const metrics = rawMetricSets(registry);

/** Every reason PROTOCOL.md documents. */
const REASONS: readonly RejectReason[] = [
  'malformed-message',
  'malformed-reading',
  'unknown-sensor',
  'unknown-metric',
  'invalid-type',
  'unknown-type',
  'wrong-feed',
  'protocol-version',
  'implausible-feed-time',
  'implausible-reading-time',
  'message-too-large',
  'catalogue-too-large',
  'sensor-too-large',
];

const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 1.5, T0, T0 * 1000, 8.64e15, 8.64e15 + 1, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER));
const metricName = fc.oneof(fc.constantFrom('avgSpeedKmh', 'vehicleCount', 'totalSpaces', 'ozone', 'smoke', 'occupancyPct', '__proto__', 'constructor', 'toString', 'hasOwnProperty'), fc.string());
/** Mostly near-valid readings (the interesting boundary), sometimes anything at all. */
const reading = fc.oneof(
  fc.record(
    {
      sensorId: fc.oneof(fc.constantFrom('traffic:1', 'parking:P1', 'air:1', 'traffic:404', 'ab', ''), fc.string({ maxLength: 210 }), fc.integer()),
      ts: fc.oneof(number, fc.string(), fc.constant(null)),
      values: fc.oneof(fc.dictionary(metricName, fc.oneof(number, fc.constant(null), fc.string(), fc.boolean())), fc.array(number), fc.constant(null)),
      position: fc.oneof(fc.tuple(number, number), fc.array(number, { maxLength: 3 }), fc.anything()),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

const sensorLike = fc.oneof(
  fc.constantFrom(...sensors, ...catalogueForProtocol({ feedId: 'f', sensors }, 1).sensors),
  fc.record(
    {
      id: fc.oneof(fc.constantFrom('traffic:9', 'parking:Q', 'air:x', 'bad', 'traffic: space'), fc.string({ maxLength: 250 })),
      kind: fc.constantFrom('traffic', 'parking', 'air', 'car-park', 'citypulse-air-index', 'river-level', 'boat', '__proto__', 'constructor'),
      name: fc.string({ maxLength: 310 }),
      geometry: fc.oneof(
        fc.record({ type: fc.constant('Point'), coordinates: fc.tuple(number, number) }),
        fc.record({ type: fc.constant('LineString'), coordinates: fc.array(fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true })), { maxLength: 1100 }) }),
        fc.record({ type: fc.constant('Polygon'), coordinates: fc.array(fc.array(fc.tuple(fc.integer({ min: -180, max: 180 }), fc.integer({ min: -90, max: 90 })), { maxLength: 6 }), { maxLength: 3 }) }),
        fc.anything(),
      ),
      expectedIntervalS: number,
      attributes: fc.oneof(fc.dictionary(fc.string({ maxLength: 120 }), fc.oneof(fc.string({ maxLength: 1100 }), number, fc.constant(null)), { maxKeys: 70 }), fc.anything()),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

function expectCounted(rejects: readonly Reject[]): void {
  for (const r of rejects) {
    expect(REASONS).toContain(r.reason);
    expect(r.count).toBeGreaterThanOrEqual(1);
    expect(r.detail.length).toBeGreaterThan(0);
  }
}

describe('feed validators on random input', () => {
  it('the hot-path reading shape check accepts exactly what the zod reading schema accepts', () => {
    fc.assert(
      fc.property(reading, (r) => {
        expect(isReadingShape(r)).toBe(readingSchema.safeParse(r).success);
      }),
      runs,
    );
  });

  it('hello validation never throws; a refusal always carries a documented reason', () => {
    const hello = fc.oneof(
      fc.record(
        {
          protocol: fc.oneof(fc.constantFrom(1, 2, 0), number),
          feedId: fc.string({ maxLength: 210 }),
          name: fc.string(),
          demo: fc.boolean(),
          feedTime: number,
          speed: number,
          oldestSeq: number,
          nextSeq: number,
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    fc.assert(
      fc.property(hello, (h) => {
        const res = checkHello(h, T0);
        if (!res.ok) expectCounted([res.reject]);
        else {
          expect(res.hello.feedTime).toBeGreaterThanOrEqual(Date.UTC(2000, 0, 1));
          expect(res.hello.feedTime).toBeLessThanOrEqual(T0 + 366 * 24 * 3600_000);
        }
      }),
      runs,
    );
  });

  it('catalogue validation never throws; every sensor is either kept or counted; every kept sensor names a known type', () => {
    const typeLike = fc.oneof(
      fc.constant(riverLevelType()),
      fc.record({ ...Object.fromEntries(Object.entries(riverLevelType()).map(([k, v]) => [k, fc.constant(v)])), metrics: fc.anything(), id: fc.oneof(fc.constantFrom('river-level', 'car-park', '__proto__'), fc.string()) }, { requiredKeys: [] }),
      fc.anything(),
    );
    const cityLike = fc.oneof(fc.constant({ name: 'A', timeZone: 'Europe/London' }), fc.record({ name: fc.string(), timeZone: fc.constantFrom('UTC', 'Mars/Base', ''), home: fc.anything() }, { requiredKeys: [] }), fc.anything());
    const cat = fc.oneof(
      fc.record({ feedId: fc.string(), city: cityLike, types: fc.array(typeLike, { maxLength: 3 }), sensors: fc.array(sensorLike, { maxLength: 8 }) }, { requiredKeys: ['feedId', 'sensors'] }),
      fc.anything(),
    );
    fc.assert(
      fc.property(cat, fc.constantFrom(1 as const, 2 as const), (c, protocol) => {
        const res = checkCatalogue(c, protocol, registry);
        expectCounted(res.rejects);
        if (res.catalogue === null) {
          expect(res.rejects.length).toBeGreaterThan(0);
          return;
        }
        const raw = c as { sensors: unknown[]; city?: unknown };
        const notSensors = (res.rejects.find((r) => r.reason === 'invalid-type')?.count ?? 0) + (protocol === 2 && raw.city !== undefined && res.catalogue.city === null ? 1 : 0);
        expect(res.catalogue.sensors.length + res.rejects.reduce((n, r) => n + r.count, 0) - notSensors).toBe(raw.sensors.length);
        for (const s of res.catalogue.sensors) expect(res.catalogue.registry.has(s.kind)).toBe(true);
      }),
      { ...runs, numRuns: 500 },
    );
  });

  it('batch validation never throws; every reading is either kept or counted; a kept reading is never ahead of the clock by more than the tolerance', () => {
    const b = fc.oneof(
      fc.record(
        {
          feedId: fc.constantFrom('f', 'other'),
          seq: fc.oneof(fc.nat(), number),
          feedTime: fc.oneof(fc.constantFrom(T0, T0 - 3600_000, T0 + 30 * 60_000, T0 + 2 * 3600_000, T0 * 1000, 1_700_000_000), number),
          readings: fc.array(reading, { maxLength: 12 }),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    fc.assert(
      fc.property(b, (raw) => {
        const res = checkBatch(raw, { feedId: 'f', catalogue, metrics, plausibleNow: T0, batchClockLimit: T0 + 3600_000 });
        expectCounted(res.rejects);
        if (res.batch === null) {
          expect(res.rejects).toHaveLength(1);
          return;
        }
        const list = (raw as { readings: unknown[] }).readings;
        const clockRejected = res.batch.feedTime === null ? 1 : 0;
        // Unknown metrics are counted, but their readings are kept.
        const readingRejects = res.rejects.filter((r) => r.reason !== 'unknown-metric').reduce((n, r) => n + r.count, 0);
        expect(res.batch.readings.length + readingRejects - clockRejected).toBe(list.length);
        const unknownCounted = res.rejects.find((r) => r.reason === 'unknown-metric')?.count ?? 0;
        expect(unknownCounted >= res.batch.withUnknownMetrics.size).toBe(true);
        const clock = res.batch.feedTime ?? T0;
        for (const r of res.batch.readings) {
          expect(r.ts).toBeLessThanOrEqual(clock + 5 * 60_000);
          expect(r.ts).toBeGreaterThanOrEqual(Date.UTC(2000, 0, 1));
          expect(catalogue.has(r.sensorId)).toBe(true);
          const allowed = metrics.get(catalogue.get(r.sensorId)!.kind)!;
          for (const k of Object.keys(r.values)) expect(allowed.has(k)).toBe(true);
          expect(Object.getPrototypeOf(r.values)).toBe(Object.prototype);
        }
      }),
      runs,
    );
  });
});
