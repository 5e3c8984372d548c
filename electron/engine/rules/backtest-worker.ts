/**
 * Worker thread entry of a backtest (started by backtest-runner.ts): its own READ-ONLY connection on the cache file,
 * the range read span by span, progress posted to the engine, the events posted at the end. The engine stops it with
 * Worker.terminate() to cancel.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/store';
import { BacktestRun, runInSpans } from './backtest';
import type { BacktestJob, WorkerMessage } from './backtest-job';

async function main(): Promise<void> {
  const { dbFile, job } = workerData as { dbFile: string; job: BacktestJob };
  const post = (m: WorkerMessage) => parentPort!.postMessage(m);
  try {
    const store = openStore(dbFile, { readonly: true });
    try {
      const run = new BacktestRun(job.rules, job.catalogue, job.zones, { stepMs: job.stepMs, types: job.types });
      const events = await runInSpans(run, (a, b) => store.iterateReadings(a, b, job.sensorIds), job.from, job.to, { progress: (p) => post({ type: 'progress', ...p }) });
      post({ type: 'done', events, routed: run.routed, readings: run.readings });
    } finally {
      store.close();
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

void main();
