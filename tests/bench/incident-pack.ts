/**
 * Incident pack bench (part of `npm run bench`, or alone: `npx tsx tests/bench/incident-pack.ts`): packing a one-day
 * incident for the whole demo city (every sensor of the shipped Aarhus week, its first whole day: ~150,000
 * readings, ~450,000 CSV rows) with `npm run incident`, against `npm run export` of the same readings as CSV in the
 * same run: the pack's cost over the plain export (its other files, the hashes, the zip). Both are the built CLIs
 * run by node on the same cache file, wall time, best of 3. Target: seconds, not minutes (under 60 s).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadDemoData } from '../../electron/demo-feed/data';
import { openStore } from '../../electron/engine/store/store';
import { fmt, runPartIfMain, type PartResult } from './report';

const ROOT = join(import.meta.dirname, '..', '..');
const ASSETS = join(ROOT, 'assets');
const DAY = 86_400_000;
const RUNS = 3;

function timed(args: string[], stdoutFile: string | null): number {
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', out, 'pipe'], env: { ...process.env, CITYDESK_LOG_LEVEL: 'silent' } });
  const ms = performance.now() - t0;
  if (typeof out === 'number') closeSync(out);
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr.toString()}`);
  return ms;
}

async function part(): Promise<PartResult> {
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-bench-pack-'));
  try {
    const data = loadDemoData(ASSETS);
    const from = Math.ceil(data.start / DAY) * DAY; // the first whole UTC day
    const to = from + DAY - 1;
    const day = data.readings.filter((r) => r.ts >= from && r.ts <= to);
    const db = join(dir, 'cache.db');
    const store = openStore(db);
    store.saveFeed('demo', 'Aarhus demo', 'embedded');
    store.saveCatalogue(data.sensors);
    for (let i = 0; i < day.length; i += 20_000) store.ingest('demo', day.slice(i, i + 20_000), i, day[Math.min(i + 20_000, day.length) - 1]!.ts);
    store.flush();
    store.close();

    execFileSync(process.execPath, [join(ROOT, 'build', 'bundle.mjs'), '--cli'], { cwd: ROOT, stdio: 'pipe' });
    const window = ['--db', db, '--from', new Date(from).toISOString(), '--to', new Date(to).toISOString()];
    const exportMs: number[] = [];
    const packMs: number[] = [];
    const zipMs: number[] = [];
    let csvBytes = 0;
    let packBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const csv = join(dir, `export-${i}.csv`);
      exportMs.push(timed(['--enable-source-maps', join(ROOT, 'dist', 'cli', 'export.cjs'), ...window, '--format', 'csv'], csv));
      csvBytes = statSync(csv).size;
      rmSync(csv);
      packMs.push(timed(['--enable-source-maps', join(ROOT, 'dist', 'cli', 'incident.cjs'), ...window, '--out', join(dir, `pack-${i}`)], null));
      packBytes = statSync(join(dir, `pack-${i}`, 'readings.csv')).size;
      rmSync(join(dir, `pack-${i}`), { recursive: true });
      zipMs.push(timed(['--enable-source-maps', join(ROOT, 'dist', 'cli', 'incident.cjs'), ...window, '--out', join(dir, `zip-${i}`), '--zip'], null));
      rmSync(join(dir, `zip-${i}`), { recursive: true });
      rmSync(join(dir, `zip-${i}.zip`));
    }
    const best = (xs: number[]) => Math.min(...xs) / 1000;
    const pack = best(packMs);
    const exp = best(exportMs);
    const zip = best(zipMs);
    if (packBytes !== csvBytes) throw new Error(`the pack's readings.csv (${packBytes} bytes) differs in size from the export (${csvBytes} bytes)`);
    return {
      rows: [
        { name: 'readings in the day', value: fmt(day.length), note: `${data.sensors.length} sensors, ${new Date(from).toISOString().slice(0, 10)}` },
        { name: 'readings.csv', value: `${(csvBytes / 1e6).toFixed(1)} MB`, note: 'byte for byte the size of the export' },
        { name: 'npm run export (csv)', value: `${exp.toFixed(2)} s`, note: `best of ${RUNS}: ${exportMs.map((m) => (m / 1000).toFixed(2)).join(', ')}` },
        { name: 'npm run incident (folder)', value: `${pack.toFixed(2)} s`, note: `best of ${RUNS}: ${packMs.map((m) => (m / 1000).toFixed(2)).join(', ')}` },
        { name: 'npm run incident --zip', value: `${zip.toFixed(2)} s`, note: `best of ${RUNS}: ${zipMs.map((m) => (m / 1000).toFixed(2)).join(', ')}` },
      ],
      headlines: [
        { name: 'incident pack, one day of the whole demo city', figure: `${pack.toFixed(1)} s (zip ${zip.toFixed(1)} s)`, baseline: `npm run export of the same readings ${exp.toFixed(1)} s`, ratio: `${(pack / exp).toFixed(2)}x`, target: 'seconds, not minutes (< 60 s)', met: pack < 60 && zip < 60 },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runPartIfMain(import.meta.url, 'Incident pack', part);
