/**
 * Connecting a source from the desk, engine side, against the real embedded hub (its config schema, its HTTP
 * connector and its mapping): preview with a rejected record explained, save (versioned, audited, credentials sealed
 * on disk, never returned), the sensors reaching the engine, export without secrets, a restart that starts the source
 * again with its decrypted credentials, and bad input answered with reasons at their paths.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostedEngine, type HostedEngine } from '../../../electron/cli/hosted-engine';
import type { SessionCtx } from '../../../electron/engine/index';
import { ApiError } from '../../../electron/engine/api';
import { waitFor } from '../../helpers/feed';
import { OTHER_CITY_PASSWORD, otherCityDocument, serveOtherCity, type OtherCityServer } from './other-city';

const ASSETS = join(import.meta.dirname, '..', '..', '..', 'assets');

let dir: string;
let hosted: HostedEngine | null = null;
let portal: OtherCityServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'citydesk-sources-'));
  portal = await serveOtherCity();
});
afterEach(async () => {
  await hosted?.close();
  hosted = null;
  await portal.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(db: string): Promise<{ h: HostedEngine; sup: SessionCtx }> {
  const h = await startHostedEngine({ dbFile: db, assetsDir: ASSETS, demoSpeed: 1 });
  hosted = h;
  if (!h.engine.access.configured()) await h.engine.access.setFromHost('supervisor-pass', { by: 'test host' });
  const sup = h.engine.newSession();
  await h.engine.handle('setUser', { name: 'Dana' }, sup);
  await h.engine.handle('unlockSupervisor', { passphrase: 'supervisor-pass' }, sup);
  return { h, sup };
}

async function rpcError(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('connecting a source from the desk', () => {
  it('previews, saves (versioned, audited, sealed), starts the source and restores it after a restart', async () => {
    const db = join(dir, 'cache.db');
    const { h, sup } = await start(db);
    const engine = h.engine;

    // Operators do not manage sources.
    expect((await rpcError(engine.handle('sources', {}, engine.newSession()))).code).toBe('forbidden');

    const overview = await engine.handle('sources', {}, sup);
    expect(overview.canConnect).toBe(true);
    expect(overview.statuses.map((s) => s.id)).toEqual(['demo']);
    expect(overview.types.map((t) => t.id)).toContain('air-quality');

    // Before any mapping: the raw fields, to pick from.
    const doc = otherCityDocument(portal.url);
    const { mapping: _m, sensorType: _t, ...unmapped } = doc.source;
    const raw = await engine.handle('previewSource', { document: { source: unmapped }, secrets: { PASSWORD: OTHER_CITY_PASSWORD } }, sup);
    expect(raw.failure).toBeNull();
    expect(raw.issues).toEqual([]);
    expect(raw.rows).toHaveLength(4);
    expect(raw.fieldPaths).toEqual(expect.arrayContaining(['properties.site_id', 'properties.no2', 'geometry', 'properties.measured_at']));
    expect(raw.rows[0]!.result).toBeNull();

    // With the mapping: three stations mapped, the fourth rejected with its field and value.
    const mapped = await engine.handle('previewSource', { document: doc, secrets: { PASSWORD: OTHER_CITY_PASSWORD } }, sup);
    const ok = mapped.rows.filter((r) => r.result?.ok);
    expect(ok.map((r) => (r.result as { sensorId: string }).sensorId)).toEqual(['air-quality:BRS-1', 'air-quality:BRS-2', 'air-quality:BRS-3']);
    expect(ok[0]!.result).toMatchObject({ ok: true, name: 'Bristol Temple Way', position: [-2.5833, 51.4545], values: { no2: 41.2, pm10: 18.5 } });
    const bad = mapped.rows.find((r) => r.result && !r.result.ok)!;
    expect(bad.result).toEqual({ ok: false, reason: 'bad-number', detail: expect.stringMatching(/properties\.no2.*n\/a.*not a number/) });

    // Wrong password: the preview says why, nothing throws.
    const refused = await engine.handle('previewSource', { document: doc, secrets: { PASSWORD: 'wrong' } }, sup);
    expect(refused.failure).toMatchObject({ reason: 'http-status', detail: expect.stringContaining('401') });

    // Save: version 1, credentials stored (keys only come back), the source runs, its sensors reach the engine.
    const saved = await engine.handle('saveSource', { document: doc, secrets: { PASSWORD: OTHER_CITY_PASSWORD } }, sup);
    expect(saved).toMatchObject({ id: 'bristol-air', version: 1, storedSecrets: ['PASSWORD'], author: 'Dana' });
    expect(JSON.stringify(saved)).not.toContain(OTHER_CITY_PASSWORD);
    await waitFor(() => engine.status().sensors.live + engine.status().sensors.stale >= 517 + 3, 30_000, 'the three stations in the engine');
    const snap = await engine.handle('snapshot', {}, sup);
    expect(snap.catalogue.filter((s) => s.id.startsWith('air-quality:BRS-')).map((s) => s.name).sort()).toEqual(['Bristol Fishponds Road', 'Bristol Parson Street', 'Bristol Temple Way']);
    const status = (await engine.handle('sources', {}, sup)).statuses.find((s) => s.id === 'bristol-air')!;
    expect(status).toMatchObject({ state: 'ok', sensors: 3, rejected: { 'bad-number': 1 } });
    expect(JSON.stringify(await engine.handle('sources', {}, sup))).not.toContain(OTHER_CITY_PASSWORD);

    // A second save (the password left empty: "stored") is version 2; versions listed; export without secrets.
    const v2 = await engine.handle('saveSource', { document: { source: { ...doc.source, name: 'Bristol air quality' } }, secrets: { PASSWORD: '' } }, sup);
    expect(v2.version).toBe(2);
    expect((await engine.handle('sourceVersions', { id: 'bristol-air' }, sup)).map((v) => v.version)).toEqual([2, 1]);
    const exported = await engine.handle('exportSource', { id: 'bristol-air' }, sup);
    expect(exported).toMatchObject({ schema: 1, version: 2, document: { source: { name: 'Bristol air quality' } } });
    expect(JSON.stringify(exported)).not.toContain(OTHER_CITY_PASSWORD);
    const audit = await engine.handle('audit', { subject: 'source:bristol-air' }, sup);
    expect(audit.map((a) => [a.user, a.action])).toEqual([
      ['Dana', 'source.save'],
      ['Dana', 'source.save'],
    ]);
    expect(audit[0]!.detail).toMatchObject({ version: 2, type: 'http', desk: expect.any(String) });

    // On disk: the password is nowhere in the cache's files; the key file is 0600.
    await h.close();
    hosted = null;
    for (const f of readdirSync(dir).filter((n) => n.startsWith('cache.db'))) {
      expect(readFileSync(join(dir, f)).includes(Buffer.from(OTHER_CITY_PASSWORD)), f).toBe(false);
    }
    expect(statSync(`${db}.sources.key`).mode & 0o777).toBe(0o600);

    // A restart starts the stored source again, with its decrypted password.
    const before = portal.auth.length;
    const again = await start(db);
    await waitFor(() => again.h.hub!.sources().some((s) => s.id === 'bristol-air' && s.state === 'ok' && s.sensors === 3), 30_000, 'the source restored');
    expect(portal.auth.length).toBeGreaterThan(before);
  }, 120_000);

  it('answers bad input with reasons at their paths, and keeps running', async () => {
    const { h, sup } = await start(join(dir, 'cache.db'));
    const engine = h.engine;
    const doc = otherCityDocument(portal.url);
    // A time zone that does not exist, a metric the type lacks: path errors, nothing saved.
    const e1 = await rpcError(engine.handle('saveSource', { document: otherCityDocument(portal.url, { zone: 'Europe/Atlantis' }), secrets: { PASSWORD: OTHER_CITY_PASSWORD } }, sup));
    expect(e1.code).toBe('invalid-params');
    expect(e1.issues).toContainEqual({ path: 'source.mapping.time.zone', message: 'must be an IANA time zone' });
    const wrongMetric = { source: { ...doc.source, mapping: { ...doc.source.mapping, metrics: { nox: { field: 'properties.no2', unit: 'µg/m³' } } } } };
    const e2 = await rpcError(engine.handle('saveSource', { document: wrongMetric, secrets: { PASSWORD: OTHER_CITY_PASSWORD } }, sup));
    expect(e2.issues![0]!.path).toBe('source.mapping.metrics.nox');
    // No password stored nor typed.
    const e3 = await rpcError(engine.handle('saveSource', { document: doc }, sup));
    expect(e3.issues).toEqual([{ path: 'secrets.PASSWORD', message: expect.stringContaining('enter this credential') }]);
    // A new type that does not validate: its path errors under newType.
    const e4 = await rpcError(engine.handle('saveSource', { document: { source: { ...doc.source, sensorType: 'river-level' }, newType: { id: 'river-level', schema: 1, label: 'River level', geometry: 'blob', metrics: [] } }, secrets: { PASSWORD: 'x' } }, sup));
    expect(e4.issues!.some((i) => i.path.startsWith('newType.geometry'))).toBe(true);
    // A URL that refuses and a file that is not there: the preview's failure says why.
    const refused = await engine.handle('previewSource', { document: { source: { ...doc.source, connection: { url: 'http://127.0.0.1:1/x.json' } } }, maxSeconds: 5 }, sup);
    expect(refused.failure?.reason).toMatch(/unreachable|refused|network/);
    const nofile = await engine.handle('previewSource', { document: { source: { id: 'f', name: 'F', type: 'file', connection: { files: [join(dir, 'nope.csv')] } } } }, sup);
    expect(nofile.failure).toMatchObject({ reason: 'no-such-file' });
    const notUrl = await engine.handle('previewSource', { document: { source: { ...doc.source, connection: { url: 'ftp://x' } } } }, sup);
    expect(notUrl.issues).toContainEqual({ path: 'source.connection.url', message: 'must be an http or https URL' });
    expect((await engine.handle('sources', {}, sup)).saved).toEqual([]);
    expect(engine.status().connection).toBe('connected');
  }, 120_000);
});
