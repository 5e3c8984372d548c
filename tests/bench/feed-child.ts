/**
 * The demo feed in a process of its own (see feed-process.ts). Prints `READY <url>` once the feed clock has passed the
 * end of the week (so the whole week is due); on a line "go" on stdin it releases the whole week at once and prints
 * `SENT <readings> <seq of the last batch with readings>`.
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { loadDemoData } from '../../electron/demo-feed/data';
import { startDemoServer } from '../../electron/demo-feed/server';

const SPEED = 1e6;
const data = loadDemoData(join(import.meta.dirname, '..', '..', 'assets'));
const server = await startDemoServer({ data, speed: SPEED, warmupMs: 0, tickMs: 200, bufferBatches: 100_000, feedId: 'bench-feed-child', loop: false });
server.pause();
await new Promise((r) => setTimeout(r, (data.end - data.start) / SPEED + 200));
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
