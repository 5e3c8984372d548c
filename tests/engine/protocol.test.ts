import { describe, expect, it } from 'vitest';
import { READING_AHEAD_TOLERANCE_MS, isReadingShape, readingSchema, validateReading } from '../../electron/shared/protocol';
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
  JSON.parse('{"sensorId": "traffic:1", "ts": 1, "values": {"__proto__": "x"}}'),
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

  it('with a feed clock, checks the reading time: not before 2000, at most the tolerance ahead of the clock', () => {
    const clock = Date.UTC(2026, 0, 5);
    const at = (ts: number) => validateReading({ sensorId: 'traffic:1', ts, values: {} }, catalogue, { feedClock: clock });
    expect(at(clock + READING_AHEAD_TOLERANCE_MS)).toMatchObject({ ok: true });
    expect(at(clock - 30 * 24 * 3600_000)).toMatchObject({ ok: true }); // late is fine
    expect(at(clock + READING_AHEAD_TOLERANCE_MS + 1)).toEqual({ ok: false, reason: 'implausible-reading-time', detail: `traffic:1: ts ${new Date(clock + READING_AHEAD_TOLERANCE_MS + 1).toISOString()} is 5 min ahead of the feed clock (tolerance 5 min)` });
    expect(at(clock * 1000)).toMatchObject({ ok: false, reason: 'implausible-reading-time', detail: expect.stringMatching(/days ahead of the feed clock/) });
    expect(at(Math.floor(clock / 1000))).toMatchObject({ ok: false, reason: 'implausible-reading-time', detail: expect.stringMatching(/before 2000-01-01/) });
    expect(validateReading({ sensorId: 'traffic:1', ts: 1, values: {} }, catalogue)).toMatchObject({ ok: true }); // no clock given: shape and catalogue only
  });
});
