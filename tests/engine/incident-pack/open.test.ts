/**
 * Opening an incident pack read-only (electron/engine/incident-pack/open.ts and the engine's incident mode): a pack
 * written here file by file (the format of FORMAT.md) is verified, read into an in-memory cache, and served by an
 * engine that connects to no feed, evaluates nothing and refuses every write; a changed, missing or unlisted file is
 * a problem the desk states; something that is not a pack is refused with the reason.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm, AuditRow } from '../../../electron/engine/api';
import { startEngine, type Engine } from '../../../electron/engine/index';
import { PACK_FILES, PACK_FORMAT, PACK_VERSION, type PackManifest } from '../../../electron/engine/incident-pack/format';
import { PackError, readIncidentPack } from '../../../electron/engine/incident-pack/open';
import { CSV_HEADER } from '../../../electron/engine/export/export-rows';

const ASSETS = resolve(__dirname, '../../../assets');
const T0 = Date.UTC(2014, 7, 4, 8, 0, 0);
const MIN = 60_000;

const carPark = JSON.parse(readFileSync(join(ASSETS, 'sensor-types/car-park.json'), 'utf8')) as { starterRules: { id: string }[] };
const fullRule = carPark.starterRules.find((r) => r.id === 'car-park-full')!;

const sensors = [
  { id: 'parking:A', kind: 'car-park', name: 'Bruuns Galleri', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 300, attributes: { totalSpaces: 100 } },
  { id: 'parking:B', kind: 'car-park', name: 'Salling', geometry: { type: 'Point', coordinates: [10.21, 56.156] }, expectedIntervalS: 300, attributes: { totalSpaces: 50 } },
];

const alarmId = `car-park-full|parking:A|${T0 + 20 * MIN}`;
const alarm: Alarm = {
  id: alarmId,
  ruleId: 'car-park-full',
  ruleVersion: 1,
  subject: 'parking:A',
  state: 'acknowledged',
  severity: 'warning',
  raisedSeverity: 'warning',
  raisedAt: T0 + 20 * MIN,
  message: 'Bruuns Galleri 97% occupied for 15 min',
  lastMessage: 'Bruuns Galleri 97% occupied for 15 min',
  clearedAt: null,
  acknowledged: { by: 'ana', at: T0 + 30 * MIN, comment: 'signs set to full' },
  resolved: null,
  escalatedAt: null,
  updatedAt: T0 + 30 * MIN,
  priority: 'high',
};

function row(id: number, feedAt: number, action: string, detail: unknown): AuditRow & { detail: unknown } {
  return { id, at: feedAt, feedAt, user: id === 1 ? 'system' : 'ana', action, actionText: action, subject: alarmId, subjectText: 'Car park full at Bruuns Galleri', alarmId, ruleId: 'car-park-full', ruleName: 'Car park full', place: 'Bruuns Galleri', detailText: String(detail), detail };
}

/** Writes a pack folder with a correct manifest; returns its path. */
function writePack(root: string, opts: { withRules?: boolean } = {}): string {
  const dir = join(root, 'pack');
  const files: Record<string, string> = {};
  files[PACK_FILES.incident] = JSON.stringify({ name: 'Bruuns full' });
  files[PACK_FILES.catalogue] = JSON.stringify({ sensors, types: [], city: { name: 'Aarhus', timeZone: 'Europe/Copenhagen', home: null, attribution: null } });
  files[PACK_FILES.rules] = JSON.stringify({ rules: opts.withRules === false ? [] : [fullRule] });
  let csv = `${CSV_HEADER}\n`;
  for (let m = 0; m <= 60; m += 5) {
    const ts = new Date(T0 + m * MIN).toISOString();
    // B has a gap between 20 and 40 minutes, and an empty count at 45: kept as recorded.
    csv += `parking:A,car-park,${ts},vehicleCount,${90 + (m % 10)},vehicles,raw,\nparking:A,car-park,${ts},totalSpaces,100,spaces,raw,\nparking:A,car-park,${ts},occupancyPct,${90 + (m % 10)},%,derived,\n`;
    if (m < 20 || m > 40) csv += `parking:B,car-park,${ts},vehicleCount,${m === 45 ? '' : 10},vehicles,raw,\nparking:B,car-park,${ts},totalSpaces,50,spaces,raw,\n`;
  }
  files[PACK_FILES.readingsCsv] = csv;
  files[PACK_FILES.alarmsCsv] = 'alarm_id\n';
  files[PACK_FILES.alarmsNdjson] = JSON.stringify(alarm) + '\n';
  files[PACK_FILES.actionsCsv] = 'audit_id\n';
  files[PACK_FILES.actionsNdjson] = [row(1, T0 + 20 * MIN, 'alarm.raise', 'raised'), row(2, T0 + 30 * MIN, 'alarm.acknowledge', 'acknowledged: signs set to full')].map((r) => JSON.stringify(r)).join('\n') + '\n';
  files[PACK_FILES.notesNdjson] = JSON.stringify({ id: 'n1', kind: 'note', sensorId: 'parking:B', alarmId: null, text: 'counter looks stuck', user: 'ana', createdAt: T0 + 25 * MIN, status: 'sent', sentAt: T0 + 25 * MIN, error: null }) + '\n';
  files[PACK_FILES.gapsNdjson] = JSON.stringify({ id: 1, scope: 'parking:B', from: T0 + 20 * MIN, to: T0 + 40 * MIN, reason: 'feed down' }) + '\n';
  files[PACK_FILES.sensorsGeojson] = JSON.stringify({ type: 'FeatureCollection', features: [] });
  files[PACK_FILES.zoneGeojson] = JSON.stringify({ type: 'FeatureCollection', features: [] });
  files[PACK_FILES.report] = '<!doctype html><title>Bruuns full</title>';
  const list: PackManifest['files'] = [];
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    list.push({ path, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') });
  }
  const manifest: PackManifest = {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    createdAt: new Date(T0 + 2 * 3600_000).toISOString(),
    createdBy: 'ana',
    createdWith: { tool: 'cli', version: 'test' },
    incident: { id: null, name: 'Bruuns full', from: new Date(T0).toISOString(), to: new Date(T0 + 60 * MIN).toISOString(), area: null, notes: '', alarmIds: [alarmId], instants: [] },
    city: { name: 'Aarhus', timeZone: 'Europe/Copenhagen' },
    counts: { sensors: 2, readings: 24, alarms: 1, actions: 2, notes: 1, gaps: 1, snapshots: 0 },
    files: list,
  };
  writeFileSync(join(dir, PACK_FILES.manifest), JSON.stringify(manifest, null, 2));
  return dir;
}

let root: string;
let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('opening an incident pack', () => {
  it('verifies the files and reads readings (raw ones; empty values as null), alarms, actions, notes and gaps', async () => {
    root = mkdtempSync(join(tmpdir(), 'citydesk-pack-'));
    const pack = await readIncidentPack(writePack(root));
    expect(pack.problems).toEqual([]);
    expect(pack.sensors.map((s) => s.id)).toEqual(['parking:A', 'parking:B']);
    expect(pack.readings.filter((r) => r.sensorId === 'parking:A')).toHaveLength(13);
    expect(pack.readings.find((r) => r.sensorId === 'parking:A')!.values).toEqual({ vehicleCount: 90, totalSpaces: 100 }); // derived rows are not read back
    expect(pack.readings.find((r) => r.sensorId === 'parking:B' && r.ts === T0 + 45 * MIN)!.values.vehicleCount).toBeNull();
    expect(pack.alarms.map((a) => a.id)).toEqual([alarmId]);
    expect(pack.actions).toHaveLength(2);
    expect(pack.rules.map((r) => r.id)).toEqual(['car-park-full']);
  });

  it('states a changed, a missing and an unlisted file, and still opens', async () => {
    root = mkdtempSync(join(tmpdir(), 'citydesk-pack-'));
    const dir = writePack(root);
    writeFileSync(join(dir, PACK_FILES.report), '<!doctype html><title>changed</title>');
    rmSync(join(dir, PACK_FILES.zoneGeojson));
    writeFileSync(join(dir, 'extra.txt'), 'hello');
    const pack = await readIncidentPack(dir);
    expect(pack.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^report\.html: /), 'zone.geojson: listed in the manifest but missing', 'extra.txt: not listed in the manifest (not read)']),
    );
  });

  it('refuses what is not a pack, with the reason', async () => {
    root = mkdtempSync(join(tmpdir(), 'citydesk-pack-'));
    await expect(readIncidentPack(join(root, 'nowhere'))).rejects.toThrow(/no such folder/);
    await expect(readIncidentPack(root)).rejects.toThrow(PackError);
    writeFileSync(join(root, PACK_FILES.manifest), JSON.stringify({ format: 'something-else' }));
    await expect(readIncidentPack(root)).rejects.toThrow(/not a CityDesk incident pack \(format 1\): manifest\.json format/);
  });

  it('serves the pack read-only: its state and alarms as recorded, no feed, every write refused', async () => {
    root = mkdtempSync(join(tmpdir(), 'citydesk-pack-'));
    const pack = await readIncidentPack(writePack(root));
    engine = await startEngine({ assetsDir: ASSETS, feedUrl: 'incident-pack:test', incident: pack, deltaIntervalMs: 50 });
    const mode = await engine.handle('deskMode', {});
    expect(mode).toMatchObject({ mode: 'incident', name: 'Bruuns full', from: T0, to: T0 + 60 * MIN, createdBy: 'ana', verified: true });
    const snap = await engine.handle('snapshot', {});
    expect(snap.catalogue.map((s) => s.id).sort()).toEqual(['parking:A', 'parking:B']);
    expect(snap.city.name).toBe('Aarhus');
    expect(snap.states.find((s) => s.sensorId === 'parking:A')!.last!.ts).toBe(T0 + 60 * MIN);
    expect(snap.status.connection).toBe('disconnected');
    expect(snap.status.feedUrl).toBe('Incident pack: Bruuns full');
    // The recorded alarm stays as recorded (its rule came with the pack): not cleared as an orphan, not re-evaluated.
    const alarms = await engine.handle('alarms', { includeResolved: true });
    expect(alarms.map((a) => [a.id, a.state, a.acknowledged?.by])).toEqual([[alarmId, 'acknowledged', 'ana']]);
    const rules = await engine.handle('rules', {});
    expect(rules.map((r) => r.id)).toEqual(['car-park-full']);
    // History with the recorded gap, the note, the audit rows with their feed times.
    const gaps = await engine.handle('gaps', { from: T0, to: T0 + 60 * MIN });
    expect(gaps.map((g) => [g.scope, g.from, g.to])).toEqual([['parking:B', T0 + 20 * MIN, T0 + 40 * MIN]]);
    expect((await engine.handle('actions', {})).map((a) => [a.text, a.status])).toEqual([['counter looks stuck', 'sent']]);
    const audit = engine.store.auditQuery({ subjects: [alarmId], oldestFirst: true });
    expect(audit.rows.map((r) => [r.action, r.feedAt])).toEqual([
      ['alarm.raise', T0 + 20 * MIN],
      ['alarm.acknowledge', T0 + 30 * MIN],
    ]);
    // Writes are refused, with the reason.
    await expect(engine.handle('ackAlarm', { id: alarmId })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/incident pack \(Bruuns full\), read-only/) });
    await expect(engine.handle('addNote', { sensorId: 'parking:A', text: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(engine.handle('publishRule', { rule: fullRule })).rejects.toMatchObject({ code: 'forbidden' });
    // Nothing was evaluated or seeded: no alarm, rule or audit row appeared after a while.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await engine.handle('alarms', { includeResolved: true })).length).toBe(1);
    expect(engine.store.auditQuery({}).total).toBe(2);
  });

  it('without the rules, the recorded alarms are still shown as recorded (none cleared as an orphan)', async () => {
    root = mkdtempSync(join(tmpdir(), 'citydesk-pack-'));
    const dir = writePack(root, { withRules: false });
    const pack = await readIncidentPack(dir);
    engine = await startEngine({ assetsDir: ASSETS, feedUrl: 'incident-pack:test', incident: pack, deltaIntervalMs: 50 });
    const alarms = await engine.handle('alarms', { includeResolved: true });
    expect(alarms.map((a) => [a.id, a.state])).toEqual([[alarmId, 'acknowledged']]);
  });
});
