import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { aarhusLocalToUtc, loadDemoData, parseCsv } from '../../electron/demo-feed/data';
import { shippedRegistry } from '../../electron/engine/feed/registry';
import { checkCatalogue } from '../../electron/engine/feed/validation';
import { catalogueForProtocol, citySchema } from '../../electron/shared/protocol';

const data = loadDemoData(join(__dirname, '..', '..', 'assets'));

describe('demo data (shipped Aarhus week)', () => {
  it('has the 449 traffic segments, 8 car parks and 60 air-quality points, of shipped types; ids keep their v1 form', () => {
    const byKind = (k: string) => data.sensors.filter((s) => s.kind === k);
    expect(byKind('traffic')).toHaveLength(449);
    expect(byKind('car-park')).toHaveLength(8);
    expect(byKind('citypulse-air-index')).toHaveLength(60);
    expect(byKind('car-park').every((s) => s.id.startsWith('parking:'))).toBe(true);
    expect(byKind('citypulse-air-index').every((s) => s.id.startsWith('air:'))).toBe(true);
    expect(data.sensors.map((s) => s.id)).toContain('traffic:158324');
    expect(data.sensors.map((s) => s.id)).toContain('parking:NORREPORT');
    expect(data.sensors.map((s) => s.id)).toContain('air:190047');
    expect(new Set(data.sensors.map((s) => s.id)).size).toBe(data.sensors.length);
    expect(data.skipped).toEqual({});
  });

  it('keeps the data’s own values (first traffic row of segment 158324)', () => {
    const t = aarhusLocalToUtc('2014-08-01T07:50:00')!;
    expect(new Date(t).toISOString()).toBe('2014-08-01T05:50:00.000Z'); // CEST = UTC+2
    const r = data.readings.find((x) => x.sensorId === 'traffic:158324' && x.ts === t);
    expect(r?.values).toEqual({ avgSpeedKmh: 50, vehicleCount: 5, avgMeasuredTimeS: 74, medianMeasuredTimeS: 74 });
    const seg = data.sensors.find((s) => s.id === 'traffic:158324')!;
    expect(seg.geometry.type).toBe('LineString');
    expect(typeof seg.attributes.normalSpeedKmh).toBe('number');
  });

  it('contains every traffic and air row of the week and only the demo week of parking', () => {
    const count = (k: string) => data.readings.filter((r) => r.sensorId.startsWith(k + ':')).length;
    expect(count('traffic')).toBe(786_280);
    expect(count('air')).toBe(120_900);
    expect(count('parking')).toBe(2136);
    const firstOutOfOrder = data.readings.findIndex((r, i) => i > 0 && r.ts < data.readings[i - 1]!.ts);
    expect(firstOutOfOrder).toBe(-1);
  });

  it('loads exactly what the hand-written CSV parser and zone offset loaded (checksum of every sensor and reading)', () => {
    // Taken with the loader before csv-parse and Temporal replaced its own CSV splitting and Copenhagen offset, and
    // before the kinds became registry types: hashed with the v1 kind names, nothing else has changed.
    const h = createHash('sha256');
    // Segments routed along the roads since (assets/city/traffic-routes.json.gz) are hashed by their end points, as loaded then.
    const ends = (s: (typeof data.sensors)[number]) => (s.geometry.type === 'LineString' ? { ...s, geometry: { ...s.geometry, coordinates: [s.geometry.coordinates[0]!, s.geometry.coordinates.at(-1)!] } } : s);
    for (const s of catalogueForProtocol({ feedId: 'f', sensors: data.sensors.map(ends) }, 1).sensors) h.update(JSON.stringify(s));
    for (const r of data.readings) h.update(JSON.stringify(r));
    h.update(JSON.stringify([data.start, data.end, data.skipped]));
    expect([data.sensors.length, data.readings.length]).toEqual([517, 909_316]);
    expect(h.digest('hex')).toBe('59a06f28fe8772d63834970bff7a21dafaa22def2b7571eef631521f98335df4');
  });

  it('keeps over-capacity car-park readings and flags them instead of cleaning them away', () => {
    const over = data.readings.filter((r) => r.sensorId.startsWith('parking:') && (r.values.vehicleCount ?? 0) > (r.values.totalSpaces ?? Infinity));
    expect(over.length).toBe(157);
    const sensor = data.sensors.find((s) => s.id === over[0]!.sensorId)!;
    expect(shippedRegistry().flags(sensor.kind, sensor.attributes, over[0]!.values)).toContain('over-capacity');
  });

  it('air quality is labelled as CityPulse simulated values', () => {
    const air = data.sensors.find((s) => s.kind === 'citypulse-air-index')!;
    expect(String(air.attributes.source)).toMatch(/simulated/);
    expect(shippedRegistry().get('citypulse-air-index')!.provenance).toBe('simulated');
  });

  it('is a valid v2 catalogue: the city of Aarhus in its zone, at home on the data, with its credits', () => {
    expect(data.city).toEqual({
      name: 'Aarhus',
      timeZone: 'Europe/Copenhagen',
      home: [expect.closeTo(10.1, 0), expect.closeTo(56.1, 0), expect.closeTo(10.2, 0), expect.closeTo(56.2, 0)],
      attribution: expect.stringMatching(/CityPulse.*OpenStreetMap/),
    });
    const [w, s, e, n] = data.city!.home!;
    for (const sensor of data.sensors) {
      const pts = sensor.geometry.type === 'Point' ? [sensor.geometry.coordinates] : (sensor.geometry.coordinates as [number, number][]);
      for (const [lng, lat] of pts) expect(lng >= w && lng <= e && lat >= s && lat <= n).toBe(true);
    }
    expect(citySchema.safeParse(data.city).success).toBe(true);
    const check = checkCatalogue({ feedId: 'aarhus-demo', city: data.city, sensors: data.sensors }, 2, shippedRegistry());
    expect(check.rejects).toEqual([]);
    expect(check.catalogue!.sensors).toHaveLength(517);
  });
});

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, CRLF and the pollution file’s CR inside a line', () => {
    const rows = parseCsv('a,b,c\r\n1,"x, ""y""",3\r\n4,5\r,6\n');
    expect(rows).toEqual([
      { a: '1', b: 'x, "y"', c: '3' },
      { a: '4', b: '5\r', c: '6' },
    ]);
  });

  it('trims the header (the pollution file’s "timestamp\\r"), skips empty lines, keeps a quoted line break, drops a BOM', () => {
    expect(parseCsv('\uFEFFts\r,id\n1\r,"a\nb"\n\n2,c\n')).toEqual([
      { ts: '1\r', id: 'a\nb' },
      { ts: '2', id: 'c' },
    ]);
  });

  it('a short row lacks the missing keys; fields beyond the header are dropped', () => {
    expect(parseCsv('a,b,c\n1\n1,2,3,4\n')).toEqual([{ a: '1' }, { a: '1', b: '2', c: '3' }]);
  });

  it('fails clearly on a quote that is never closed', () => {
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(/quote/i);
  });
});

describe('aarhusLocalToUtc (Europe/Copenhagen)', () => {
  const iso = (s: string) => {
    const t = aarhusLocalToUtc(s);
    return t === null ? null : new Date(t).toISOString();
  };

  it('reads winter time as UTC+1 and summer time as UTC+2, with milliseconds', () => {
    expect(iso('2014-01-15 12:00:00')).toBe('2014-01-15T11:00:00.000Z');
    expect(iso('2014-05-22 09:09:04.145')).toBe('2014-05-22T07:09:04.145Z');
    expect(iso('2014-08-01T07:50')).toBe('2014-08-01T05:50:00.000Z');
  });

  it('spring forward (2014-03-30, 02:00 CET -> 03:00 CEST): the skipped hour is read one hour later', () => {
    expect(iso('2014-03-30 01:59:59')).toBe('2014-03-30T00:59:59.000Z'); // CET
    expect(iso('2014-03-30 02:00:00')).toBe('2014-03-30T01:00:00.000Z'); // never shown on a clock: = 03:00 CEST
    expect(iso('2014-03-30 02:30:00')).toBe('2014-03-30T01:30:00.000Z'); // = 03:30 CEST
    expect(iso('2014-03-30 03:00:00')).toBe('2014-03-30T01:00:00.000Z'); // CEST
    expect(iso('2014-03-30 03:30:00')).toBe('2014-03-30T01:30:00.000Z');
  });

  it('fall back (2014-10-26, 03:00 CEST -> 02:00 CET): the repeated hour is read as its first pass (CEST)', () => {
    expect(iso('2014-10-26 01:59:59')).toBe('2014-10-25T23:59:59.000Z'); // CEST
    expect(iso('2014-10-26 02:00:00')).toBe('2014-10-26T00:00:00.000Z'); // first 02:00, CEST
    expect(iso('2014-10-26 02:59:59')).toBe('2014-10-26T00:59:59.000Z');
    expect(iso('2014-10-26 03:00:00')).toBe('2014-10-26T02:00:00.000Z'); // CET
  });

  it('rejects text that is not a valid local date-time', () => {
    expect(aarhusLocalToUtc('yesterday')).toBeNull();
    expect(aarhusLocalToUtc('2014-13-45 99:00:00')).toBeNull();
    expect(aarhusLocalToUtc('2014-08-01 24:00:00')).toBeNull();
    expect(aarhusLocalToUtc('2014-02-30 12:00:00')).toBeNull();
    expect(aarhusLocalToUtc('2014-08-01 12:60:00')).toBeNull();
    expect(aarhusLocalToUtc('2014-08-01 12:00:00+02:00')).toBeNull();
  });
});
