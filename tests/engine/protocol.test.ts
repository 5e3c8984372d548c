import { describe, expect, it } from 'vitest';
import { isReadingShape, readingSchema, validateReading } from '../../electron/shared/protocol';
import { tinyData } from '../helpers/feed';

const catalogue = new Map(tinyData().sensors.map((s) => [s.id, s]));

const cases: unknown[] = [
  { sensorId: 'traffic:1', ts: 1, values: { avgSpeedKmh: 3 } },
  { sensorId: 'traffic:1', ts: 0, values: {} },
  { sensorId: 'traffic:1', ts: 1, values: { avgSpeedKmh: null }, extra: 'ignored' },
  { sensorId: 'traffic:1', ts: 1.5, values: {} },
  { sensorId: 'traffic:1', ts: -1, values: {} },
  { sensorId: 'traffic:1', ts: 8.64e15 + 1, values: {} },
  { sensorId: 'traffic:1', ts: '1', values: {} },
  { sensorId: 'ab', ts: 1, values: {} },
  { sensorId: 'x'.repeat(201), ts: 1, values: {} },
  { sensorId: 5, ts: 1, values: {} },
  { sensorId: 'traffic:1', ts: 1, values: [] },
  { sensorId: 'traffic:1', ts: 1, values: null },
  { sensorId: 'traffic:1', ts: 1, values: { a: '3' } },
  { sensorId: 'traffic:1', ts: 1, values: { a: Infinity } },
  { sensorId: 'traffic:1', ts: 1, values: { a: NaN } },
  { sensorId: 'traffic:1', ts: 1, values: { a: { b: 1 } } },
  { sensorId: 'traffic:1', ts: 1 },
  [],
  null,
  'reading',
  42,
];

describe('reading validation', () => {
  it.each(cases.map((c, i) => [i, c]))('fast shape check agrees with the schema (case %i)', (_i, c) => {
    expect(isReadingShape(c)).toBe(readingSchema.safeParse(c).success);
  });

  it('names the problem and the reason', () => {
    expect(validateReading({ sensorId: 'traffic:1', ts: 'x', values: {} }, catalogue)).toMatchObject({ ok: false, reason: 'malformed-reading', detail: expect.stringMatching(/^ts: /) });
    expect(validateReading({ sensorId: 'traffic:9', ts: 1, values: {} }, catalogue)).toMatchObject({ ok: false, reason: 'unknown-sensor' });
    expect(validateReading({ sensorId: 'traffic:1', ts: 1, values: { ozone: 3 } }, catalogue)).toEqual({ ok: false, reason: 'unknown-metric', detail: 'ozone is not a traffic metric' });
    expect(validateReading({ sensorId: 'traffic:1', ts: 1, values: { avgSpeedKmh: 3 }, extra: 1 }, catalogue)).toEqual({ ok: true, reading: { sensorId: 'traffic:1', ts: 1, values: { avgSpeedKmh: 3 } } });
  });
});
