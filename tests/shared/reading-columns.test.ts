import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_READINGS } from '../../electron/shared/protocol';
import {
  COLUMNS_HEADER_BYTES,
  COLUMNS_MAX_ROWS,
  ColumnsFrameError,
  crc32,
  decodeColumns,
  encodeColumns,
  frameReadings,
  type ColumnsBatch,
  type ColumnsReading,
} from '../../electron/shared/reading-columns';

/** A dictionary as a server keeps it: append-only, an index per id. */
function dictionary() {
  const ids: string[] = [];
  const at = new Map<string, number>();
  return {
    ids,
    indexOf: (id: string) => {
      let i = at.get(id);
      if (i === undefined) at.set(id, (i = ids.push(id) - 1));
      return i;
    },
  };
}

function roundTrip(batch: ColumnsBatch): { readings: ColumnsReading[]; bytes: Uint8Array } {
  const d = dictionary();
  const bytes = encodeColumns(batch, d.indexOf);
  const frame = decodeColumns(bytes);
  expect(frame.feedId).toBe(batch.feedId);
  expect(Object.is(frame.seq, batch.seq)).toBe(true);
  expect(Object.is(frame.feedTime, batch.feedTime)).toBe(true);
  expect(frame.rows).toBe(batch.readings.length);
  expect(frame.dictionarySize).toBeLessThanOrEqual(d.ids.length);
  return { readings: frameReadings(frame, d.ids), bytes };
}

/** Same value bit for bit (NaN is NaN, -0 is -0), same keys (order is not meaning), null stays null. */
function expectSameReadings(got: ColumnsReading[], want: readonly ColumnsReading[]) {
  expect(got.length).toBe(want.length);
  const problems: string[] = [];
  const same = (a: unknown, b: unknown, what: string) => {
    if (!Object.is(a, b)) problems.push(`${what}: ${String(a)} vs ${String(b)}`);
  };
  for (let i = 0; i < want.length && problems.length < 5; i++) {
    const g = got[i]!;
    const w = want[i]!;
    same(g.sensorId, w.sensorId, `${i}.sensorId`);
    same(g.ts, w.ts, `${i}.ts`);
    same(Object.keys(g.values).sort().join('|'), Object.keys(w.values).sort().join('|'), `${i} keys`);
    for (const k of Object.keys(w.values)) {
      same(Object.hasOwn(g.values, k), true, `${i}.${k} own`);
      same(g.values[k], w.values[k], `${i}.${k}`);
    }
    same(g.position === undefined, w.position === undefined, `${i}.position`);
    if (w.position && g.position) {
      same(g.position[0], w.position[0], `${i}.lng`);
      same(g.position[1], w.position[1], `${i}.lat`);
    }
  }
  expect(problems).toEqual([]);
}

const anyDouble = fc.double(); // includes NaN, ±Infinity, -0, huge and tiny
const fieldName = fc.constantFrom('avgSpeedKmh', 'vehicleCount', 'totalSpaces', 'ozone', 'x', 'æøå-µg/m³', '', '__proto__', 'constructor');
const reading = fc.record(
  {
    sensorId: fc.oneof(fc.constantFrom('traffic:158324', 'parking:NORREPORT', 'air:1', 'urn:ngsi-ld:Device:42', 'bus-7'), fc.string({ minLength: 1, maxLength: 30 })),
    ts: fc.oneof(fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }), fc.maxSafeInteger(), anyDouble),
    values: fc.dictionary(fieldName, fc.oneof(anyDouble, fc.constant(null), fc.integer({ min: -1e9, max: 1e9 })), { maxKeys: 5 }),
    position: fc.tuple(anyDouble, anyDouble),
  },
  { requiredKeys: ['sensorId', 'ts', 'values'] },
);
const batch = fc.record({
  feedId: fc.string({ maxLength: 40 }),
  seq: fc.oneof(fc.nat(), fc.maxSafeInteger()),
  feedTime: anyDouble,
  readings: fc.array(reading, { maxLength: 60 }),
});

describe('reading columns codec', () => {
  it('round-trips any batch exactly: nulls stay null, absent stays absent, NaN, -0, negative and huge values as sent', () => {
    fc.assert(
      fc.property(batch, (b) => {
        expectSameReadings(roundTrip(b).readings, b.readings);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips the edge cases named in the issue', () => {
    const readings: ColumnsReading[] = [
      { sensorId: 'traffic:1', ts: 1796140800000, values: { avgSpeedKmh: null, vehicleCount: 0 } },
      { sensorId: 'traffic:2', ts: 1796140800001, values: { avgSpeedKmh: NaN, vehicleCount: -0 } },
      { sensorId: 'parking:A', ts: 1796140800002, values: { vehicleCount: -5, totalSpaces: 1e308 } },
      { sensorId: 'parking:B', ts: 1796140800003, values: { vehicleCount: Number.MAX_VALUE, totalSpaces: -Infinity } },
      { sensorId: 'bus-7', ts: 1796140800004, values: {}, position: [10.2, 56.1] },
      { sensorId: 'traffic:1', ts: 0, values: { avgSpeedKmh: 5e-324 } },
    ];
    const { readings: got } = roundTrip({ feedId: 'f', seq: 12, feedTime: 1796140800000, readings });
    expectSameReadings(got, readings);
    expect(got[0]!.values.avgSpeedKmh).toBeNull(); // a null is not a zero
    expect('totalSpaces' in got[0]!.values).toBe(false); // absent is not null
  });

  it('round-trips an empty batch (a heartbeat)', () => {
    const { readings, bytes } = roundTrip({ feedId: 'aarhus-demo', seq: 1, feedTime: 1796140800000, readings: [] });
    expect(readings).toEqual([]);
    expect(bytes.length).toBeLessThan(COLUMNS_HEADER_BYTES + 32);
  });

  it('round-trips 100,000 rows, timestamps as deltas when they fit and as Float64 when they do not', () => {
    const n = COLUMNS_MAX_ROWS;
    const mk = (tsOf: (i: number) => number) =>
      Array.from({ length: n }, (_, i): ColumnsReading => ({
        sensorId: `traffic:${i % 20_000}`,
        ts: tsOf(i),
        values: i % 7 === 0 ? { avgSpeedKmh: null, vehicleCount: i } : { avgSpeedKmh: i / 3, vehicleCount: i, ...(i % 5 === 0 ? { extra: -i } : {}) },
      }));
    for (const readings of [mk((i) => 1796140800000 + i * 10), mk((i) => (i % 2 ? 1796140800000 : 1e15 + i))]) {
      const { readings: got, bytes } = roundTrip({ feedId: 'scale', seq: 99, feedTime: 1796140800000, readings });
      expectSameReadings(got, readings);
      expect(bytes.length / n).toBeLessThan(40);
    }
  });

  it('holds the same row cap as the protocol', () => {
    expect(COLUMNS_MAX_ROWS).toBe(MAX_BATCH_READINGS);
    const d = dictionary();
    const readings = Array.from({ length: COLUMNS_MAX_ROWS + 1 }, () => ({ sensorId: 'a', ts: 1, values: {} }));
    expect(() => encodeColumns({ feedId: 'f', seq: 1, feedTime: 1, readings }, d.indexOf)).toThrow(RangeError);
  });

  it('decodes a frame at any byte offset (a Node Buffer from a pooled slab)', () => {
    const readings: ColumnsReading[] = [{ sensorId: 'a', ts: 1796140800000, values: { v: 1.5 } }];
    const bytes = encodeColumns({ feedId: 'f', seq: 1, feedTime: 2, readings }, dictionary().indexOf);
    const slab = new Uint8Array(bytes.length + 3);
    slab.set(bytes, 3);
    const frame = decodeColumns(slab.subarray(3));
    expect(frame.fields[0]!.values[0]).toBe(1.5);
  });

  it('carries any text in ids, field names and the feed id as UTF-8, and refuses a lone surrogate rather than change it', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(text, text, text, (feedId, id, field) => {
        const readings = [{ sensorId: id, ts: 1, values: { [field]: 1 } }];
        const b = { feedId, seq: 1, feedTime: 1, readings };
        expectSameReadings(roundTrip(b).readings, readings);
      }),
    );
    expect(() => encodeColumns({ feedId: 'f', seq: 1, feedTime: 1, readings: [{ sensorId: 'a\ud800', ts: 1, values: {} }] }, dictionary().indexOf)).not.toThrow(); // ids are not in the frame
    expect(() => encodeColumns({ feedId: 'f\ud800', seq: 1, feedTime: 1, readings: [] }, dictionary().indexOf)).toThrow(/lone surrogate/);
    expect(() => encodeColumns({ feedId: 'f', seq: 1, feedTime: 1, readings: [{ sensorId: 'a', ts: 1, values: { 'x\udc00': 1 } }] }, dictionary().indexOf)).toThrow(/lone surrogate/);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('reading columns codec: truncated or corrupt input is rejected whole, with a clear error', () => {
  const sample = (): Uint8Array =>
    encodeColumns(
      {
        feedId: 'aarhus-demo',
        seq: 7,
        feedTime: 1796140800000,
        readings: [
          { sensorId: 'traffic:1', ts: 1796140800000, values: { avgSpeedKmh: 50, vehicleCount: null } },
          { sensorId: 'bus-7', ts: 1796140800500, values: { occupancy: 3 }, position: [10.2, 56.1] },
        ],
      },
      dictionary().indexOf,
    );

  it('refuses every truncation', () => {
    const bytes = sample();
    for (let n = 0; n < bytes.length; n++) expect(() => decodeColumns(bytes.subarray(0, n)), `${n} bytes`).toThrow(/truncated/);
  });

  it('refuses trailing bytes', () => {
    const bytes = sample();
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    expect(() => decodeColumns(longer)).toThrow(/after the frame's end/);
  });

  it('refuses any single flipped bit (checksum, magic, version or length)', () => {
    const bytes = sample();
    fc.assert(
      fc.property(fc.nat(bytes.length * 8 - 1), (bit) => {
        const copy = bytes.slice();
        copy[bit >>> 3]! ^= 1 << (bit & 7);
        expect(() => decodeColumns(copy)).toThrow(ColumnsFrameError);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses random bytes and non-bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (junk) => {
        expect(() => decodeColumns(junk)).toThrow(ColumnsFrameError);
      }),
    );
    for (const x of [null, undefined, 'CDRC', 42, {}, [1, 2]]) expect(() => decodeColumns(x)).toThrow(/expected bytes/);
  });

  it('refuses a well-checksummed frame whose contents are inconsistent', () => {
    const resign = (b: Uint8Array) => {
      new DataView(b.buffer, b.byteOffset).setUint32(12, crc32(b, 16, b.length), true);
      return b;
    };
    const bad = (edit: (dv: DataView, b: Uint8Array) => void) => {
      const b = sample().slice();
      edit(new DataView(b.buffer, b.byteOffset), b);
      return () => decodeColumns(resign(b));
    };
    expect(bad((dv) => dv.setUint8(4, 2))).toThrow(/format version 2/);
    expect(bad((dv) => dv.setUint8(5, 0x80))).toThrow(/unknown flags/);
    expect(bad((dv) => dv.setUint32(32, 3, true))).toThrow(ColumnsFrameError); // rows: columns no longer fit
    expect(bad((dv) => dv.setUint32(36, 1, true))).toThrow(/dictionary ids/);
    expect(bad((dv) => dv.setUint8(40, 9))).toThrow(/timestamp mode 9/);
    expect(bad((dv) => dv.setUint8(44, 1))).toThrow(/reserved/);
    expect(bad((dv) => dv.setUint32(32, 200_000, true))).toThrow(/200000 rows/);
  });
});
