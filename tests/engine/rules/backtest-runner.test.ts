/**
 * Backtests off the event loop: in a worker thread with its own read-only connection on a cache file, or chunked on
 * the event loop for ':memory:' caches. Both give the events of the plain in-process backtest; progress arrives;
 * cancel works; a worker that cannot open the cache says why.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../electron/shared/model';
import { backtest, BACKTEST_SPAN_MS, type BacktestProgress } from '../../../electron/engine/rules/backtest';
import type { BacktestJob } from '../../../electron/engine/rules/backtest-job';
import { SHIPPED_TYPES } from '../../../electron/shared/sensor-types/shipped';
import { startBacktest, type BacktestSource } from '../../../electron/engine/rules/backtest-runner';
import { openStore, type Store } from '../../../electron/engine/store/store';
import { CENTRE, occ, rule, SENSORS, T0 } from './fixtures';

const parking = SENSORS.filter((s) => s.kind === 'car-park');
const rules = [
  rule({ type: 'sustained', minutes: 15, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 80 } }, { id: 'full', clear: { hysteresis: 5, minClearMinutes: 10 } }),
  rule({ type: 'noData', minutes: 45 }, { id: 'silent' }),
  rule({ type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 70 }, { id: 'centre', scope: { type: 'zone', district: '170' } }),
];
const DAYS = 3;
let store: Store;
let file: string;
let job: BacktestJob;
let expected: ReturnType<typeof backtest>;

beforeAll(() => {
  file = join(mkdtempSync(join(tmpdir(), 'citydesk-backtest-')), 'c.db');
  store = openStore(file, { now: () => T0 + DAYS * 86_400_000 });
  store.saveCatalogue(SENSORS);
  // Three days of parking readings every 5 minutes, with silent hours: occupancy waves through the 80% limit.
  const readings: Reading[] = [];
  for (let m = 0; m < DAYS * 24 * 60; m += 5) {
    const hour = Math.floor(m / 60);
    parking.forEach((s, i) => {
      if ((hour + i * 7) % 11 === 0) return; // a silent hour now and then
      readings.push({ sensorId: s.id, ts: T0 + m * 60_000, values: occ(50 + Math.round(45 * Math.sin((m + i * 90) / 200))) });
    });
  }
  store.ingest('f', readings, 1, T0 + DAYS * 86_400_000);
  store.flush();
  job = { rules, catalogue: SENSORS, zones: [CENTRE], from: T0, to: T0 + DAYS * 86_400_000, sensorIds: parking.map((s) => s.id), stepMs: 60_000, types: [...SHIPPED_TYPES] };
  expected = backtest(rules, store.iterateReadings(job.from, job.to, job.sensorIds), SENSORS, [CENTRE], { stepMs: 60_000 });
});
afterAll(() => store.close());

const inlineSource = (): BacktestSource => ({ file: ':memory:', iterateReadings: (a, b, ids) => store.iterateReadings(a, b, ids) });

describe('backtest runner', () => {
  it('the worker gives the events of the in-process backtest, with progress', async () => {
    expect(expected.filter((e) => e.type === 'raise').length).toBeGreaterThan(10);
    const progress: BacktestProgress[] = [];
    const running = startBacktest(job, store, (p) => progress.push(p));
    expect(running.where).toBe('worker');
    const out = await running.result;
    expect(out.events).toEqual(expected);
    expect(out.readings).toBe([...store.iterateReadings(job.from, job.to, job.sensorIds)].length);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ done: 1, readings: out.readings });
  });

  it('inline (":memory:" caches) gives the same events and yields to the event loop between spans', async () => {
    let turns = 0;
    let stop = false;
    const spin = () => {
      turns++;
      if (!stop) setImmediate(spin);
    };
    setImmediate(spin);
    const progress: BacktestProgress[] = [];
    const running = startBacktest(job, inlineSource(), (p) => progress.push(p));
    expect(running.where).toBe('inline');
    const out = await running.result;
    stop = true;
    expect(out.events).toEqual(expected);
    expect(progress.at(-1)).toEqual({ done: 1, readings: out.readings });
    // Other work ran between the spans (one span of data time per turn).
    expect(turns).toBeGreaterThanOrEqual((DAYS * 86_400_000) / BACKTEST_SPAN_MS);
  });

  it.each(['worker', 'inline'] as const)('cancel stops a running backtest (%s)', async (where) => {
    const running = startBacktest(job, where === 'worker' ? store : inlineSource(), () => {});
    expect(running.where).toBe(where);
    running.cancel();
    await expect(running.result).rejects.toThrow('the backtest was cancelled');
  });

  it('a worker that cannot open the cache says why', async () => {
    const running = startBacktest(job, { file: join(tmpdir(), 'citydesk-no-such-dir', 'x.db'), iterateReadings: () => [] }, () => {});
    expect(running.where).toBe('worker');
    await expect(running.result).rejects.toThrow(/^backtest failed: no database at /);
  });
});
