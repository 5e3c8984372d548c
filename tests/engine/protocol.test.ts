import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { checkCatalogue, checkHello } from '../../electron/engine/feed/validation';
import { shippedRegistry } from '../../electron/engine/feed/registry';
import type { Sensor } from '../../electron/shared/model';
import {
  MAX_TYPE_METRICS,
  MAX_TYPES,
  READING_AHEAD_TOLERANCE_MS,
  V1_KIND_TYPES,
  catalogueForProtocol,
  describeTime,
  citySchema,
  isIanaTimeZone,
  isReadingShape,
  rawMetricSets,
  readingSchema,
  validateReading,
} from '../../electron/shared/protocol';
import { protocolJsonSchemaText } from '../../electron/shared/protocol-json-schema';
import { tinyData } from '../helpers/feed';
import { riverGauge, riverLevelType } from './fixtures/feed-types';

const catalogue = new Map(tinyData().sensors.map((s) => [s.id, s]));
const metrics = rawMetricSets(shippedRegistry());
const T0 = Date.UTC(2026, 0, 5, 8, 0);

const cases: unknown[] = [
  { sensorId: 'traffic:1', ts: 1, values: { avgSpeedKmh: 3 } },
  { sensorId: 'traffic:1', ts: 0, values: {} },
  { sensorId: 'traffic:1', ts: 1, values: { avgSpeedKmh: null }, extra: 'ignored' },
  { sensorId: 'traffic:1', ts: 1.5, values: {} },
  { sensorId: 'traffic:1', ts: -1, values: {} },
  { sensorId: 'traffic:1', ts: 8.64e15 + 1, values: {} },
  { sensorId: 'traffic:1', ts: '1', values: {} },
  { sensorId: 'a', ts: 1, values: {} },
  { sensorId: '', ts: 1, values: {} },
  { sensorId: 'x'.repeat(201), ts: 1, values: {} },
  { sensorId: 5, ts: 1, values: {} },
  { sensorId: 'traffic:1', ts: 1, values: [] },
  { sensorId: 'traffic:1', ts: 1, values: null },
  { sensorId: 'traffic:1', ts: 1, values: { a: '3' } },
  { sensorId: 'traffic:1', ts: 1, values: { a: Infinity } },
  { sensorId: 'traffic:1', ts: 1, values: { a: NaN } },
  { sensorId: 'traffic:1', ts: 1, values: { a: { b: 1 } } },
  { sensorId: 'traffic:1', ts: 1 },
  { sensorId: 'bus:7', ts: 1, values: {}, position: [10.2, 56.1] },
  { sensorId: 'bus:7', ts: 1, values: {}, position: [181, 56.1] },
  { sensorId: 'bus:7', ts: 1, values: {}, position: [10.2, -91] },
  { sensorId: 'bus:7', ts: 1, values: {}, position: [10.2] },
  { sensorId: 'bus:7', ts: 1, values: {}, position: [10.2, 56.1, 3] },
  { sensorId: 'bus:7', ts: 1, values: {}, position: ['10.2', 56.1] },
  { sensorId: 'bus:7', ts: 1, values: {}, position: { lng: 10.2, lat: 56.1 } },
  { sensorId: 'bus:7', ts: 1, values: {}, position: null },
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
    expect(validateReading({ sensorId: 'traffic:1', ts: 'x', values: {} }, catalogue, metrics)).toMatchObject({ ok: false, reason: 'malformed-reading', detail: expect.stringMatching(/^ts: /) });
    expect(validateReading({ sensorId: 'traffic:9', ts: 1, values: {} }, catalogue, metrics)).toMatchObject({ ok: false, reason: 'unknown-sensor' });
    expect(validateReading({ sensorId: 'traffic:1', ts: 1, values: { avgSpeedKmh: 3 }, extra: 1 }, catalogue, metrics)).toEqual({ ok: true, reading: { sensorId: 'traffic:1', ts: 1, values: { avgSpeedKmh: 3 } }, unknownMetrics: null });
  });

  it('a metric the type lacks costs only itself: the other metrics are kept and the unknown ones named', () => {
    const raw = { sensorId: 'traffic:1', ts: 1, values: { avgSpeedKmh: 3, ozone: 7, vehicleCount: null, pm25: 1 } };
    expect(validateReading(raw, catalogue, metrics)).toEqual({ ok: true, reading: { sensorId: 'traffic:1', ts: 1, values: { avgSpeedKmh: 3, vehicleCount: null } }, unknownMetrics: ['ozone', 'pm25'] });
    expect(raw.values).toEqual({ avgSpeedKmh: 3, ozone: 7, vehicleCount: null, pm25: 1 }); // the input is not touched
    // A car park's derived metric is not a raw metric: a feed cannot send it.
    expect(validateReading({ sensorId: 'parking:P1', ts: 1, values: { vehicleCount: 3, occupancyPct: 99 } }, catalogue, metrics)).toMatchObject({ ok: true, reading: { values: { vehicleCount: 3 } }, unknownMetrics: ['occupancyPct'] });
    // Prototype keys are metric names like any other: unknown here, never reaching an object's prototype.
    const proto = validateReading(JSON.parse('{"sensorId": "traffic:1", "ts": 1, "values": {"__proto__": 5, "constructor": 1, "avgSpeedKmh": 2}}'), catalogue, metrics);
    expect(proto).toMatchObject({ ok: true, reading: { values: { avgSpeedKmh: 2 } }, unknownMetrics: ['__proto__', 'constructor'] });
    expect(Object.getPrototypeOf((proto as { reading: { values: object } }).reading.values)).toBe(Object.prototype);
    expect(Object.keys((proto as { reading: { values: object } }).reading.values)).toEqual(['avgSpeedKmh']);
  });

  it('keeps a moving point\'s position', () => {
    expect(validateReading({ sensorId: 'traffic:1', ts: 1, values: {}, position: [10.25, 56.15] }, catalogue, metrics)).toEqual({ ok: true, reading: { sensorId: 'traffic:1', ts: 1, values: {}, position: [10.25, 56.15] }, unknownMetrics: null });
  });

  it('with a feed clock, checks the reading time: not before 2000, at most the tolerance ahead of the clock', () => {
    const clock = Date.UTC(2026, 0, 5);
    const at = (ts: number) => validateReading({ sensorId: 'traffic:1', ts, values: {} }, catalogue, metrics, { feedClock: clock });
    expect(at(clock + READING_AHEAD_TOLERANCE_MS)).toMatchObject({ ok: true });
    expect(at(clock - 30 * 24 * 3600_000)).toMatchObject({ ok: true }); // late is fine
    expect(at(clock + READING_AHEAD_TOLERANCE_MS + 1)).toEqual({ ok: false, reason: 'implausible-reading-time', detail: `traffic:1: ts ${describeTime(clock + READING_AHEAD_TOLERANCE_MS + 1)} is 5 min ahead of the feed clock (tolerance 5 min)` });
    expect(at(clock * 1000)).toMatchObject({ ok: false, reason: 'implausible-reading-time', detail: expect.stringMatching(/days ahead of the feed clock/) });
    expect(at(Math.floor(clock / 1000))).toMatchObject({ ok: false, reason: 'implausible-reading-time', detail: expect.stringMatching(/before 2000-01-01/) });
    expect(validateReading({ sensorId: 'traffic:1', ts: 1, values: {} }, catalogue, metrics)).toMatchObject({ ok: true }); // no clock given: shape and catalogue only
  });
});

describe('hello: protocol versions', () => {
  const hello = (protocol: number) => ({ protocol, feedId: 'f', name: 'F', demo: false, feedTime: T0, speed: 1, oldestSeq: 1, nextSeq: 1 });
  it('accepts versions 1 and 2, refuses any other with the versions it speaks', () => {
    expect(checkHello(hello(1), T0)).toMatchObject({ ok: true, hello: { protocol: 1 } });
    expect(checkHello(hello(2), T0)).toMatchObject({ ok: true, hello: { protocol: 2 } });
    expect(checkHello(hello(3), T0)).toEqual({ ok: false, refusal: 'protocol', reject: { reason: 'protocol-version', detail: 'hello with protocol 3 (this app speaks 1 and 2; 2 preferred)', count: 1 } });
  });
});

describe('city', () => {
  it('a time zone is an IANA zone name the runtime knows', () => {
    for (const z of ['Europe/London', 'Europe/Copenhagen', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+1', 'Asia/Ho_Chi_Minh']) expect(isIanaTimeZone(z), z).toBe(true);
    for (const z of ['', 'Europe/Atlantis', '+01:00', 'GMT+1 ', 'europe london', '../../etc/passwd', 'CET; DROP', 'x'.repeat(300)]) expect(isIanaTimeZone(z), z).toBe(false);
  });

  it('validates the city with paths', () => {
    expect(citySchema.safeParse({ name: 'Aberdeen', timeZone: 'Europe/London', home: [-2.3, 57.0, -1.9, 57.3], attribution: 'Sensor.Community' }).success).toBe(true);
    const bad = citySchema.safeParse({ name: ' ', timeZone: 'Mars/Olympus', home: [10, 57, 9, 56] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['name', 'timeZone', 'home']);
  });
});

const v2Sensor = (over: Partial<Sensor> & Pick<Sensor, 'id' | 'kind'>): Sensor => ({ name: over.id, geometry: { type: 'Point', coordinates: [-2.1, 57.15] }, expectedIntervalS: 60, attributes: {}, ...over });

describe('catalogue validation', () => {
  const base = shippedRegistry();

  it('v1: the kinds are read as their registry types, ids unchanged; city and types are not v1 fields and are ignored', () => {
    const v1 = { feedId: 'f', city: { name: 'X', timeZone: 'UTC' }, types: [riverLevelType()], sensors: [
      { id: 'traffic:1', kind: 'traffic', name: 'A', geometry: { type: 'LineString', coordinates: [[10.1, 56.1], [10.2, 56.2]] }, expectedIntervalS: 300, attributes: {} },
      { id: 'parking:P1', kind: 'parking', name: 'P1', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 300, attributes: { capacity: 100 } },
      { id: 'air:1', kind: 'air', name: 'Air 1', geometry: { type: 'Point', coordinates: [10.21, 56.16] }, expectedIntervalS: 300, attributes: {} },
      { id: 'P2', kind: 'parking', name: 'no prefix', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 300, attributes: {} },
      { id: 'car-park:P3', kind: 'car-park', name: 'a v2 kind in v1', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 300, attributes: {} },
    ] };
    const res = checkCatalogue(v1, 1, base);
    expect(res.catalogue!.sensors.map((s) => [s.id, s.kind])).toEqual([['traffic:1', 'traffic'], ['parking:P1', 'car-park'], ['air:1', 'citypulse-air-index']]);
    expect(res.catalogue!.city).toBeNull();
    expect(res.catalogue!.types).toEqual([]);
    expect(res.rejects).toEqual([{ reason: 'malformed-message', count: 2, detail: expect.stringMatching(/^catalogue\.sensors\[3\]: id: .*must look like kind:identifier/) }]);
    expect(V1_KIND_TYPES).toEqual({ traffic: 'traffic', parking: 'car-park', air: 'citypulse-air-index' });
  });

  it('v2: city, the feed\'s types and sensors of shipped and sent types with ids of any form', () => {
    const res = checkCatalogue({
      feedId: 'f',
      city: { name: 'Aberdeen', timeZone: 'Europe/London', home: [-2.3, 57.0, -1.9, 57.3], attribution: 'Sensor.Community (ODbL)' },
      types: [riverLevelType()],
      sensors: [riverGauge('dee@ParkBridge', 3.5), v2Sensor({ id: 'bay-17', kind: 'car-park' }), v2Sensor({ id: 'ÆØÅ/🚲', kind: 'car-park' })],
    }, 2, base);
    expect(res.rejects).toEqual([]);
    expect(res.warnings).toEqual([]);
    const cat = res.catalogue!;
    expect(cat.city).toEqual({ name: 'Aberdeen', timeZone: 'Europe/London', home: [-2.3, 57.0, -1.9, 57.3], attribution: 'Sensor.Community (ODbL)' });
    expect(cat.types.map((t) => t.id)).toEqual(['river-level']);
    expect(cat.registry.has('river-level')).toBe(true);
    expect(cat.registry.has('car-park')).toBe(true);
    expect(base.has('river-level')).toBe(false); // the shipped registry is not changed by a feed
    expect(cat.sensors.map((s) => [s.id, s.kind])).toEqual([['dee@ParkBridge', 'river-level'], ['bay-17', 'car-park'], ['ÆØÅ/🚲', 'car-park']]);
  });

  it('v2 sensor ids: 1 to 200 characters without whitespace or control characters', () => {
    const ids = ['x', 'a'.repeat(200), 'urn:ngsi-ld:Device:42', 'ÆØÅ/🚲', '', 'a'.repeat(201), 'two words', 'tab\there', 'nul\u0000', 'nbsp\u00a0x'];
    const res = checkCatalogue({ feedId: 'f', sensors: ids.map((id) => v2Sensor({ id, kind: 'car-park' })) }, 2, base);
    expect(res.catalogue!.sensors.map((s) => s.id)).toEqual(ids.slice(0, 4));
  });

  it('a bad type document is rejected with its path errors and costs only the sensors of that type', () => {
    const bad = { ...riverLevelType(), metrics: [{ id: 'level m', label: 'Water level', unit: 'm', precision: 2, higherIsWorse: true }] };
    const res = checkCatalogue({ feedId: 'f', types: [bad], sensors: [riverGauge('g1', 3), v2Sensor({ id: 'bay-1', kind: 'car-park' })] }, 2, base);
    expect(res.catalogue!.sensors.map((s) => s.id)).toEqual(['bay-1']);
    expect(res.catalogue!.registry.has('river-level')).toBe(false);
    const byReason = Object.fromEntries(res.rejects.map((r) => [r.reason, r]));
    expect(byReason['invalid-type']).toMatchObject({ count: 1, detail: expect.stringMatching(/^catalogue\.types\[0\] \(river-level\): metrics\[0\]\.id: /) });
    expect(byReason['unknown-type']).toEqual({ reason: 'unknown-type', count: 1, detail: 'catalogue.sensors[0] (g1): its type river-level was rejected (invalid-type)' });
  });

  it('a sensor of a type neither shipped nor sent is rejected; so is one whose geometry does not fit its type', () => {
    const res = checkCatalogue({ feedId: 'f', sensors: [
      v2Sensor({ id: 'a', kind: 'submarine' }),
      v2Sensor({ id: 'b', kind: 'traffic' }),
      v2Sensor({ id: 'c', kind: 'car-park', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }),
      v2Sensor({ id: 'd', kind: 'car-park' }),
      v2Sensor({ id: 'e', kind: 'car-park', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] } }),
    ] }, 2, base);
    expect(res.catalogue!.sensors.map((s) => s.id)).toEqual(['d']);
    expect(res.rejects).toEqual([
      { reason: 'unknown-type', count: 1, detail: 'catalogue.sensors[0] (a): no type submarine is shipped or sent in this catalogue' },
      { reason: 'malformed-message', count: 3, detail: 'catalogue.sensors[1].geometry: a traffic sensor (line) has a LineString geometry, not a Point' },
    ]);
  });

  it('an area type\'s sensors are Polygons (closed rings)', () => {
    const zone = { ...riverLevelType(), id: 'flood-zone', geometry: 'area' };
    const ring: [number, number][] = [[-2.1, 57.1], [-2.0, 57.1], [-2.0, 57.2], [-2.1, 57.1]];
    const res = checkCatalogue({ feedId: 'f', types: [zone], sensors: [v2Sensor({ id: 'z1', kind: 'flood-zone', geometry: { type: 'Polygon', coordinates: [ring] } })] }, 2, base);
    expect(res.rejects).toEqual([]);
    expect(res.catalogue!.sensors[0]!.geometry).toEqual({ type: 'Polygon', coordinates: [ring] });
  });

  it('a feed type replaces the shipped type of its id for that feed, with a warning', () => {
    const mine = { ...riverLevelType(), id: 'car-park', label: 'Our car parks' };
    const res = checkCatalogue({ feedId: 'f', types: [mine], sensors: [v2Sensor({ id: 'p', kind: 'car-park', attributes: { floodLevelM: 1 } })] }, 2, base);
    expect(res.warnings).toEqual(["the feed's type car-park replaces the shipped type of that id for this feed"]);
    expect(res.catalogue!.registry.get('car-park')!.label).toBe('Our car parks');
    expect(base.get('car-park')!.label).not.toBe('Our car parks');
  });

  it('an invalid city is rejected alone: the sensors are kept', () => {
    const res = checkCatalogue({ feedId: 'f', city: { name: 'Nowhere', timeZone: 'Nowhere/Nothing' }, sensors: [v2Sensor({ id: 'p', kind: 'car-park' })] }, 2, base);
    expect(res.catalogue!.city).toBeNull();
    expect(res.catalogue!.sensors).toHaveLength(1);
    expect(res.rejects).toEqual([{ reason: 'malformed-message', count: 1, detail: expect.stringMatching(/^catalogue\.city: timeZone: must be an IANA time zone/) }]);
  });

  it('caps: more than 200 types rejects the catalogue whole; a type of more than 64 metrics is rejected alone', () => {
    const many = Array.from({ length: MAX_TYPES + 1 }, (_, i) => ({ ...riverLevelType(), id: `t-${i}` }));
    expect(checkCatalogue({ feedId: 'f', types: many, sensors: [] }, 2, base)).toEqual({ catalogue: null, warnings: [], rejects: [{ reason: 'catalogue-too-large', count: 1, detail: 'catalogue of 201 types (at most 200); the previous catalogue stays' }] });
    const wide = { ...riverLevelType(), metrics: Array.from({ length: MAX_TYPE_METRICS }, (_, i) => ({ id: `m${i}`, label: `M${i}`, unit: 'm', precision: 1, higherIsWorse: null })) };
    const res = checkCatalogue({ feedId: 'f', types: [wide], sensors: [] }, 2, base);
    expect(res.rejects).toEqual([{ reason: 'invalid-type', count: 1, detail: 'catalogue.types[0] (river-level): metrics: 65 metrics and derived metrics (at most 64)' }]);
  });
});

describe('catalogue for a v1 client', () => {
  it('keeps only the v1 types\' sensors, with their v1 kind names, and no city or types', () => {
    const data = tinyData();
    const cat = { feedId: 'f', city: data.city!, sensors: [...data.sensors, riverGauge('g', 2)] };
    expect(catalogueForProtocol(cat, 2)).toBe(cat);
    const v1 = catalogueForProtocol(cat, 1);
    expect(v1).toEqual({ feedId: 'f', sensors: data.sensors.map((s) => ({ ...s, kind: s.id.split(':')[0] })) });
    expect(checkCatalogue(v1, 1, shippedRegistry()).catalogue!.sensors).toEqual(data.sensors); // and back
  });
});

describe('JSON Schema of the messages (protocol.schema.json)', () => {
  const file = join(__dirname, '..', '..', 'electron', 'shared', 'protocol.schema.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id: string };
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addSchema(schema);
  const valid = (def: string, msg: unknown) => {
    const v = ajv.getSchema(`${schema.$id}#/$defs/${def}`)!;
    return v(msg) ? true : ajv.errorsText(v.errors);
  };

  it('the committed file is what the zod schemas give (regenerate: node build/protocol-schema.mjs)', () => {
    expect(readFileSync(file, 'utf8')).toBe(protocolJsonSchemaText());
  });

  it('accepts v1 messages', () => {
    const data = tinyData({ steps: 1 });
    expect(valid('hello', { protocol: 1, feedId: 'aarhus-demo', name: 'Aarhus demo feed', demo: true, feedTime: T0, speed: 1, oldestSeq: 1, nextSeq: 412 })).toBe(true);
    expect(valid('subscribe', { protocol: 1, lastSeq: 411 })).toBe(true);
    expect(valid('subscribeAck', { ok: true, resend: { from: 380, to: 411 }, lost: null, nextSeq: 412 })).toBe(true);
    expect(valid('catalogueV1', catalogueForProtocol({ feedId: 'f', sensors: data.sensors }, 1))).toBe(true);
    expect(valid('batch', { feedId: 'f', seq: 3, feedTime: T0, readings: data.readings })).toBe(true);
    expect(valid('action', { id: '5f0c1234-uuid', kind: 'note', sensorId: 'parking:P1', text: 'barrier stuck open', user: 'ana', createdAt: T0 })).toBe(true);
    expect(valid('actionAck', { ok: false, error: 'no such sensor' })).toBe(true);
  });

  it('accepts v2 messages: a catalogue with city, a feed type and sensors; readings with an unknown metric and a position', () => {
    const data = tinyData({ steps: 1 });
    const cat = { feedId: 'f', city: data.city, types: [riverLevelType()], sensors: [...data.sensors, riverGauge('dee-1', 3)] };
    expect(valid('catalogue', cat)).toBe(true);
    expect(checkCatalogue(cat, 2, shippedRegistry()).rejects).toEqual([]);
    expect(valid('batch', { feedId: 'f', seq: 4, feedTime: T0, readings: [{ sensorId: 'dee-1', ts: T0, values: { levelM: 2.1, pm25: 4 } }, { sensorId: 'bus-7', ts: T0, values: {}, position: [-2.1, 57.1] }] })).toBe(true);
  });

  it('refuses malformed messages, naming where', () => {
    expect(valid('hello', { protocol: 2, feedId: '', name: 'x', demo: 'yes', feedTime: T0, speed: 0, oldestSeq: 1, nextSeq: 1 })).toMatch(/feedId.*demo.*speed|feedId|demo/);
    expect(valid('catalogue', { feedId: 'f', city: { name: 'X' }, sensors: [{ id: 'two words', kind: 'car-park' }] })).toMatch(/city.*timeZone|timeZone/);
    expect(valid('catalogueV1', { feedId: 'f', sensors: [{ id: 'boat:1', kind: 'boat', name: 'b', geometry: { type: 'Point', coordinates: [0, 0] }, expectedIntervalS: 1, attributes: {} }] })).toMatch(/kind|id/);
    expect(valid('reading', { sensorId: 'x', ts: 1.5, values: { a: '1' }, position: [200, 0] })).not.toBe(true);
  });
});
