/**
 * The demo feed in a process of its own, for the ingest bench: a feed is another machine, so its cost (encoding
 * batches) must not be charged to the engine's core. Prints `READY <url> <lastSeq-after-release>` handshakes on
 * stdout; on a line "go" on stdin it releases the whole week at once.
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { startDemoServer } from '../../electron/demo-feed/server';

const server = await startDemoServer({ assetsDir: join(import.meta.dirname, '..', '..', 'assets'), speed: 1e6, warmupMs: 0, tickMs: 200, bufferBatches: 100_000, feedId: 'bench-ingest-child', loop: false });
server.pause();
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
