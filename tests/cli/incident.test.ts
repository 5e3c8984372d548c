/**
 * `npm run incident`: the real CLI as a child process on a cache built in a temp dir. Its readings.csv equals
 * `npm run export`'s CSV for the same window and sensors; bad input is one line on stderr and exit code 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './db';
import { INSIDE, buildPackDb } from '../engine/incident-pack/fixture';
import { checkGeoJson, checkManifest } from '../engine/incident-pack/fixture';

let dir: string;
let db: string;
let areaFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'citydesk-incident-'));
  db = join(dir, 'cache.db');
  buildPackDb(db);
  areaFile = join(dir, 'area.geojson');
  writeFileSync(areaFile, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'centre' }, geometry: { type: 'Polygon', coordinates: [[[10.15, 56.1], [10.25, 56.1], [10.25, 56.2], [10.15, 56.2], [10.15, 56.1]]] } }] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WINDOW = ['--from', '2014-08-04T08:00:00Z', '--to', '2014-08-04T10:00:00Z'];

describe('npm run incident', () => {
  it('writes the pack: readings.csv equals npm run export for the same window and sensors; progress on stderr to 100%', async () => {
    const out = join(dir, 'pack');
    const r = await runCli('incident', ['--db', db, ...WINDOW, '--area', areaFile, '--out', out, '--name', 'Gate', '--zip']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(out);
    expect(r.stdout).toContain('readings.csv');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('incident pack: 100% done');
    const exported = await runCli('export', ['--db', db, ...WINDOW, ...INSIDE.flatMap((id) => ['--sensor', id]), '--format', 'csv']);
    expect(exported.code).toBe(0);
    expect(readFileSync(join(out, 'readings.csv'), 'utf8')).toBe(exported.stdout);
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(out.length + 1));
    const m = checkManifest(out, files);
    expect(m.createdWith.tool).toBe('cli');
    expect(m.incident.name).toBe('Gate');
    checkGeoJson(readFileSync(join(out, 'sensors.geojson'), 'utf8'));
    checkGeoJson(readFileSync(join(out, 'zone.geojson'), 'utf8'));
    expect(existsSync(`${out}.zip`)).toBe(true);
  }, 180_000); // the first test builds the CLIs

  it('without --area: the whole city, as npm run export without --sensor', async () => {
    const out = join(dir, 'whole');
    const r = await runCli('incident', ['--db', db, ...WINDOW, '--out', out]);
    expect(r.code).toBe(0);
    const exported = await runCli('export', ['--db', db, ...WINDOW, '--format', 'csv']);
    expect(readFileSync(join(out, 'readings.csv'), 'utf8')).toBe(exported.stdout);
  });

  it('bad input: one clear line on stderr, exit code 2, nothing written', async () => {
    const out = join(dir, 'never');
    const bad = async (args: string[], message: RegExp) => {
      const r = await runCli('incident', args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    };
    await bad(['--db', db, '--from', '2014-08-32', '--to', '2014-08-05', '--out', out], /--from is not a valid date|--from must be an ISO 8601/);
    await bad(['--db', db, '--from', 'yesterday', '--to', '2014-08-05', '--out', out], /--from must be an ISO 8601 date/);
    await bad([...WINDOW, '--out', out], /--db is required/);
    await bad(['--db', join(dir, 'missing.db'), ...WINDOW, '--out', out], /--db .*missing\.db: no such file/);
    await bad(['--db', db, ...WINDOW], /--out is required/);
    await bad(['--db', db, '--from', '2014-08-05', '--to', '2014-08-04', '--out', out], /--from .* must be before --to/);
    const notJson = join(dir, 'bad.geojson');
    writeFileSync(notJson, '{"type": "Polygon", ');
    await bad(['--db', db, ...WINDOW, '--area', notJson, '--out', out], /--area .*bad\.geojson: not JSON/);
    const outside = join(dir, 'outside.geojson');
    writeFileSync(outside, JSON.stringify({ type: 'Polygon', coordinates: [[[10, 56], [10, 95], [11, 56], [10, 56]]] }));
    await bad(['--db', db, ...WINDOW, '--area', outside, '--out', out], /--area .*outside\.geojson: coordinates\.0\.1\.1: latitude must be from -90 to 90, got 95/);
    const open = join(dir, 'open.geojson');
    writeFileSync(open, JSON.stringify({ type: 'Polygon', coordinates: [[[10, 56], [10, 57], [11, 56]]] }));
    await bad(['--db', db, ...WINDOW, '--area', open, '--out', out], /the ring is not closed/);
    await bad(['--db', db, '--from', '2014-07-01', '--to', '2014-07-02', '--out', out], /nothing to pack/);
    await bad(['--db', db, ...WINDOW, '--out', dir], /already exists/);
    await bad(['--db', db, ...WINDOW, '--out', out, '--bogus'], /unknown option --bogus/);
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});
