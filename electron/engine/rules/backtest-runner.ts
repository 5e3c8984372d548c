/**
 * Runs a backtest off the engine's event loop. On a cache file: in a worker thread (backtest-worker.ts) with its own
 * read-only connection, so live ingest, alarms and RPC carry on. On a ':memory:' cache (tests, `--db :memory:`), which
 * another connection cannot open: on the engine's own connection, one span of data time per turn of the event loop
 * (setImmediate between spans), so the engine still answers between them. Either way: progress, and cancel().
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Reading } from '../../shared/model';
import { ApiError } from '../api';
import { BacktestCancelled, type BacktestProgress, BacktestRun, runInSpans } from './backtest';
import type { BacktestJob, BacktestOutcome, WorkerMessage } from './backtest-job';

export interface RunningBacktest {
  /** Where it runs: 'worker' (a worker thread) or 'inline' (chunked on the engine's event loop). */
  where: 'worker' | 'inline';
  result: Promise<BacktestOutcome>;
  /** Stops it; result rejects with BacktestCancelled. */
  cancel(): void;
}

export interface BacktestSource {
  /** The cache file, or ':memory:'. */
  file: string;
  /** Readings with from <= ts <= to in time order, on the engine's own connection (the inline way). */
  iterateReadings(from: number, to: number, sensorIds?: readonly string[]): Iterable<Reading>;
}

export function startBacktest(job: BacktestJob, source: BacktestSource, onProgress: (p: BacktestProgress) => void): RunningBacktest {
  const script = source.file === ':memory:' ? null : workerScript();
  return script ? inWorker(job, source.file, script, onProgress) : inline(job, source, onProgress);
}

/**
 * The worker's entry: beside this module when running from the TypeScript sources (tsx, vitest); beside the bundle
 * (build/bundle.mjs writes backtest-worker.cjs next to engine-host.cjs) when bundled. Null if it is not there (then
 * backtests run inline).
 */
function workerScript(): { url: URL; typescript: boolean } | null {
  const here = import.meta.url;
  const typescript = here.endsWith('.ts');
  const url = new URL(typescript ? './backtest-worker.ts' : './backtest-worker.cjs', here);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? { url, typescript } : null;
}

function inWorker(job: BacktestJob, dbFile: string, script: { url: URL; typescript: boolean }, onProgress: (p: BacktestProgress) => void): RunningBacktest {
  let worker: Worker;
  if (script.typescript) {
    // From the sources: register tsx's loader in the worker, then load the TypeScript entry.
    const tsx = pathToFileURL(tsxEsmApi()).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script.url.href)}); });`;
    worker = new Worker(boot, { eval: true, workerData: { dbFile, job } });
  } else worker = new Worker(script.url, { workerData: { dbFile, job } });
  worker.unref(); // a backtest never keeps a closing engine alive
  let cancelled = false;
  const result = new Promise<BacktestOutcome>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        if (!settled) onProgress({ done: m.done, readings: m.readings });
      } else if (m.type === 'done') settle(() => resolve({ events: m.events, routed: m.routed, readings: m.readings }));
      else settle(() => reject(new Error(`backtest failed: ${m.message}`)));
    });
    worker.on('error', (e) => settle(() => reject(new Error(`backtest failed: ${e.message}`))));
    worker.on('exit', (code) => settle(() => reject(cancelled ? new BacktestCancelled() : new Error(`backtest failed: its worker stopped (exit code ${code})`))));
  });
  return {
    where: 'worker',
    result,
    cancel() {
      cancelled = true;
      void worker.terminate();
    },
  };
}

/** tsx's ESM register API (the `import` entry of its './esm/api' export). */
function tsxEsmApi(): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  return join(dirname(pkg), exports['./esm/api']!.import.default);
}

function inline(job: BacktestJob, source: BacktestSource, onProgress: (p: BacktestProgress) => void): RunningBacktest {
  let cancelled = false;
  const run = new BacktestRun(job.rules, job.catalogue, job.zones, { stepMs: job.stepMs, types: job.types });
  const result = (async () => {
    await turn(); // the request is answered from a later turn: the caller holds the handle before any work
    const events = await runInSpans(run, (a, b) => source.iterateReadings(a, b, job.sensorIds), job.from, job.to, {
      progress: onProgress,
      between: turn,
      cancelled: () => cancelled,
    });
    return { events, routed: run.routed, readings: run.readings };
  })();
  return {
    where: 'inline',
    result,
    cancel() {
      cancelled = true;
    },
  };
}

/**
 * The engine's one backtest at a time: a rule's backtest (Alerting.backtest) and a rule set's re-run over a replayed
 * window (replay/rerun.ts) share it, so a second request while one runs is refused ('conflict', naming the running
 * one), and cancelBacktest stops either by its id.
 */
export class BacktestSlot {
  private running: { id: string; what: string; cancel: () => void } | null = null;

  /** Refuses with 'conflict' while one runs (checked before any work, so a refused request costs nothing). */
  ensureFree(): void {
    if (this.running) throw new ApiError('conflict', `another ${this.running.what} is running (${this.running.id}): cancel it or wait for it to finish`);
  }

  /** Runs `job` in the slot (`what` names it in a refusal: 'backtest', 'rule re-run'); the slot is free again when it settles. */
  async run(id: string, what: string, job: BacktestJob, source: BacktestSource, onProgress: (p: BacktestProgress) => void): Promise<BacktestOutcome> {
    this.ensureFree();
    const started = startBacktest(job, source, onProgress);
    this.running = { id, what, cancel: () => started.cancel() };
    try {
      return await started.result;
    } finally {
      this.running = null;
    }
  }

  /** Cancels the running one if its id is `id`; false when no such run. */
  cancel(id: string): boolean {
    if (this.running?.id !== id) return false;
    this.running.cancel();
    return true;
  }

  /** Stops whatever runs (the engine is closing). */
  cancelAny(): void {
    this.running?.cancel();
  }
}

/** One turn of the event loop: what is waiting (RPC, feed messages, timers) runs first. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
