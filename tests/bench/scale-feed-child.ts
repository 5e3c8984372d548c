/**
 * The demo feed in scale mode, in a process of its own (scale-feed.ts): `tsx scale-feed-child.ts K SPEED`. The week
 * plays live (looping) at SPEED feed seconds per wall second, the real sensors multiplied K times
 * (electron/hub/scale.ts); at SPEED 300 the demo's 5-minute sensors report once a wall second (car parks every 6 s).
 * No warm-up: the engine starts from now. Prints `READY <url> <sensors>`; on a line "count" on stdin prints
 * `COUNT <readings sent so far> <seq of the last batch> <cpu ms of this process> <rss bytes>`.
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { startDemoServer } from '../../electron/demo-feed/server';

const scale = Number(process.argv[2] ?? '1');
const speed = Number(process.argv[3] ?? '300');
const server = await startDemoServer({ assetsDir: join(import.meta.dirname, '..', '..', 'assets'), scale, speed, warmupMs: 0, bufferBatches: 200, feedId: `bench-scale-${scale}`, loop: true });
console.log(`READY ${server.url} ${server.catalogue().sensors.length}`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'count') return;
  const sent = server.sources().reduce((n, s) => n + s.readings, 0);
  const cpu = process.cpuUsage();
  console.log(`COUNT ${sent} ${server.lastSeq()} ${(cpu.user + cpu.system) / 1000} ${process.memoryUsage().rss}`);
});
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
