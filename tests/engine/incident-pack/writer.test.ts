/**
 * The incident pack writer (incident-pack/writer.ts) on a real cache file: the files validate (CSV parses and equals
 * the export's rows for the same window and sensors, GeoJSON, NDJSON, the manifest's hashes), what is selected (area,
 * window, alarms open during it, actions and notes of those alarms and sensors, gaps), progress, cancel, refusals and
 * the zip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync, crc32 } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { ACTIONS_CSV_HEADER, ALARMS_CSV_HEADER } from '../../../electron/engine/incident-pack/format';
import { packSourceFromStore } from '../../../electron/engine/incident-pack/source';
import { PackCancelled, writePack, type PackRequest } from '../../../electron/engine/incident-pack/writer';
import { CSV_HEADER, ExportRows } from '../../../electron/engine/export/export-rows';
import { openStore, type Store } from '../../../electron/engine/store/store';
import { ALARMS, AREA, INSIDE, MIN, SENSORS, T0, buildPackDb, checkGeoJson, checkManifest, ndjson } from './fixture';

let dir: string;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'citydesk-pack-'));
  buildPackDb(join(dir, 'cache.db'));
  store = openStore(join(dir, 'cache.db'), { readonly: true });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const FROM = T0;
const TO = T0 + 120 * MIN;
const request = (o: Partial<PackRequest> = {}): PackRequest => ({ id: 't', name: 'Car park overflow', from: FROM, to: TO, area: AREA, notes: 'gate jammed', alarmIds: [], instants: [], incident: null, createdBy: 'Ana', tool: 'cli', zip: false, ...o });
const filesOf = (d: string) => readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(d.length + 1));

/** The export's CSV for the window and sensors: the code `npm run export` runs (export.ts over export-rows.ts). */
function exportCsv(from: number, to: number, sensorIds?: string[]): string {
  const rows = new ExportRows(store.registry(), store.loadCatalogue());
  let out = `${CSV_HEADER}\n`;
  for (const r of store.iterateReadings(from, to, sensorIds)) out += rows.csv(r);
  return out;
}

describe('incident pack: files', () => {
  let pack: string;
  const progress: number[] = [];
  beforeAll(async () => {
    pack = join(dir, 'area-pack');
    // A small slice so that the readings come in many slices.
    await writePack(packSourceFromStore(store, []), request(), pack, { sliceMs: 7 * MIN, onProgress: (d) => progress.push(d), picturesUnavailable: 'not in this test' });
  });

  it('readings.csv parses and equals the export of the same window and sensors, zeros and missing values kept', () => {
    const csv = readFileSync(join(pack, 'readings.csv'), 'utf8');
    expect(csv).toBe(exportCsv(FROM, TO, INSIDE));
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(new Set(rows.map((r) => r.sensor_id))).toEqual(new Set(INSIDE));
    expect(rows.some((r) => r.sensor_id === 'parking:IN1' && r.metric === 'vehicleCount' && r.value === '0')).toBe(true);
    expect(rows.some((r) => r.sensor_id === 'air:IN' && r.metric === 'particulateMatter' && r.value === '' && r.flags!.includes('missing-value'))).toBe(true);
    expect(rows.every((r) => Date.parse(r.ts!) >= FROM && Date.parse(r.ts!) <= TO)).toBe(true);
  });

  it('GeoJSON is valid: the affected sensors (a line with one vertex inside counts) and the area, closed', () => {
    const sensors = checkGeoJson(readFileSync(join(pack, 'sensors.geojson'), 'utf8'));
    expect(sensors.features.map((f) => f.properties.id)).toEqual(INSIDE);
    expect(sensors.features.find((f) => f.properties.id === 'parking:IN1')!.properties.alarms).toBe(1);
    const zone = checkGeoJson(readFileSync(join(pack, 'zone.geojson'), 'utf8'));
    expect(zone.features).toHaveLength(1);
    expect(zone.features[0]!.geometry.type).toBe('Polygon');
    expect(zone.features[0]!.properties.kind).toBe('drawn');
  });

  it('alarms: raised in the window or open during it, of the area only; CSV parses, NDJSON is the stored alarm', () => {
    const alarms = ndjson(pack, 'alarms.ndjson') as { id: string }[];
    expect(alarms.map((a) => a.id)).toEqual([ALARMS.openBefore.id, ALARMS.inWindow.id]);
    const csv = readFileSync(join(pack, 'alarms.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe(ALARMS_CSV_HEADER);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.alarm_id)).toEqual(alarms.map((a) => a.id));
    const full = rows[1]!;
    expect(full).toMatchObject({ rule_id: 'car-park-full', place: 'Inside car park', acknowledged_by: 'Ana', acknowledged_at: new Date(T0 + 35 * MIN).toISOString(), message: ALARMS.inWindow.message });
  });

  it('actions: the audit rows of those alarms and sensors in the window, in words; notes and gaps of the area', () => {
    const actions = ndjson(pack, 'actions.ndjson') as { action: string; subject: string; place: string | null; feedAt: number }[];
    expect(actions.map((a) => [a.action, a.subject])).toEqual([
      ['alarm.acknowledge', ALARMS.inWindow.id],
      ['note.add', 'parking:IN1'],
    ]);
    expect(actions[0]!.place).toBe('Inside car park');
    const csv = readFileSync(join(pack, 'actions.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe(ACTIONS_CSV_HEADER);
    expect((parse(csv, { columns: true }) as Record<string, string>[]).map((r) => r.action)).toEqual(['alarm.acknowledge', 'note.add']);
    expect((ndjson(pack, 'notes.ndjson') as { id: string; text: string }[]).map((n) => [n.id, n.text])).toEqual([['n1', 'queue at the gate']]);
    expect((ndjson(pack, 'gaps.ndjson') as { scope: string }[]).map((g) => g.scope)).toEqual(['all']);
  });

  it('the manifest lists every file with its size and SHA-256, counts, and says why the pictures are missing', () => {
    const m = checkManifest(pack, filesOf(pack));
    expect(m.counts).toMatchObject({ sensors: 3, alarms: 2, actions: 2, notes: 1, gaps: 1, snapshots: 0 });
    // Every 5 minutes from the start to the end, inclusive; air and traffic report 1 and 2 s after: their last is out.
    expect(m.counts.readings).toBe(25 + 24 + 24);
    expect(m.incident).toMatchObject({ name: 'Car park overflow', notes: 'gate jammed', area: AREA, from: new Date(FROM).toISOString() });
    // Default instants: the start, the first alarm raised in the window, the end.
    expect(m.incident.instants).toEqual([FROM, ALARMS.inWindow.raisedAt, TO].map((t) => new Date(t).toISOString()));
    expect(m.omitted?.map((o) => o.reason)).toEqual(['pictures not available: not in this test', 'report not available: not in this test']);
    const catalogue = JSON.parse(readFileSync(join(pack, 'catalogue.json'), 'utf8')) as { sensors: { id: string }[]; types: { id: string }[] };
    expect(catalogue.sensors.map((s) => s.id)).toEqual(INSIDE);
    expect(catalogue.types.map((t) => t.id).sort()).toEqual(['car-park', 'citypulse-air-index', 'traffic']);
  });

  it('progress rises to 1', () => {
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBeGreaterThan(10);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]!);
  });
});

describe('incident pack: whole city, zip, refusals, cancel', () => {
  it('without an area: every sensor, and readings.csv equals the export of the whole window', async () => {
    const pack = join(dir, 'whole');
    const r = await writePack(packSourceFromStore(store, []), request({ area: null }), pack);
    expect(readFileSync(join(pack, 'readings.csv'), 'utf8')).toBe(exportCsv(FROM, TO));
    expect(checkManifest(pack, filesOf(pack)).counts.sensors).toBe(SENSORS.length);
    expect((ndjson(pack, 'alarms.ndjson') as { id: string }[]).map((a) => a.id)).toEqual([ALARMS.openBefore.id, ALARMS.inWindow.id, ALARMS.outside.id]);
    expect(checkGeoJson(readFileSync(join(pack, 'zone.geojson'), 'utf8')).features[0]!.properties.kind).toBe('extent');
    expect(r.files.map((f) => f.path)).toContain('readings.csv');
  });

  it('zip: the same files, each entry inflating to the file with its CRC-32', async () => {
    const pack = join(dir, 'zipped');
    const r = await writePack(packSourceFromStore(store, []), request({ zip: true }), pack);
    expect(r.zip).toBe(`${pack}.zip`);
    const entries = readZip(readFileSync(r.zip!));
    expect([...entries.keys()].sort()).toEqual(filesOf(pack).sort());
    for (const [name, data] of entries) expect(data.equals(readFileSync(join(pack, name))), name).toBe(true);
  });

  it('refuses a window with nothing in it, an area without sensors, and an existing folder', async () => {
    const src = packSourceFromStore(store, []);
    await expect(writePack(src, request({ from: T0 - 30 * 86_400_000, to: T0 - 29 * 86_400_000 }), join(dir, 'empty'))).rejects.toThrow(/no readings, alarms or operator actions between .* in this area: nothing to pack/);
    await expect(writePack(src, request({ area: { kind: 'drawn', polygon: [[0, 0], [1, 0], [1, 1]] } }), join(dir, 'nowhere'))).rejects.toThrow(/no sensor of the catalogue lies in this area/);
    await expect(writePack(src, request(), dir)).rejects.toThrow(/already exists/);
    expect(existsSync(join(dir, 'empty'))).toBe(false);
  });

  it('cancel leaves no half pack: no folder, no zip, no partial files', async () => {
    const parent = mkdtempSync(join(dir, 'cancel-'));
    const abort = new AbortController();
    let sawReadings = false;
    const p = writePack(packSourceFromStore(store, []), request({ zip: true }), join(parent, 'pack'), {
      sliceMs: MIN,
      signal: abort.signal,
      onProgress: (_d, stage) => {
        if (stage.startsWith('readings') && !sawReadings) {
          sawReadings = true;
          abort.abort();
        }
      },
    });
    await expect(p).rejects.toBeInstanceOf(PackCancelled);
    expect(sawReadings).toBe(true);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('cancel while zipping removes the zip and the folder too', async () => {
    const parent = mkdtempSync(join(dir, 'cancel-zip-'));
    const abort = new AbortController();
    const p = writePack(packSourceFromStore(store, []), request({ zip: true }), join(parent, 'pack'), {
      signal: abort.signal,
      onProgress: (_d, stage) => {
        if (stage.startsWith('zip: readings')) abort.abort();
      },
    });
    await expect(p).rejects.toBeInstanceOf(PackCancelled);
    expect(readdirSync(parent)).toEqual([]);
  });
});

/** A minimal zip reader for the test: the central directory, each local entry, stored or raw-deflated. */
function readZip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    expect(data.length, name).toBe(size);
    expect(crc32(data) >>> 0, name).toBe(crc);
    out.set(name, data);
    p += 46 + nameLen + extra + comment;
  }
  return out;
}
