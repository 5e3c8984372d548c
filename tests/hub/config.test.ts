/**
 * Hub configs: the shipped Aberdeen config resolves; broken and hostile configs are refused with every problem named
 * by its path (`sources[2].mapping.time.zone: must be an IANA time zone`), never with a stack trace or a crash.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHubConfig } from '../../electron/hub/config';
import { loadHubConfig, resolveHubConfig } from '../../electron/hub/resolve-config';
import { readSecret } from '../../electron/hub/secrets';
import { SHIPPED_TYPES } from '../../electron/shared/sensor-types/shipped';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'citydesk-hub-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const source = (over: Record<string, unknown> = {}) => ({
  id: 'air',
  name: 'Air',
  type: 'file',
  connection: { files: ['a.csv'] },
  sensorType: 'air-quality',
  mapping: { id: 'id', position: { lon: 'lon', lat: 'lat' }, time: { field: 't' }, metrics: { pm10: { field: 'pm10', unit: 'µg/m³' } } },
  ...over,
});
const config = (over: Record<string, unknown> = {}, sources: unknown[] = [source()]) => ({
  hub: { id: 'test', name: 'Test hub', city: { name: 'Testville', timeZone: 'Europe/London' }, ...over },
  sources,
});

function problems(doc: unknown): string[] {
  const parsed = parseHubConfig(typeof doc === 'string' ? doc : JSON.stringify(doc));
  if (!parsed.ok) return parsed.issues.map((i) => `${i.path}: ${i.message}`);
  const r = resolveHubConfig(parsed.config, dir);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('hub configs', () => {
  it("the shipped Aberdeen config is valid: three file sources, Pa to hPa, the provenance note in the catalogue's types", () => {
    const r = loadHubConfig(join(ROOT, 'assets', 'cities', 'aberdeen', 'hub.json'));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.hub.config.hub.city).toMatchObject({ name: 'Aberdeen', timeZone: 'Europe/London' });
    expect(r.hub.sources.map((s) => [s.config.id, s.config.type, s.type?.id])).toEqual([
      ['air', 'file', 'air-quality'],
      ['weather-dht22', 'file', 'weather'],
      ['weather-bme280', 'file', 'weather'],
    ]);
    expect(r.hub.catalogueTypes.map((t) => [t.id, t.provenanceNote])).toEqual([
      ['air-quality', 'Sensor.Community low-cost citizen sensors (uncalibrated)'],
      ['weather', 'Sensor.Community low-cost citizen sensors (uncalibrated)'],
    ]);
    const bme = r.hub.sources[2]!.mapping!.map({ sensor_id: 'sc-17204', timestamp_utc: '2019-05-20T00:00:05Z', temperature_c: '13.00', humidity_pct: '86.20', pressure_pa: '100000' });
    expect(bme).toMatchObject({ ok: true, reading: { values: { pressure: 1000 } }, sensor: { name: 'BME280 #17204 (location 8718)', geometry: { type: 'Point', coordinates: [-2.092, 57.178] } } });
    expect(r.hub.sources[1]!.mapping!.map({ sensor_id: 'sc-17204', timestamp_utc: '2019-05-20T00:00:05Z', temperature_c: '1' })).toMatchObject({ ok: false, reason: 'not-selected' });
  });

  it('a minimal config is valid, with defaults filled in', () => {
    const parsed = parseHubConfig(JSON.stringify(config()));
    expect(parsed.ok && parsed.config.hub.listen).toEqual({ host: '127.0.0.1', port: 4600 });
    expect(parsed.ok && parsed.config.sources[0]!.enabled).toBe(true);
    expect(problems(config())).toEqual([]);
  });

  it.each([
    ['a zone that is not IANA', config({}, [source(), source({ id: 'b' }), source({ id: 'c', mapping: { ...source().mapping, time: { field: 't', zone: 'CEST' } } })]), 'sources[2].mapping.time.zone: must be an IANA time zone'],
    ["the city's zone", config({ city: { name: 'X', timeZone: '+01:00' } }), 'hub.city.timeZone: must be an IANA time zone'],
    ['a token written in the config', config({ token: 's3cret' }), 'hub.token: must reference an environment variable ({"env": "NAME"}) or a file ({"file": "path"}), never hold the secret itself'],
    ['an unknown key (a typo)', config({ lisen: {} }), 'hub: Unrecognized key: "lisen"'],
    ['a duplicate source id', config({}, [source(), source()]), 'sources[1].id: duplicate id "air" (also sources[0])'],
    ['an unknown source type', config({}, [source({ type: 'ftp' })]), 'sources[0].type: Invalid option: expected one of "mqtt"|"sensorthings"|"http"|"file"|"demo"'],
    ['a file source without files', config({}, [source({ connection: {} })]), 'sources[0].connection.files: Invalid input: expected array, received undefined'],
    ['credentials in a URL', config({}, [source({ type: 'http', connection: { url: 'https://user:pw@portal.example/data.json' } })]), 'sources[0].connection.url: credentials never go in the URL: use connection.auth with a secret reference'],
    ['a password in plain text', config({}, [source({ type: 'http', connection: { url: 'https://portal.example/x', auth: { type: 'basic', user: 'u', password: 'pw' } } })]), 'sources[0].connection.auth.password: must reference an environment variable'],
    ['a URL that is not http', config({}, [source({ type: 'http', connection: { url: 'file:///etc/passwd' } })]), 'sources[0].connection.url: must be an http or https URL'],
    ['two replay speeds', config({}, [source(), source({ id: 'b', connection: { files: ['a.csv'], speed: 10 } })]), "sources[1].connection.speed: must equal sources[0]'s speed (1): a hub has one feed clock"],
    ['a replay faster than live sources', config({}, [source({ connection: { files: ['a.csv'], speed: 10 } }), source({ id: 'b', type: 'http', connection: { url: 'http://x.example/' } })]), 'sources[0].connection.speed: must be 1 while the live source "b" is enabled: a hub has one feed clock'],
    ['no mapping', config({}, [source({ mapping: undefined })]), 'sources[0].mapping: map the records: id, time, metrics (and position)'],
    ['a demo with a mapping', config({}, [{ id: 'd', name: 'D', type: 'demo', mapping: source().mapping }]), 'sources[0].mapping: the demo source has its own sensors: no mapping'],
    ['a bad field path', config({}, [source({ mapping: { ...source().mapping, id: 'a[' } })]), 'sources[0].mapping.id: not a field path: unclosed ['],
    ['an unknown sensor type', config({}, [source({ sensorType: 'volcano' })]), 'sources[0].sensorType: unknown type "volcano"'],
    ['a metric the type lacks', config({}, [source({ mapping: { ...source().mapping, metrics: { pm1: { field: 'x', unit: 'µg/m³' } } } })]), 'sources[0].mapping.metrics.pm1: the type air-quality has no metric pm1'],
    ['a unit that cannot be converted', config({}, [source({ mapping: { ...source().mapping, metrics: { pm10: { field: 'x', unit: '°C' } } } })]), 'sources[0].mapping.metrics.pm10.unit: "°C" cannot be converted to "µg/m³"'],
    ['a missing types file', { ...config(), types: ['nope.json'] }, 'types[0]: nope.json: ENOENT'],
    ['a missing sensor table', config({}, [source({ sensorTable: { file: 'nope.csv', idField: 'id' } })]), 'sources[0].sensorTable.file: ENOENT'],
    ['two notes for one type', config({}, [source({ provenanceNote: 'a' }), source({ id: 'b', provenanceNote: 'b' })]), "sources[1].provenanceNote: differs from sources[0]'s note for the same type air-quality"],
    ['not JSON', '{"hub": ', '(root): not JSON'],
    ['an array', '[]', '(root): Invalid input: expected object, received array'],
    ['a prototype key', '{"__proto__": {"admin": true}, "hub": {}, "sources": []}', '(root): Unrecognized key: "__proto__"'],
    ['a huge config', JSON.stringify({ ...config(), pad: 'x'.repeat(1100 * 1024) }), '(root): the config is over'],
    ['deep nesting', `{"hub": ${'['.repeat(5000)}${']'.repeat(5000)}, "sources": []}`, 'hub: Invalid input: expected object, received array'],
  ])('refuses %s', (_what, doc, expected) => {
    const got = problems(doc);
    expect(got.some((p) => p.startsWith(expected)), `${JSON.stringify(got)} should hold ${expected}`).toBe(true);
  });

  it('reports every problem at once', () => {
    const got = problems(config({ city: { name: 'X', timeZone: 'nowhere' } }, [source({ sensorType: undefined }), source({ id: 'Bad Id' })]));
    expect(got).toEqual(expect.arrayContaining(['hub.city.timeZone: must be an IANA time zone', 'sources[0].sensorType: name the registry type of these sensors', 'sources[1].id: must be 1-63 lower-case letters, digits, - or _']));
  });

  it("a type given as a JSON file is used by a source and sent in the hub's catalogue", () => {
    const weather = SHIPPED_TYPES.find((t) => t.id === 'weather')!;
    writeFileSync(join(dir, 'river-level.json'), JSON.stringify({ ...weather, id: 'river-level', label: 'River gauge', pluralLabel: 'River gauges', metrics: [{ id: 'level', label: 'Water level', unit: 'm', precision: 2, higherIsWorse: true }], derived: [], checks: [], style: { ...weather.style, headline: 'level' } }));
    const parsed = parseHubConfig(JSON.stringify({ ...config({}, [source({ sensorType: 'river-level', mapping: { ...source().mapping, metrics: { level: { field: 'cm', unit: 'cm' } } } })]), types: ['river-level.json'] }));
    const r = parsed.ok ? resolveHubConfig(parsed.config, dir) : parsed;
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.hub.catalogueTypes.map((t) => t.id)).toEqual(['river-level']);
    expect(r.hub.sources[0]!.mapping!.map({ id: 'g1', lon: 1, lat: 2, t: '2019-05-20T00:00:00Z', cm: '154' })).toMatchObject({ ok: true, sensor: { id: 'river-level:g1' }, reading: { values: { level: 1.54 } } });
  });

  it('extra type documents are validated with parseSensorType', () => {
    writeFileSync(join(dir, 'broken-type.json'), JSON.stringify({ id: 'Bad Type', schema: 1 }));
    expect(problems({ ...config(), types: ['broken-type.json'] }).some((p) => p.startsWith('types[0]: broken-type.json: '))).toBe(true);
  });
});

describe('secrets are read from the environment or an owner-only file, never from the config', () => {
  it('reads an environment variable and refuses an unset one', () => {
    expect(readSecret({ env: 'HUB_T' }, dir, { HUB_T: 'abc' })).toBe('abc');
    expect(() => readSecret({ env: 'HUB_T' }, dir, {})).toThrow('the environment variable HUB_T is not set');
  });
  it('reads a 0600 file relative to the config and refuses one others can read', () => {
    const f = join(dir, 'token');
    writeFileSync(f, 'tok-1\n');
    chmodSync(f, 0o600);
    expect(readSecret({ file: 'token' }, dir, {}, 'linux')).toBe('tok-1');
    chmodSync(f, 0o644);
    expect(() => readSecret({ file: 'token' }, dir, {}, 'linux')).toThrow(/readable or writable by group or others \(mode 0644\)/);
    expect(() => readSecret({ file: 'missing' }, dir, {}, 'linux')).toThrow(/no such file/);
  });
});
