/**
 * Incident bookmarks (issue 10 item 5) through the engine: saved in the cache with author and time, every version
 * kept, archived and restored (never deleted), audited with the version, searched by name, notes, author and the
 * linked alarms' rule and place names; bad bookmarks refused with the path of each problem.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandSchemas, type Alarm, type RpcIssue } from '../../electron/engine/api';
import { startEngine, type Engine } from '../../electron/engine/index';
import type { CommandParamsParsed } from '../../electron/engine/commands/types';
import { incidentOf } from '../../electron/engine/incidents/stored';
import { openStore } from '../../electron/engine/store/store';
import { zodIssues } from '../../electron/engine/transport/rpc';
import type { Sensor } from '../../electron/shared/model';

const ASSETS = join(__dirname, '..', '..', 'assets');
const T0 = Date.UTC(2014, 7, 4, 6, 0);
const HOUR = 3_600_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const parks: Sensor[] = [
  { id: 'parking:BRUUNS', kind: 'car-park', name: 'Bruuns Galleri', geometry: { type: 'Point', coordinates: [10.2047, 56.1497] }, expectedIntervalS: 1800, attributes: { totalSpaces: 953 } },
  { id: 'parking:NORREPORT', kind: 'car-park', name: 'Nørreport', geometry: { type: 'Point', coordinates: [10.2127, 56.1618] }, expectedIntervalS: 1800, attributes: { totalSpaces: 80 } },
];

function alarm(subject: string, raisedAt: number, ruleId = 'car-park-full'): Alarm {
  return {
    id: `${ruleId}|${subject}|${raisedAt}`,
    ruleId,
    subject,
    state: 'resolved',
    severity: 'critical',
    raisedSeverity: 'critical',
    raisedAt,
    message: 'over 95 %',
    lastMessage: 'over 95 %',
    clearedAt: raisedAt + 600_000,
    acknowledged: { by: 'Ana', at: raisedAt + 60_000 },
    resolved: { by: 'Ana', at: raisedAt + 700_000 },
    escalatedAt: null,
    updatedAt: raisedAt + 700_000,
    priority: 'urgent',
  };
}

const bruunsAlarm = alarm('parking:BRUUNS', T0 + 2 * HOUR);
const norreportAlarm = alarm('parking:NORREPORT', T0 + 3 * HOUR);

/** A cache holding 12 h of car-park readings (T0 to T0 + 12 h) and two resolved alarms; an engine on it, its feed away. */
async function engineOnCache(): Promise<Engine> {
  const db = join(mkdtempSync(join(tmpdir(), 'citydesk-incidents-')), 'cache.db');
  const store = openStore(db);
  store.saveFeed('demo', 'Aarhus demo', 'http://127.0.0.1:9');
  store.saveCatalogue(parks);
  const readings = [];
  for (let t = T0; t <= T0 + 12 * HOUR; t += 30 * 60_000) for (const p of parks) readings.push({ sensorId: p.id, ts: t, values: { vehicleCount: 40, totalSpaces: 80 } });
  store.ingest('demo', readings, 25, T0 + 12 * HOUR);
  store.flush();
  store.saveAlarms([bruunsAlarm, norreportAlarm]);
  store.close();
  // A wall clock that moves 1 s per reading of it: every save has its own time.
  let wall = Date.UTC(2026, 0, 1);
  const engine = await startEngine({ assetsDir: ASSETS, feedUrl: 'http://127.0.0.1:9', reconnectDelayMs: 60_000, dbFile: db, demoDistricts: true, user: 'ana', now: () => (wall += 1000) });
  cleanups.push(() => engine.close());
  return engine;
}

const sofie = { role: 'operator' as const, user: 'Sofie' };
const mads = { role: 'operator' as const, user: 'Mads' };

function params(p: Partial<CommandParamsParsed['saveIncident']> = {}): CommandParamsParsed['saveIncident'] {
  return commandSchemas.saveIncident.parse({
    name: 'Bruuns Galleri overflow',
    from: T0 + HOUR,
    to: T0 + 4 * HOUR,
    area: { kind: 'district', name: 'Rådhuskvarteret' },
    notes: 'Queue onto the ring road',
    alarmIds: [bruunsAlarm.id],
    ...p,
  });
}

async function issuesOf(run: Promise<unknown>): Promise<{ code: string; issues: RpcIssue[] }> {
  try {
    await run;
  } catch (e) {
    const err = e as { code: string; issues?: RpcIssue[] };
    return { code: err.code, issues: err.issues ?? [] };
  }
  throw new Error('expected the save to be refused');
}

describe('incident bookmarks', () => {
  it('saves a bookmark with its author, time, district polygons and default snapshot instants', async () => {
    const engine = await engineOnCache();
    const saved = await engine.handle('saveIncident', params(), sofie);
    expect(saved).toMatchObject({ name: 'Bruuns Galleri overflow', author: 'Sofie', version: 1, archived: false, from: T0 + HOUR, to: T0 + 4 * HOUR, alarmIds: [bruunsAlarm.id] });
    expect(saved.area?.kind).toBe('district');
    if (saved.area?.kind === 'district') {
      expect(saved.area.name).toBe('Rådhuskvarteret');
      expect(saved.area.polygons.length).toBeGreaterThan(0);
      expect(saved.area.polygons[0]![0]!.length).toBeGreaterThan(3);
    }
    // from, the first linked alarm's raise, to
    expect(saved.instants).toEqual([T0 + HOUR, bruunsAlarm.raisedAt, T0 + 4 * HOUR]);
    expect(await engine.handle('incident', { id: saved.id })).toEqual(saved);
    expect(await engine.handle('incidents', {})).toEqual([saved]);
  });

  it('an update is a new version; every version is kept with who saved it; each save is audited with its version', async () => {
    const engine = await engineOnCache();
    const v1 = await engine.handle('saveIncident', params(), sofie);
    const v2 = await engine.handle('saveIncident', params({ id: v1.id, name: 'Bruuns and Nørreport', alarmIds: [bruunsAlarm.id, norreportAlarm.id], area: { kind: 'drawn', polygon: [[10.2, 56.14], [10.22, 56.14], [10.22, 56.16]] } }), mads);
    expect(v2).toMatchObject({ id: v1.id, version: 2, name: 'Bruuns and Nørreport', author: 'Sofie', createdAt: v1.createdAt });
    expect(v2.area).toEqual({ kind: 'drawn', polygon: [[10.2, 56.14], [10.22, 56.14], [10.22, 56.16]] });
    const versions = engine.store.incidents().versions(v1.id);
    expect(versions.map((v) => [v.version, v.savedBy, (JSON.parse(v.json) as { name: string }).name])).toEqual([
      [2, 'Mads', 'Bruuns and Nørreport'],
      [1, 'Sofie', 'Bruuns Galleri overflow'],
    ]);
    const audit = engine.store.auditLog(50, `incident:${v1.id}`);
    expect(audit.map((a) => [a.user, a.action, (a.detail as { version: number }).version])).toEqual([
      ['Mads', 'incident.save', 2],
      ['Sofie', 'incident.save', 1],
    ]);
    expect(await engine.handle('incidents', {})).toHaveLength(1);
  });

  it('archives and restores without losing anything, audited with the version; archived ones are listed only when asked', async () => {
    const engine = await engineOnCache();
    const a = await engine.handle('saveIncident', params(), sofie);
    const b = await engine.handle('saveIncident', params({ name: 'Second' }), sofie);
    const archived = await engine.handle('archiveIncident', { id: a.id, archived: true }, mads);
    expect(archived).toMatchObject({ id: a.id, archived: true, version: 1, name: a.name });
    expect((await engine.handle('incidents', {})).map((i) => i.id)).toEqual([b.id]);
    expect((await engine.handle('incidents', { includeArchived: true })).map((i) => i.id).sort()).toEqual([a.id, b.id].sort());
    const restored = await engine.handle('archiveIncident', { id: a.id, archived: false }, mads);
    expect(restored.archived).toBe(false);
    // Restoring made it the most recently changed: listed first.
    expect((await engine.handle('incidents', {})).map((i) => i.id)).toEqual([a.id, b.id]);
    const audit = engine.store.auditLog(50, `incident:${a.id}`);
    expect(audit.map((r) => [r.user, r.action, (r.detail as { version: number }).version])).toEqual([
      ['Mads', 'incident.restore', 1],
      ['Mads', 'incident.archive', 1],
      ['Sofie', 'incident.save', 1],
    ]);
    await expect(engine.handle('archiveIncident', { id: 'nope', archived: true }, mads)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('finds bookmarks by name, notes, author and the linked alarms\u2019 place and rule names', async () => {
    const engine = await engineOnCache();
    const overflow = await engine.handle('saveIncident', params({ name: 'Overflow', notes: 'ring road queue', alarmIds: [norreportAlarm.id] }), sofie);
    const other = await engine.handle('saveIncident', params({ name: 'Quiet afternoon', notes: '', alarmIds: [] }), mads);
    const ids = async (search: string) => (await engine.handle('incidents', { search })).map((i) => i.id);
    expect(await ids('nørreport')).toEqual([overflow.id]); // the linked alarm's place (the car park's name)
    expect(await ids('RING ROAD')).toEqual([overflow.id]); // notes, any case
    expect(await ids('mads')).toEqual([other.id]); // author
    expect(await ids('quiet')).toEqual([other.id]); // name
    expect(await ids('Bruuns')).toEqual([]);
    expect(await ids('car park full')).toEqual([overflow.id]); // the linked alarm's rule (the car-park starter rule)
  });

  it('refuses an unknown district, a window outside the cache and unknown alarms, each with its path', async () => {
    const engine = await engineOnCache();
    const bad = await issuesOf(
      engine.handle('saveIncident', params({ area: { kind: 'district', name: 'Atlantis' }, from: T0 - 5 * HOUR, alarmIds: [bruunsAlarm.id, 'car-park-full|parking:NOPE|1'] }), sofie),
    );
    expect(bad.code).toBe('invalid-params');
    expect(bad.issues.map((i) => i.path)).toEqual(['area.name', 'from', 'alarmIds.1']);
    expect(bad.issues[0]!.message).toContain('Atlantis');
    expect(bad.issues[1]!.message).toContain('4 Aug 2014 06:00 UTC');
    const late = await issuesOf(engine.handle('saveIncident', params({ to: T0 + 20 * HOUR }), sofie));
    expect(late.issues).toEqual([{ path: 'to', message: expect.stringContaining('ends after the newest data') as string }]);
    const instants = await issuesOf(engine.handle('saveIncident', params({ instants: [T0 + 2 * HOUR, T0 + 6 * HOUR] }), sofie));
    expect(instants.issues.map((i) => i.path)).toEqual(['instants.1']);
    // Nothing was saved.
    expect(await engine.handle('incidents', { includeArchived: true })).toEqual([]);
    await expect(engine.handle('saveIncident', params({ id: 'no-such-id' }), sofie)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('the API refuses a window that ends before it starts, and a nameless bookmark, with their paths', () => {
    const parsed = commandSchemas.saveIncident.safeParse({ name: '  ', from: T0 + HOUR, to: T0, area: null, notes: '', alarmIds: [] });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(zodIssues(parsed.error).map((i) => i.path).sort()).toEqual(['name', 'to']);
  });
});

describe('a stored bookmark this CityDesk cannot read', () => {
  it('is still listed, named as unreadable with the reason, its text kept in the notes', () => {
    const base = { id: 'x1', version: 2, savedBy: 'Ana', savedAt: 5, archived: false, author: 'Ana', createdAt: 1, updatedAt: 5 };
    const notJson = incidentOf({ ...base, json: '{"name": "cut' });
    expect(notJson).toMatchObject({ id: 'x1', version: 2, name: 'Unreadable bookmark x1 (version 2)', alarmIds: [], area: null });
    expect(notJson.notes).toMatch(/^The stored version cannot be read: not JSON/);
    expect(notJson.notes).toContain('{"name": "cut');
    const wrongShape = incidentOf({ ...base, json: JSON.stringify({ name: 'N', from: 'yesterday' }) });
    expect(wrongShape.notes).toMatch(/from: /);
  });
});
