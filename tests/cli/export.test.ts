/**
 * `npm run export`: the real CLI as a child process, against databases built in a temp dir.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../electron/engine/store/store';
import type { Reading } from '../../electron/shared/model';
import { CLI_DIR, ROOT, T0, buildClis, buildDb, collect, knownData, runCli } from './db';
import { GAUGES, RIVER_LEVEL } from '../engine/rules/river-level';

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'citydesk-export-'));
  db = join(dir, 'cache.db');
  buildDb(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RANGE = ['--from', '2014-08-01', '--to', '2014-08-02'];
const exportCli = (args: string[]) => runCli('export', ['--db', db, ...args]);

const CSV = [
  'sensor_id,kind,ts,metric,value,unit,source,flags',
  'traffic:1,traffic,2014-08-01T06:00:00.000Z,avgSpeedKmh,50,km/h,raw,',
  'traffic:1,traffic,2014-08-01T06:00:00.000Z,vehicleCount,5,,raw,',
  'traffic:1,traffic,2014-08-01T06:00:00.000Z,avgMeasuredTimeS,60,s,raw,',
  'traffic:1,traffic,2014-08-01T06:00:00.000Z,medianMeasuredTimeS,58,s,raw,',
  'traffic:1,traffic,2014-08-01T06:00:00.000Z,speedRatioPct,,%,derived,', // no normal speed attribute: cannot be computed
  '"parking:P,""1""",car-park,2014-08-01T06:00:30.000Z,vehicleCount,90,,raw,',
  '"parking:P,""1""",car-park,2014-08-01T06:00:30.000Z,totalSpaces,100,,raw,',
  '"parking:P,""1""",car-park,2014-08-01T06:00:30.000Z,occupancyPct,90,%,derived,',
  'air:1,citypulse-air-index,2014-08-01T06:01:00.000Z,ozone,41.5,,raw,missing-value',
  'air:1,citypulse-air-index,2014-08-01T06:01:00.000Z,particulateMatter,10,,raw,missing-value',
  'air:1,citypulse-air-index,2014-08-01T06:01:00.000Z,carbonMonoxide,,,raw,missing-value',
  'air:1,citypulse-air-index,2014-08-01T06:01:00.000Z,sulfurDioxide,3,,raw,missing-value',
  'air:1,citypulse-air-index,2014-08-01T06:01:00.000Z,nitrogenDioxide,20,,raw,missing-value',
  'air:1,citypulse-air-index,2014-08-01T06:01:00.000Z,maxIndex,41.5,,derived,missing-value',
  'traffic:1,traffic,2014-08-01T06:05:00.000Z,avgSpeedKmh,0,km/h,raw,missing-value;zero-vehicles;zero-speed',
  'traffic:1,traffic,2014-08-01T06:05:00.000Z,vehicleCount,0,,raw,missing-value;zero-vehicles;zero-speed',
  'traffic:1,traffic,2014-08-01T06:05:00.000Z,avgMeasuredTimeS,,s,raw,missing-value;zero-vehicles;zero-speed',
  'traffic:1,traffic,2014-08-01T06:05:00.000Z,medianMeasuredTimeS,,s,raw,missing-value;zero-vehicles;zero-speed',
  'traffic:1,traffic,2014-08-01T06:05:00.000Z,speedRatioPct,,%,derived,missing-value;zero-vehicles;zero-speed',
  '"parking:P,""1""",car-park,2014-08-01T06:05:00.000Z,vehicleCount,120,,raw,over-capacity',
  '"parking:P,""1""",car-park,2014-08-01T06:05:00.000Z,totalSpaces,100,,raw,over-capacity',
  '"parking:P,""1""",car-park,2014-08-01T06:05:00.000Z,occupancyPct,120,%,derived,over-capacity',
].join('\n') + '\n';

const TRAFFIC_UNITS = { avgSpeedKmh: 'km/h', vehicleCount: '', avgMeasuredTimeS: 's', medianMeasuredTimeS: 's', speedRatioPct: '%' };
const CAR_PARK_UNITS = { vehicleCount: '', totalSpaces: '', occupancyPct: '%' };
const AIR_UNITS = { ozone: '', particulateMatter: '', carbonMonoxide: '', sulfurDioxide: '', nitrogenDioxide: '', maxIndex: '' };
const NDJSON = [
  { sensor_id: 'traffic:1', kind: 'traffic', ts: '2014-08-01T06:00:00.000Z', values: { avgSpeedKmh: 50, vehicleCount: 5, avgMeasuredTimeS: 60, medianMeasuredTimeS: 58 }, derived: { speedRatioPct: null }, units: TRAFFIC_UNITS, flags: [] },
  { sensor_id: 'parking:P,"1"', kind: 'car-park', ts: '2014-08-01T06:00:30.000Z', values: { vehicleCount: 90, totalSpaces: 100 }, derived: { occupancyPct: 90 }, units: CAR_PARK_UNITS, flags: [] },
  { sensor_id: 'air:1', kind: 'citypulse-air-index', ts: '2014-08-01T06:01:00.000Z', values: { ozone: 41.5, particulateMatter: 10, carbonMonoxide: null, sulfurDioxide: 3, nitrogenDioxide: 20 }, derived: { maxIndex: 41.5 }, units: AIR_UNITS, flags: ['missing-value'] },
  { sensor_id: 'traffic:1', kind: 'traffic', ts: '2014-08-01T06:05:00.000Z', values: { avgSpeedKmh: 0, vehicleCount: 0, avgMeasuredTimeS: null, medianMeasuredTimeS: null }, derived: { speedRatioPct: null }, units: TRAFFIC_UNITS, flags: ['missing-value', 'zero-vehicles', 'zero-speed'] },
  { sensor_id: 'parking:P,"1"', kind: 'car-park', ts: '2014-08-01T06:05:00.000Z', values: { vehicleCount: 120, totalSpaces: 100 }, derived: { occupancyPct: 120 }, units: CAR_PARK_UNITS, flags: ['over-capacity'] },
];

describe('export: output', () => {
  it('writes long-format CSV in time order across sensors, RFC 4180 quoting, empty field for null', async () => {
    const r = await exportCli([...RANGE, '--format', 'csv']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(CSV);
  });

  it('writes one NDJSON reading per line, every metric of the kind, in time order', async () => {
    const r = await exportCli([...RANGE, '--format', 'ndjson']);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual(NDJSON);
    // Key order is part of the format.
    expect(r.stdout.split('\n')[0]).toBe(JSON.stringify(NDJSON[0]));
  });

  it('filters by --sensor (repeatable) and by range, both ends inclusive; offsets are honoured', async () => {
    const one = await exportCli([...RANGE, '--sensor', 'parking:P,"1"', '--format', 'ndjson']);
    expect(one.code).toBe(0);
    expect(one.stdout.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual([NDJSON[1], NDJSON[4]]);
    const two = await exportCli(['--from', '2014-08-01T06:00:30Z', '--to', '2014-08-01T08:05:00+02:00', '--sensor', 'traffic:1', '--sensor', 'parking:P,"1"', '--format', 'ndjson']);
    expect(two.code).toBe(0);
    expect(two.stdout.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual([NDJSON[1], NDJSON[3], NDJSON[4]]);
    const none = await exportCli(['--from', '2014-08-02', '--to', '2014-08-03', '--format', 'csv']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('sensor_id,kind,ts,metric,value,unit,source,flags\n');
  });

  it('keeps time order across sensors on a larger set, and stops quietly when the reader goes away (| head)', async () => {
    const big = join(dir, 'big.db');
    const { sensors } = knownData();
    const readings: Reading[] = [];
    for (let i = 0; i < 6000; i++) {
      // Written sensor by sensor, so that storage order differs from time order.
      for (const s of sensors) readings.push({ sensorId: s.id, ts: T0 + i * 1000 + (s.kind === 'citypulse-air-index' ? 0 : s.kind === 'car-park' ? 1 : 2), values: s.kind === 'car-park' ? { vehicleCount: i, totalSpaces: 100 } : {} });
    }
    readings.sort((a, b) => a.sensorId.localeCompare(b.sensorId));
    buildDb(big, { sensors, readings });
    const all = await runCli('export', ['--db', big, ...RANGE, '--format', 'ndjson']);
    expect(all.code).toBe(0);
    const ts = all.stdout.trimEnd().split('\n').map((l) => Date.parse((JSON.parse(l) as { ts: string }).ts));
    expect(ts).toHaveLength(readings.length);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));

    // `export ... | head -n 3`: the pipe closes early; no stack trace, no hang.
    buildClis();
    const child = spawn('sh', ['-c', `node "${join(CLI_DIR, 'export.cjs')}" --db "${big}" --from 2014-08-01 --to 2014-08-02 --format csv | head -n 3`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const r = await collect(child);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(4);
    expect(r.stderr).toBe('');
  });

  it('exports a type that exists only as a document the feed sent: its units, derived metric and checks', async () => {
    const river = join(dir, 'river.db');
    const store = openStore(river);
    store.saveFeedTypes([RIVER_LEVEL]);
    store.saveCatalogue(GAUGES);
    store.ingest('f', [
      { sensorId: 'gauge:DEE1', ts: T0, values: { levelM: 3.2, surfaceSpeed: 1.5 } },
      { sensorId: 'gauge:DON1', ts: T0 + 60_000, values: { levelM: 2.5, surfaceSpeed: null } },
    ], 1, T0 + 60_000);
    store.flush();
    store.close();
    const csv = await runCli('export', ['--db', river, ...RANGE, '--format', 'csv']);
    expect(csv.stderr).toBe('');
    expect(csv.stdout).toBe([
      'sensor_id,kind,ts,metric,value,unit,source,flags',
      'gauge:DEE1,river-level,2014-08-01T06:00:00.000Z,levelM,3.2,m,raw,',
      'gauge:DEE1,river-level,2014-08-01T06:00:00.000Z,surfaceSpeed,1.5,m/s,raw,',
      'gauge:DEE1,river-level,2014-08-01T06:00:00.000Z,floodPct,80,%,derived,',
      'gauge:DON1,river-level,2014-08-01T06:01:00.000Z,levelM,2.5,m,raw,missing-value;above-flood-level',
      'gauge:DON1,river-level,2014-08-01T06:01:00.000Z,surfaceSpeed,,m/s,raw,missing-value;above-flood-level',
      'gauge:DON1,river-level,2014-08-01T06:01:00.000Z,floodPct,125,%,derived,missing-value;above-flood-level',
    ].join('\n') + '\n');
    const nd = await runCli('export', ['--db', river, ...RANGE, '--sensor', 'gauge:DON1', '--format', 'ndjson']);
    expect(JSON.parse(nd.stdout)).toEqual({
      sensor_id: 'gauge:DON1', kind: 'river-level', ts: '2014-08-01T06:01:00.000Z',
      values: { levelM: 2.5, surfaceSpeed: null }, derived: { floodPct: 125 }, units: { levelM: 'm', surfaceSpeed: 'm/s', floodPct: '%' }, flags: ['missing-value', 'above-flood-level'],
    });
  });

  it('reads a database while a writer holds it open (read-only, WAL)', async () => {
    const live = join(dir, 'live.db');
    buildDb(live);
    const writer = openStore(live);
    try {
      const r = await runCli('export', ['--db', live, ...RANGE, '--format', 'csv']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(CSV);
    } finally {
      writer.close();
    }
  });
});

describe('export: errors are one line on stderr, a non-zero exit and nothing on stdout', () => {
  const cases: [string, () => string[], number][] = [
    ['missing --db', () => [...RANGE, '--format', 'csv'], 2],
    ['missing --from', () => ['--db', db, '--to', '2014-08-02', '--format', 'csv'], 2],
    ['missing --to', () => ['--db', db, '--from', '2014-08-01', '--format', 'csv'], 2],
    ['missing --format', () => ['--db', db, ...RANGE], 2],
    ['unknown flag', () => ['--db', db, ...RANGE, '--format', 'csv', '--limit', '3'], 2],
    ['stray argument', () => ['--db', db, ...RANGE, '--format', 'csv', 'extra'], 2],
    ['--from not ISO', () => ['--db', db, '--from', 'yesterday', '--to', '2014-08-02', '--format', 'csv'], 2],
    ['--to not ISO (Date.parse would take it)', () => ['--db', db, '--from', '2014-08-01', '--to', 'Aug 2 2014', '--format', 'csv'], 2],
    ['impossible date', () => ['--db', db, '--from', '2014-02-30', '--to', '2014-08-02', '--format', 'csv'], 2],
    ['--from after --to', () => ['--db', db, '--from', '2014-08-02', '--to', '2014-08-01', '--format', 'csv'], 2],
    ['unknown --format', () => ['--db', db, ...RANGE, '--format', 'xml'], 2],
    ['unknown sensor', () => ['--db', db, ...RANGE, '--sensor', 'traffic:1', '--sensor', 'traffic:999', '--format', 'csv'], 2],
    ['missing db file', () => ['--db', join(dir, 'nope.db'), ...RANGE, '--format', 'csv'], 1],
    ['not a database at all', () => ['--db', join(dir, 'text.db'), ...RANGE, '--format', 'csv'], 1],
    ['an SQLite database, not CityDesk', () => ['--db', join(dir, 'foreign.db'), ...RANGE, '--format', 'csv'], 1],
    ['written by a newer CityDesk', () => ['--db', join(dir, 'newer.db'), ...RANGE, '--format', 'csv'], 1],
  ];

  beforeAll(() => {
    writeFileSync(join(dir, 'text.db'), 'sensor_id,kind\nthis is not SQLite at all, but long enough to have a header........................................\n');
    const foreign = new Database(join(dir, 'foreign.db'));
    foreign.exec('CREATE TABLE t (x)');
    foreign.close();
    buildDb(join(dir, 'newer.db'));
    const newer = new Database(join(dir, 'newer.db'));
    newer.pragma('user_version = 99');
    newer.close();
  });

  it.each(cases)('%s', async (_name, args, code) => {
    const files = ['newer.db', 'foreign.db', 'text.db'].map((f) => join(dir, f));
    const before = files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'));
    const r = await runCli('export', args());
    expect(r.stdout).toBe('');
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(/^error: \S.*\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    if (_name.includes('newer')) expect(r.stderr).toMatch(/newer CityDesk/);
    if (_name.includes('not CityDesk') || _name.includes('not a database')) expect(r.stderr).toMatch(/not a CityDesk database/);
    if (_name === 'unknown sensor') expect(r.stderr).toMatch(/traffic:999/);
    expect(files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'))).toEqual(before); // read-only: untouched
  });
});
