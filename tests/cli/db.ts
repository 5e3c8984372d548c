/**
 * Helpers for the CLI tests: databases built directly through the store, and running a CLI as a child process: the
 * built JavaScript (dist/cli/<name>.cjs, built once per test file as `npm run <name>` builds it) run by node.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../electron/engine/store/store';
import type { Reading, Sensor } from '../../electron/shared/model';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI_DIR = join(ROOT, 'dist', 'cli');

let built = false;
/** Builds the CLIs into dist/cli (what `npm run web|feed|record|export` does first); once per test file. */
export function buildClis(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, 'build', 'bundle.mjs'), '--cli'], { cwd: ROOT, stdio: 'pipe' });
  built = true;
}

/** The CLIs' log files go to a folder of this test file's own, not the user's ~/.local/state. */
let logDir: string | null = null;
export function testLogDir(): string {
  if (!logDir) {
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-cli-logs-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    logDir = dir;
  }
  return logDir;
}

export const T0 = Date.UTC(2014, 7, 1, 6, 0, 0);

/** A small known data set: three sensors (one with an id that needs CSV quoting), readings interleaved in time. */
export function knownData(): { sensors: Sensor[]; readings: Reading[] } {
  const sensors: Sensor[] = [
    { id: 'traffic:1', kind: 'traffic', name: 'A', geometry: { type: 'LineString', coordinates: [[10.1, 56.1], [10.2, 56.2]] }, expectedIntervalS: 300, attributes: {} },
    { id: 'parking:P,"1"', kind: 'car-park', name: 'P1', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 300, attributes: { capacity: 100 } },
    { id: 'air:1', kind: 'citypulse-air-index', name: 'Air 1', geometry: { type: 'Point', coordinates: [10.21, 56.16] }, expectedIntervalS: 300, attributes: {} },
  ];
  const readings: Reading[] = [
    { sensorId: 'air:1', ts: T0 + 60_000, values: { ozone: 41.5, particulateMatter: 10, carbonMonoxide: null, sulfurDioxide: 3, nitrogenDioxide: 20 } },
    { sensorId: 'traffic:1', ts: T0, values: { avgSpeedKmh: 50, vehicleCount: 5, avgMeasuredTimeS: 60, medianMeasuredTimeS: 58 } },
    { sensorId: 'parking:P,"1"', ts: T0 + 30_000, values: { vehicleCount: 90, totalSpaces: 100 } },
    { sensorId: 'traffic:1', ts: T0 + 300_000, values: { avgSpeedKmh: 0, vehicleCount: 0 } }, // two metrics not sent: null
    { sensorId: 'parking:P,"1"', ts: T0 + 300_000, values: { vehicleCount: 120, totalSpaces: 100 } },
  ];
  return { sensors, readings };
}

export function buildDb(file: string, data = knownData()): void {
  const store = openStore(file);
  store.saveFeed('f', 'test feed', 'http://x');
  store.saveCatalogue(data.sensors);
  store.ingest('f', data.readings, 1, T0 + 600_000);
  store.flush();
  store.close();
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `node dist/cli/<name>.cjs args` (built first), from the repository root. */
export function spawnCli(name: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  buildClis();
  return spawn(process.execPath, ['--enable-source-maps', join(CLI_DIR, `${name}.cjs`), ...args], {
    cwd: ROOT,
    env: { ...process.env, CITYDESK_LOG_DIR: testLogDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runCli(name: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): Promise<RunResult> {
  const child = spawnCli(name, args, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return collect(child).finally(() => clearTimeout(timer));
}

/** Stored readings, or null while the database is not there yet (or not migrated yet). */
export function stored(file: string): Reading[] | null {
  if (!existsSync(file)) return null;
  let store;
  try {
    store = openStore(file, { readonly: true });
  } catch {
    return null;
  }
  try {
    return [...store.iterateReadings(0, Number.MAX_SAFE_INTEGER)].map(({ sensorId, ts, values }) => ({ sensorId, ts, values }));
  } finally {
    store.close();
  }
}

export const sortReadings = (rs: Reading[]) => [...rs].sort((a, b) => a.ts - b.ts || a.sensorId.localeCompare(b.sensorId));
