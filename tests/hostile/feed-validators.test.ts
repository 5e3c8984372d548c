/**
 * Property tests of the feed validators on random input (fast-check, fixed seed): the hot-path reading shape check
 * accepts exactly what the zod schema accepts; hello, catalogue and batch validation never throw, and whatever they
 * refuse is counted under a documented reason.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkBatch, checkCatalogue, checkHello, type Reject } from '../../electron/engine/feed/validation';
import type { Sensor } from '../../electron/shared/model';
import { isReadingShape, readingSchema, type RejectReason } from '../../electron/shared/protocol';
import { tinyData } from '../helpers/feed';

const SEED = 20261130;
const runs = { seed: SEED, numRuns: 2000 };
const T0 = Date.UTC(2026, 0, 5, 8, 0);
const { sensors } = tinyData();
const catalogue = new Map<string, Sensor>(sensors.map((s) => [s.id, s]));

/** Every reason PROTOCOL.md documents. */
const REASONS: readonly RejectReason[] = [
  'malformed-message',
  'malformed-reading',
  'unknown-sensor',
  'unknown-metric',
  'wrong-feed',
  'protocol-version',
  'implausible-feed-time',
  'implausible-reading-time',
  'message-too-large',
  'catalogue-too-large',
  'sensor-too-large',
];

const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 1.5, T0, T0 * 1000, 8.64e15, 8.64e15 + 1, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER));
const metricName = fc.oneof(fc.constantFrom('avgSpeedKmh', 'vehicleCount', 'totalSpaces', 'ozone', 'smoke', '__proto__', 'constructor'), fc.string());
/** Mostly near-valid readings (the interesting boundary), sometimes anything at all. */
const reading = fc.oneof(
  fc.record(
    {
      sensorId: fc.oneof(fc.constantFrom('traffic:1', 'parking:P1', 'air:1', 'traffic:404', 'ab', ''), fc.string({ maxLength: 210 }), fc.integer()),
      ts: fc.oneof(number, fc.string(), fc.constant(null)),
      values: fc.oneof(fc.dictionary(metricName, fc.oneof(number, fc.constant(null), fc.string(), fc.boolean())), fc.array(number), fc.constant(null)),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

const sensorLike = fc.oneof(
  fc.constantFrom(...sensors),
  fc.record(
    {
      id: fc.oneof(fc.constantFrom('traffic:9', 'parking:Q', 'air:x', 'bad', 'traffic: space'), fc.string({ maxLength: 250 })),
      kind: fc.constantFrom('traffic', 'parking', 'air', 'boat'),
      name: fc.string({ maxLength: 310 }),
      geometry: fc.oneof(
        fc.record({ type: fc.constant('Point'), coordinates: fc.tuple(number, number) }),
        fc.record({ type: fc.constant('LineString'), coordinates: fc.array(fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true })), { maxLength: 1100 }) }),
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

  it('catalogue validation never throws; every sensor is either kept or counted', () => {
    const cat = fc.oneof(fc.record({ feedId: fc.string(), sensors: fc.array(sensorLike, { maxLength: 8 }) }), fc.anything());
    fc.assert(
      fc.property(cat, (c) => {
        const res = checkCatalogue(c);
        expectCounted(res.rejects);
        if (res.sensors === null) expect(res.rejects.length).toBeGreaterThan(0);
        else {
          const list = (c as { sensors: unknown[] }).sensors;
          expect(res.sensors.length + res.rejects.reduce((n, r) => n + r.count, 0)).toBe(list.length);
        }
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
        const res = checkBatch(raw, { feedId: 'f', catalogue, plausibleNow: T0, batchClockLimit: T0 + 3600_000 });
        expectCounted(res.rejects);
        if (res.batch === null) {
          expect(res.rejects).toHaveLength(1);
          return;
        }
        const list = (raw as { readings: unknown[] }).readings;
        const clockRejected = res.batch.feedTime === null ? 1 : 0;
        expect(res.batch.readings.length + res.rejects.reduce((n, r) => n + r.count, 0) - clockRejected).toBe(list.length);
        const clock = res.batch.feedTime ?? T0;
        for (const r of res.batch.readings) {
          expect(r.ts).toBeLessThanOrEqual(clock + 5 * 60_000);
          expect(r.ts).toBeGreaterThanOrEqual(Date.UTC(2000, 0, 1));
          expect(catalogue.has(r.sensorId)).toBe(true);
        }
      }),
      runs,
    );
  });
});
