/**
 * The demo feed in a process of its own (see feed-process.ts), holding the whole demo week as a backlog: a feed at
 * real speed whose week of readings lies in the past (it ends a minute ago), like a feed that buffered a week for a
 * desk that was away. The feed clock is the wall clock at speed 1, so nothing downstream (feed clock extrapolation,
 * retention, rules clock) sees a clock racing ahead. Prints `READY <url>`; on a line "go" on stdin it releases the
 * whole week at once and prints `SENT <readings> <seq of the last batch with readings>`.
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { loadDemoData } from '../../electron/demo-feed/data';
import { startDemoServer } from '../../electron/demo-feed/server';

const data = loadDemoData(join(import.meta.dirname, '..', '..', 'assets'));
// The replay starts when the server is created: create it a week (and a minute) ago, then let its clock be the wall's.
let clockOffset = -(data.end - data.start) - 60_000;
const server = await startDemoServer({ data, speed: 1, now: () => Date.now() + clockOffset, warmupMs: 0, tickMs: 200, bufferBatches: 100_000, feedId: 'bench-feed-child', loop: false });
server.pause();
clockOffset = 0;
console.log(`READY ${server.url}`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'go') return;
  server.resume();
  server.tick();
  const batches = server.buffered();
  const sent = batches.reduce((n, b) => n + b.readings.length, 0);
  const lastSeq = batches.filter((b) => b.readings.length > 0).at(-1)!.seq;
  console.log(`SENT ${sent} ${lastSeq}`);
});
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
