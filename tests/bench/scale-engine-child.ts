/**
 * The real engine in a process of its own (scale-feed.ts): `tsx scale-engine-child.ts FEED_URL DB_FILE`, so that its
 * CPU time and memory are its own. With SCALE_BENCH_RAISE_CAPS=1 the protocol's size caps are raised in this process
 * only (scale-caps-hook.mjs), for catalogues past 20,000 sensors. Prints `READY`; on a line "stats" on stdin prints
 * `STATS <json>`: CPU ms (without the GCs forced here), RSS and heap after a full GC when started with --expose-gc
 * (settled memory, not garbage waiting), and the feed status (connection, accepted readings, last seq, sensors, rejects).
 */
import { register } from 'node:module';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

if (process.env.SCALE_BENCH_RAISE_CAPS === '1') register('./scale-caps-hook.mjs', import.meta.url);
const { startEngine } = await import('../../electron/engine/index');
const { MAX_SENSORS } = await import('../../electron/shared/protocol');

const [feedUrl, dbFile] = process.argv.slice(2);
// The engine's warnings (but alarms) and errors go to stderr (the bench's output): why a run failed is seen, not guessed.
const log = (level: string, msg: string) => {
  if (level === 'error' || (level === 'warn' && !msg.startsWith('ALARM'))) process.stderr.write(`[engine ${level}] ${msg.slice(0, 400)}\n`);
};
const engine = await startEngine({ assetsDir: join(import.meta.dirname, '..', '..', 'assets'), feedUrl: feedUrl!, dbFile: dbFile!, log });
console.log(`READY ${MAX_SENSORS}`);
/** CPU ms spent in the GCs forced here (to read settled memory): left out of the engine's CPU. */
let forcedGcMs = 0;
const cpuMsNow = () => {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
};
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'stats') return;
  const st = engine.status();
  const cpuMs = cpuMsNow() - forcedGcMs;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    const t = cpuMsNow();
    gc();
    forcedGcMs += cpuMsNow() - t;
  }
  const mem = process.memoryUsage();
  const out = {
    settled: gc !== undefined,
    cpuMs,
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    connection: st.connection,
    accepted: st.acceptedTotal,
    lastSeq: st.lastSeq,
    sensors: st.sensors.live + st.sensors.stale + st.sensors.never,
    rejects: st.rejects,
    lastReject: st.lastReject?.detail ?? null,
    lastError: st.lastError ?? null,
  };
  console.log(`STATS ${JSON.stringify(out)}`);
});
process.on('SIGTERM', () => void engine.close().then(() => process.exit(0)));
