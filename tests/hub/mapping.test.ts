/**
 * The mapping, record by record: field paths, positions, times with and without zones, unit conversion, values kept
 * as they are (zeros, impossible values, empty fields), and every rejection with its reason and a detail that names
 * the field and the value. Compile-time problems come back as path issues.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileMapping, type MappingSpec } from '../../electron/hub/mapping';
import { parseFieldPath, readPath } from '../../electron/hub/field-path';
import { SHIPPED_TYPES } from '../../electron/shared/sensor-types/shipped';
import type { SensorType } from '../../electron/shared/sensor-types/types';

const type = (id: string): SensorType => SHIPPED_TYPES.find((t) => t.id === id)!;
const weather = type('weather');
const air = type('air-quality');
const traffic = type('traffic');

function compile(spec: MappingSpec, t: SensorType = weather, table?: Map<string, unknown>) {
  const c = compileMapping(spec, t, table);
  if (!c.ok) throw new Error(JSON.stringify(c.issues));
  return c.mapping;
}

const aberdeenWeather: MappingSpec = {
  id: 'sensor_id',
  name: 'name',
  position: { lon: 'lon', lat: 'lat' },
  time: { field: 'timestamp_utc' },
  metrics: { temperature: { field: 'temperature_c', unit: '°C' }, humidity: { field: 'humidity_pct', unit: '%' }, pressure: { field: 'pressure_pa', unit: 'Pa' } },
  attributes: { sensorModel: 'sensor_type' },
};
const table = new Map<string, unknown>([['sc-24544', { id: 'sc-24544', name: 'BME280 #24544', lat: '57.20352965', lon: '-2.28857231', sensor_type: 'BME280' }]]);

describe('a record becomes a sensor and a reading', () => {
  it('reads a CSV row, takes name and position from the sensor table, converts Pa to hPa', () => {
    const m = compile(aberdeenWeather, weather, table);
    const r = m.map({ sensor_id: 'sc-24544', timestamp_utc: '2019-05-20T00:00:05Z', temperature_c: '13.00', humidity_pct: '86.20', pressure_pa: '101325.50' });
    expect(r).toEqual({
      ok: true,
      sensor: { id: 'weather:sc-24544', rawId: 'sc-24544', name: 'BME280 #24544', geometry: { type: 'Point', coordinates: [-2.28857231, 57.20352965] }, attributes: { sensorModel: 'BME280' } },
      reading: { sensorId: 'weather:sc-24544', ts: Date.UTC(2019, 4, 20, 0, 0, 5), values: { temperature: 13, humidity: 86.2, pressure: expect.closeTo(1013.255, 9) } },
    });
  });

  it('keeps zeros, impossible values and saturated sensors as they are; an empty field is null; an absent one is left out', () => {
    const m = compile(aberdeenWeather, weather, table);
    const r = m.map({ sensor_id: 'sc-24544', timestamp_utc: '2019-05-20T00:00:05Z', temperature_c: '0', humidity_pct: '100.00', pressure_pa: '' });
    expect(r.ok && r.reading.values).toEqual({ temperature: 0, humidity: 100, pressure: null });
    const neg = m.map({ sensor_id: 'sc-24544', timestamp_utc: '2019-05-20T00:00:05Z', temperature_c: '-999', humidity_pct: '250' });
    expect(neg.ok && neg.reading.values).toEqual({ temperature: -999, humidity: 250 });
    const pm = compile({ id: 'id', time: { field: 't' }, metrics: { pm10: { field: 'pm10', unit: 'µg/m³' } } }, air).map({ id: 'x', t: '2019-05-20T00:00:05Z', pm10: 999.9 });
    expect(pm.ok && pm.reading.values).toEqual({ pm10: 999.9 });
  });

  it('follows dot and bracket paths, and reads a GeoJSON feature', () => {
    const m = compile(
      { id: 'properties["station.id"]', name: 'properties.names[1]', position: { geometry: 'geometry' }, time: { field: 'properties.obs.t', format: 'epoch-s' }, metrics: { no2: { field: 'properties.obs.values[0]', unit: 'mg/m³' } } },
      air,
    );
    const r = m.map({ type: 'Feature', geometry: { type: 'Point', coordinates: [-2.1, 57.15] }, properties: { 'station.id': 42, names: ['a', 'Union St'], obs: { t: 1558310400, values: [0.04] } } });
    expect(r).toMatchObject({ ok: true, sensor: { id: 'air-quality:42', name: 'Union St', geometry: { type: 'Point', coordinates: [-2.1, 57.15] } }, reading: { ts: 1558310400_000, values: { no2: expect.closeTo(40, 9) } } });
  });

  it('reads a unit named by each record, and converts it', () => {
    const m = compile({ id: 'id', time: { field: 't', format: 'epoch-ms' }, metrics: { temperature: { field: 'v', unit: { field: 'u' } } } });
    expect(m.map({ id: 'a', t: 1558310400000, v: 212, u: '°F' })).toMatchObject({ ok: true, reading: { values: { temperature: expect.closeTo(100, 9) } } });
    expect(m.map({ id: 'a', t: 1558310400000, v: 3, u: 'furlongs' })).toMatchObject({ ok: false, reason: 'unknown-unit', detail: expect.stringContaining('"furlongs"') });
    expect(m.map({ id: 'a', t: 1558310400000, v: 3, u: 'hPa' })).toMatchObject({ ok: false, reason: 'incompatible-unit', detail: expect.stringContaining('"hPa"') });
  });

  it('percent-encodes whitespace in ids, so that one source id gives one sensor id', () => {
    const m = compile({ id: 'id', position: { lon: 'x', lat: 'y' }, time: { field: 't' }, metrics: { temperature: { field: 'v', unit: '°C' } } });
    expect(m.map({ id: 'Union St 5%', x: 1, y: 2, t: '2019-05-20T00:00:00Z', v: 1 })).toMatchObject({ ok: true, sensor: { id: 'weather:Union%20St%205%25', rawId: 'Union St 5%' } });
  });
});

describe('times', () => {
  const at = (time: MappingSpec['time']) => {
    const m = compile({ id: 'id', time, metrics: { temperature: { field: 'v', unit: '°C' } } });
    return (t: unknown) => {
      const r = m.map({ id: 'a', t, v: 1 });
      return r.ok ? r.reading.ts : `${r.reason}: ${r.detail}`;
    };
  };

  it('reads ISO times with a zone, with an offset, and zoneless ones in the mapping zone (BST in May)', () => {
    const iso = at({ field: 't', format: 'iso', zone: 'Europe/London' });
    expect(iso('2019-05-20T12:00:00Z')).toBe(Date.UTC(2019, 4, 20, 12));
    expect(iso('2019-05-20T12:00:00.250+02:00')).toBe(Date.UTC(2019, 4, 20, 10, 0, 0, 250));
    expect(iso('2019-05-20 12:00:00')).toBe(Date.UTC(2019, 4, 20, 11));
    expect(iso('2019-01-20T12:00')).toBe(Date.UTC(2019, 0, 20, 12));
  });

  it('reads epoch seconds, milliseconds and patterns; at a DST gap a skipped time is read one hour later', () => {
    expect(at({ field: 't', format: 'epoch-s' })('1558310400.5')).toBe(1558310400500);
    expect(at({ field: 't', format: 'epoch-ms' })(1558310400500)).toBe(1558310400500);
    const p = at({ field: 't', format: { pattern: 'DD/MM/YYYY HH:mm' }, zone: 'Europe/London' });
    expect(p('20/05/2019 13:30')).toBe(Date.UTC(2019, 4, 20, 12, 30));
    expect(p('31/03/2019 01:30')).toBe(Date.UTC(2019, 2, 31, 1, 30)); // 01:30 does not exist in London that night: 02:30 BST
  });

  it('rejects what is not a time, naming the field and the value', () => {
    const iso = at({ field: 't' });
    expect(iso('yesterday')).toBe('bad-time: t: "yesterday" is not an ISO 8601 date-time');
    expect(iso('2019-02-30T00:00:00Z')).toMatch(/^bad-time: t: .*day 30 does not exist in 2019-02/);
    expect(iso('2019-05-20T25:00:00Z')).toMatch(/^bad-time: .*does not exist/);
    expect(iso('2019-05-20T12:00:00')).toBe('bad-time: t: "2019-05-20T12:00:00" has no zone and the mapping gives none (time.zone)');
    expect(iso(1558310400)).toMatch(/^bad-time: t: 1558310400 is not a date-time text/);
    expect(at({ field: 't', format: 'epoch-s' })('soon')).toMatch(/^bad-time: t: "soon" is not a number of seconds/);
    expect(iso(undefined)).toBe('missing-field: no time at t');
  });
});

describe('rejections, each with its reason and a detail naming the field and value', () => {
  const m = compile({ ...aberdeenWeather, where: undefined }, weather);
  const base = { sensor_id: 'sc-1', lat: '57.1', lon: '-2.1', timestamp_utc: '2019-05-20T00:00:05Z', temperature_c: '13.0' };
  it.each([
    ['a number', 42, 'not-an-object', '42'],
    ['null', null, 'not-an-object', 'null'],
    ['no id', { ...base, sensor_id: undefined }, 'missing-field', 'no sensor id at sensor_id'],
    ['an object as id', { ...base, sensor_id: { a: 1 } }, 'bad-id', '{"a":1}'],
    ['a control character in the id', { ...base, sensor_id: 'a\u0000b' }, 'bad-id', 'control characters'],
    ['a very long id', { ...base, sensor_id: 'x'.repeat(300) }, 'bad-id', 'too long'],
    ['no metric at all', { sensor_id: 'sc-1', lat: '57.1', lon: '-2.1', timestamp_utc: '2019-05-20T00:00:05Z' }, 'missing-field', 'none of the metric fields'],
    ['a word for a number', { ...base, temperature_c: 'warm' }, 'bad-number', 'temperature_c is "warm"'],
    ['a decimal comma', { ...base, temperature_c: '13,5' }, 'bad-number', '"13,5"'],
    ['a boolean', { ...base, temperature_c: true }, 'bad-number', 'true'],
    ['a latitude out of range', { ...base, lat: '95' }, 'bad-position', 'lat is "95"'],
    ['a longitude that is not a number', { ...base, lon: 'west' }, 'bad-position', 'lon is "west"'],
    ['a missing longitude', { ...base, lon: undefined }, 'bad-position', 'lon is missing'],
  ])('%s', (_what, record, reason, detail) => {
    const r = m.map(record);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      expect(r.detail).toContain(detail);
    }
  });

  it('a GeoJSON geometry of the wrong kind for the type', () => {
    const line = compile({ id: 'id', position: { geometry: 'g' }, time: { field: 't' }, metrics: { vehicleCount: { field: 'v', unit: '' } } }, traffic);
    expect(line.map({ id: 1, g: { type: 'Point', coordinates: [1, 2] }, t: '2019-05-20T00:00:00Z', v: 3 })).toMatchObject({ ok: false, reason: 'bad-position', detail: expect.stringContaining('needs a LineString') });
    expect(line.map({ id: 1, g: { type: 'LineString', coordinates: [[1, 2], [3, 2]] }, t: '2019-05-20T00:00:00Z', v: 3 })).toMatchObject({ ok: true, sensor: { geometry: { type: 'LineString' } } });
    const pt = compile({ id: 'id', position: { geometry: 'g' }, time: { field: 't' }, metrics: { temperature: { field: 'v', unit: '°C' } } });
    expect(pt.map({ id: 1, g: { type: 'Polygon', coordinates: [] }, t: '2019-05-20T00:00:00Z', v: 3 })).toMatchObject({ ok: false, reason: 'bad-position', detail: expect.stringContaining('"Polygon"') });
    expect(pt.map({ id: 1, g: { type: 'Point', coordinates: [200, 2] }, t: '2019-05-20T00:00:00Z', v: 3 })).toMatchObject({ ok: false, reason: 'bad-position' });
  });

  it("leaves records outside the mapping's where to other sources", () => {
    const dht = compile({ ...aberdeenWeather, where: { field: 'sensor_type', in: ['DHT22'] } }, weather, table);
    expect(dht.map({ sensor_id: 'sc-24544', timestamp_utc: '2019-05-20T00:00:05Z', temperature_c: '1' })).toEqual({ ok: false, reason: 'not-selected', detail: 'sensor_type is "BME280"' });
  });

  it('never throws, whatever the record (property)', () => {
    const mm = compile(aberdeenWeather, weather, table);
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const r = mm.map(v);
        return typeof r.ok === 'boolean';
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.record({ sensor_id: fc.oneof(fc.string(), fc.integer()), timestamp_utc: fc.string(), temperature_c: fc.oneof(fc.string(), fc.double()), lat: fc.string(), lon: fc.string() }, { requiredKeys: [] }), (v) => {
        const r = mm.map(v);
        return r.ok ? Number.isFinite(r.reading.ts) : r.detail.length > 0;
      }),
      { numRuns: 500 },
    );
  });
});

describe('compiling a mapping', () => {
  const issues = (spec: MappingSpec, t: SensorType = weather) => {
    const c = compileMapping(spec, t);
    return c.ok ? [] : c.issues.map((i) => `${i.path}: ${i.message}`);
  };
  const ok: MappingSpec = { id: 'id', time: { field: 't' }, metrics: { temperature: { field: 'v', unit: '°C' } } };

  it('accepts a good mapping', () => expect(issues(ok)).toEqual([]));
  it('names every problem with its path', () => {
    expect(issues({ ...ok, metrics: { pm1: { field: 'v', unit: 'µg/m³' } } }, air)).toEqual([expect.stringMatching(/^metrics\.pm1: the type air-quality has no metric pm1 \(it has .*pm10/)]);
    expect(issues({ ...ok, metrics: { temperature: { field: 'v', unit: 'furlongs' } } })).toEqual(['metrics.temperature.unit: unknown unit "furlongs"']);
    expect(issues({ ...ok, metrics: { temperature: { field: 'v', unit: 'hPa' } } })).toEqual([expect.stringMatching(/^metrics\.temperature\.unit: "hPa" cannot be converted to "°C"/)]);
    expect(issues({ ...ok, metrics: {} })).toEqual(['metrics: map at least one metric']);
    expect(issues({ ...ok, id: 'a..b' })).toEqual([expect.stringMatching(/^id: expected a field name/)]);
    expect(issues({ ...ok, time: { field: 't', zone: 'Mars/Olympus' } })).toEqual(['time.zone: must be an IANA time zone']);
    expect(issues({ ...ok, time: { field: 't', format: { pattern: 'HH:mm' }, zone: 'UTC' } })).toEqual([expect.stringMatching(/^time\.format\.pattern: a pattern needs YYYY/)]);
    expect(issues({ ...ok, time: { field: 't', format: { pattern: 'YYYY-MM-DD' } } })).toEqual([expect.stringMatching(/^time\.zone: a time pattern has no zone/)]);
    expect(issues({ ...ok, position: { lon: 'x', lat: 'y' }, metrics: { vehicleCount: { field: 'v', unit: '' } } }, traffic)).toEqual([expect.stringMatching(/^position: the type traffic is drawn as a line/)]);
    const derived = traffic.derived[0];
    if (derived) expect(issues({ ...ok, metrics: { [derived.id]: { field: 'v', unit: derived.unit } } }, traffic)).toEqual([expect.stringMatching(/is derived by the type traffic/)]);
  });
});

describe('field paths', () => {
  it('parses dots, indexes and quoted names; reads own properties only', () => {
    expect(parseFieldPath('a.b[0]["c.d"][\'e\']')).toEqual({ ok: true, segments: ['a', 'b', 0, 'c.d', 'e'] });
    expect(parseFieldPath('')).toEqual({ ok: true, segments: [] });
    for (const bad of ['a.', '.a', 'a[', 'a[x]', 'a b', 'a]']) expect(parseFieldPath(bad).ok, bad).toBe(false);
    expect(readPath({ a: [{ b: 1 }] }, ['a', 0, 'b'])).toBe(1);
    expect(readPath({}, ['constructor'])).toBeUndefined();
    expect(readPath({}, ['__proto__'])).toBeUndefined();
    expect(readPath({ a: 'text' }, ['a', 0])).toBeUndefined();
    expect(readPath({ a: [1] }, ['a', 5])).toBeUndefined();
  });
});
