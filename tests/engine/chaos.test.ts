/**
 * Chaos: a real Socket.IO server speaking the feed protocol that, driven by a seeded PRNG, drops connections at random
 * points, duplicates batches, swaps adjacent batches and injects malformed messages and readings, while resending
 * correctly from lastSeq on every subscribe. A real engine with an SQLite cache follows it. At the end the cache must
 * hold exactly what the server sent (and the kept part of readings with an unknown metric), and the reject counters
 * exactly what it injected, by reason. In binary mode the server also chooses binary batches (PROTOCOL.md, "Binary
 * batches") for the client that asks: most batches go as frames against a per-connection sensor-id dictionary, some
 * as JSON, bad rows are injected into frames and corrupt or truncated frames among the messages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, type Socket } from 'socket.io';
import { PROTOCOL_VERSION, type Batch, type RejectReason } from '../../electron/shared/protocol';
import { encodeColumns, type ColumnsReading } from '../../electron/shared/reading-columns';
import { startEngine } from '../../electron/engine/index';
import type { Reading } from '../../electron/shared/model';
import { key, tinyData, waitFor } from '../helpers/feed';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** mulberry32: small, seedable, good enough to pick faults. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FEED = 'chaos-feed';

interface Conn {
  socket: Socket;
  /** Sequence numbers still to send on this connection, in the order they will go out. */
  queue: number[];
  subscribed: boolean;
  alive: boolean;
  /** Binary batches chosen for this connection, and how many dictionary ids it was sent. */
  binary: boolean;
  idsSent: number;
}

interface ChaosStats {
  drops: number;
  duplicates: number;
  swaps: number;
  injectedMessages: number;
  injectedReadings: number;
  subscribes: number;
  resent: number;
  /** Batches sent as binary frames. */
  frames: number;
}

async function chaosServer(seed: number, opts: { batches: number; stepsPerBatch: number; maxDrops: number; binary?: boolean }) {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const data = tinyData({ steps: opts.batches * opts.stepsPerBatch });
  const perBatch = opts.stepsPerBatch * data.sensors.length;
  const batches: Batch[] = [];
  for (let i = 0; i < opts.batches; i++) {
    const readings = data.readings.slice(i * perBatch, (i + 1) * perBatch);
    batches.push({ feedId: FEED, seq: i + 1, feedTime: readings.at(-1)!.ts, readings });
  }
  let produced = 0; // batches 1..produced exist (and stay buffered: nothing is ever lost)
  let chaos = true;
  const expectedRejects: Partial<Record<RejectReason, number>> = {};
  const count = (reason: RejectReason, n = 1) => void (expectedRejects[reason] = (expectedRejects[reason] ?? 0) + n);
  const stats: ChaosStats = { drops: 0, duplicates: 0, swaps: 0, injectedMessages: 0, injectedReadings: 0, subscribes: 0, resent: 0, frames: 0 };
  const conns = new Set<Conn>();
  const lastTs = data.readings.at(-1)!.ts;

  const drop = (c: Conn) => {
    stats.drops++;
    c.alive = false;
    conns.delete(c);
    c.socket.disconnect(true);
  };

  /**
   * Malformed readings, each with the reason the client must count it under (given its batch's clock). A reading with
   * a metric its type lacks is kept without it: `kept` is what the cache must then hold.
   */
  const air = { ozone: 1, particulateMatter: 2, carbonMonoxide: 3, sulfurDioxide: 4, nitrogenDioxide: 5 };
  const badReadings: [RejectReason, (t: number) => unknown, ((t: number) => Reading)?][] = [
    ['malformed-reading', () => null],
    ['malformed-reading', () => ({ sensorId: 'traffic:1', ts: 'yesterday', values: {} })],
    ['malformed-reading', () => ({ sensorId: 'traffic:1', ts: 1.5, values: {} })],
    ['malformed-reading', () => ({ sensorId: 'air:1', ts: lastTs, values: { ozone: 'high' } })],
    ['malformed-reading', () => ({ sensorId: '', ts: lastTs, values: {} })],
    ['unknown-sensor', () => ({ sensorId: 'traffic:404', ts: lastTs, values: { avgSpeedKmh: 1 } })],
    ['unknown-metric', (t) => ({ sensorId: 'air:1', ts: t + 1, values: { ...air, smoke: 3 } }), (t) => ({ sensorId: 'air:1', ts: t + 1, values: air })],
    ['unknown-metric', (t) => ({ sensorId: 'parking:P1', ts: t + 1, values: { vehicleCount: 3, totalSpaces: 9, avgSpeedKmh: 9 } }), (t) => ({ sensorId: 'parking:P1', ts: t + 1, values: { vehicleCount: 3, totalSpaces: 9 } })],
  ];
  /** The bad readings a binary frame can carry (a frame has no room for a string where a number goes). */
  const badRows: [RejectReason, (t: number) => ColumnsReading, ((t: number) => Reading)?][] = [
    ['malformed-reading', () => ({ sensorId: 'traffic:1', ts: 1.5, values: {} })],
    ['malformed-reading', () => ({ sensorId: 'air:1', ts: lastTs, values: { ozone: NaN } })],
    ['malformed-reading', () => ({ sensorId: 'parking:P1', ts: lastTs, values: { vehicleCount: Infinity, totalSpaces: 9 } })],
    ['unknown-sensor', () => ({ sensorId: 'traffic:404', ts: lastTs, values: { avgSpeedKmh: 1 } })],
    ['unknown-metric', (t) => ({ sensorId: 'air:1', ts: t + 2, values: { ...air, smoke: 3 } }), (t) => ({ sensorId: 'air:1', ts: t + 2, values: air })],
  ];
  // The server's append-only sensor-id dictionary.
  const dictIds: string[] = [];
  const dictAt = new Map<string, number>();
  const indexOf = (id: string) => {
    let i = dictAt.get(id);
    if (i === undefined) dictAt.set(id, (i = dictIds.push(id) - 1));
    return i;
  };
  const frameOf = (b: { feedId: string; seq: number; feedTime: number; readings: ColumnsReading[] }) => encodeColumns(b, indexOf);
  const emitFrame = (c: Conn, b: { feedId: string; seq: number; feedTime: number; readings: ColumnsReading[] }) => {
    const frame = frameOf(b);
    if (c.idsSent < dictIds.length) {
      c.socket.emit('sensor-ids', { feedId: FEED, from: c.idsSent, ids: dictIds.slice(c.idsSent) });
      c.idsSent = dictIds.length;
    }
    c.socket.emit('batch-columns', frame);
  };
  /** Kept parts of injected readings, by key (a batch sent twice may carry the same one twice: stored once). */
  const keptInjected = new Map<string, Reading>();
  /** Malformed messages. */
  const badMessages: [RejectReason, (s: Socket) => void][] = [
    ['malformed-message', (s) => s.emit('batch', 'not a batch')],
    ['malformed-message', (s) => s.emit('batch', { feedId: FEED, seq: -3, feedTime: 0, readings: [] })],
    ['malformed-message', (s) => s.emit('batch', { feedId: FEED, seq: 2, feedTime: 0, readings: {} })],
    ['malformed-message', (s) => s.emit('catalogue', { feedId: FEED })],
    ['malformed-message', (s) => s.emit('catalogue', { feedId: FEED, sensors: [...data.sensors, { id: 'bad' }] })],
    ['malformed-message', (s) => s.emit('hello', { protocol: 'one' })],
    ['wrong-feed', (s) => s.emit('batch', { feedId: 'another-feed', seq: 1, feedTime: 0, readings: [null, { sensorId: 'traffic:1', ts: 1, values: {} }] })],
  ];
  if (opts.binary) {
    const someFrame = () => frameOf({ ...batches[Math.floor(rand() * batches.length)]! });
    badMessages.push(
      ['malformed-message', (s) => s.emit('batch-columns', someFrame().subarray(0, 20 + Math.floor(rand() * 100)))],
      [
        'malformed-message',
        (s) => {
          const f = someFrame();
          f[Math.floor(rand() * f.length)]! ^= 1 << Math.floor(rand() * 8);
          s.emit('batch-columns', f);
        },
      ],
      ['malformed-message', (s) => s.emit('batch-columns', 'not a frame')],
    );
  }

  const emitBatch = (c: Conn, seq: number) => {
    const b = batches[seq - 1]!;
    if (c.binary && rand() < 0.8) {
      // A binary frame, now and then with bad rows among the good ones.
      const readings: ColumnsReading[] = [...b.readings];
      if (chaos && rand() < 0.15) {
        const n = 1 + Math.floor(rand() * 3);
        for (let i = 0; i < n; i++) {
          const [reason, make, kept] = pick(badRows);
          count(reason);
          stats.injectedReadings++;
          readings.splice(Math.floor(rand() * (readings.length + 1)), 0, make(b.feedTime));
          if (kept) {
            const r = kept(b.feedTime);
            keptInjected.set(key(r), r);
          }
        }
      }
      stats.frames++;
      return emitFrame(c, { ...b, readings });
    }
    if (chaos && rand() < 0.15) {
      // A few malformed readings mixed into a good batch (the good ones must still be kept).
      const readings: unknown[] = [...b.readings];
      const n = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < n; i++) {
        const [reason, make, kept] = pick(badReadings);
        count(reason);
        stats.injectedReadings++;
        readings.splice(Math.floor(rand() * (readings.length + 1)), 0, make(b.feedTime));
        if (kept) {
          const r = kept(b.feedTime);
          keptInjected.set(key(r), r);
        }
      }
      c.socket.emit('batch', { ...b, readings });
    } else c.socket.emit('batch', b);
  };

  const pump = (c: Conn, budget: number) => {
    while (budget-- > 0 && c.alive && c.subscribed && c.queue.length) {
      if (chaos) {
        const x = rand();
        if (x < 0.012 && stats.drops < opts.maxDrops) return drop(c);
        if (x < 0.06) {
          const [reason, send] = pick(badMessages);
          count(reason);
          stats.injectedMessages++;
          send(c.socket);
          continue;
        }
        if (x < 0.12 && c.queue.length >= 2) {
          [c.queue[0], c.queue[1]] = [c.queue[1]!, c.queue[0]!];
          stats.swaps++;
        } else if (x < 0.18) {
          // The same batch again, now or a little later.
          c.queue.splice(Math.floor(rand() * Math.min(5, c.queue.length + 1)), 0, c.queue[0]!);
          stats.duplicates++;
        }
      }
      emitBatch(c, c.queue.shift()!);
    }
  };

  const http = createServer();
  const io = new Server(http);
  io.on('connection', (socket) => {
    const c: Conn = { socket, queue: [], subscribed: false, alive: true, binary: false, idsSent: 0 };
    conns.add(c);
    socket.on('disconnect', () => {
      c.alive = false;
      conns.delete(c);
    });
    socket.emit('hello', { protocol: PROTOCOL_VERSION, feedId: FEED, name: 'chaos feed', demo: false, feedTime: lastTs, speed: 1, oldestSeq: 1, nextSeq: produced + 1 });
    // Dropped during the handshake, before the subscribe is answered.
    if (chaos && rand() < 0.1 && stats.drops < opts.maxDrops) setTimeout(() => c.alive && drop(c), rand() < 0.5 ? 0 : 2);
    socket.on('subscribe', (raw: { protocol: number; lastSeq: number | null; encodings?: string[] }, ack: (a: unknown) => void) => {
      if (!c.alive) return;
      stats.subscribes++;
      const from = raw.lastSeq === null ? 1 : raw.lastSeq + 1;
      c.binary = !!opts.binary && !!raw.encodings?.includes('columns-1');
      ack({ ok: true, resend: from <= produced ? { from, to: produced } : null, lost: null, nextSeq: produced + 1, ...(c.binary ? { batchEncoding: { name: 'columns-1', minReadings: 1 } } : {}) });
      socket.emit('catalogue', { feedId: FEED, sensors: data.sensors });
      // Resent batches first (the queue restarts from what the client holds), then live ones as they come.
      c.queue = [];
      for (let s = from; s <= produced; s++) c.queue.push(s);
      stats.resent += c.queue.length;
      c.subscribed = true;
    });
  });
  const produce = () => {
    produced++;
    for (const c of conns) if (c.subscribed) c.queue.push(produced);
  };
  const timer = setInterval(() => {
    if (produced < opts.batches && rand() < 0.7) produce();
    for (const c of [...conns]) pump(c, 1 + Math.floor(rand() * 4));
  }, 2);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const close = async () => {
    clearInterval(timer);
    io.disconnectSockets(true);
    await new Promise<void>((r, reject) => {
      io.close(() => r()).catch(reject);
    });
  };
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    sent: () => [...batches.slice(0, produced).flatMap((b) => b.readings), ...keptInjected.values()],
    produced: () => produced,
    total: opts.batches,
    expectedRejects,
    stats,
    /** Ends the chaos and sends one last (empty) batch in order: once the client holds it, it has seen everything before. */
    finish: () => {
      chaos = false;
      batches.push({ feedId: FEED, seq: batches.length + 1, feedTime: lastTs, readings: [] });
      produce();
      return produced;
    },
    close,
  };
}

const byKey = (rs: Reading[]) => [...rs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

describe('chaos: drops, duplicates, reordering and garbage against the real engine and cache', () => {
  it.each([
    [1, false],
    [7, false],
    [2024, false],
    [3, true],
    [99, true],
  ])('seed %i (binary batches: %s): the cache holds exactly what was sent; rejects are counted exactly', async (seed, binary) => {
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-chaos-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await chaosServer(seed, { batches: 300, stepsPerBatch: 2, maxDrops: 6, binary });
    cleanups.push(() => server.close());
    const engine = await startEngine({
      assetsDir: '/nonexistent',
      feedUrl: server.url,
      dbFile: join(dir, 'cache.db'),
      reconnectDelayMs: 50,
      reconnectDelayMaxMs: 200,
      deltaIntervalMs: 50,
    });
    cleanups.push(() => engine.close());
    const context = () => `seed ${seed}: ${JSON.stringify(server.stats)}, engine lastSeq ${engine.status().lastSeq}, produced ${server.produced()}`;

    await waitFor(() => server.produced() === server.total && engine.status().lastSeq === server.total, 40_000, `all batches held (${context()})`);
    const last = server.finish();
    await waitFor(() => engine.status().lastSeq === last, 10_000, `the final batch (${context()})`);

    const sent = server.sent();
    const stored = [...engine.store.iterateReadings(0, Number.MAX_SAFE_INTEGER)].map(({ sensorId, ts, values }) => ({ sensorId, ts, values }));
    expect(stored.length, context()).toBe(sent.length);
    expect(byKey(stored)).toEqual(byKey(sent));
    expect(engine.store.ingestTotals.inserted).toBe(sent.length);
    expect(engine.status().rejects, context()).toEqual(server.expectedRejects);
    expect(engine.store.gaps(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    if (process.env.CHAOS_DEBUG) console.log(context(), engine.status().rejects);
    // The chaos did happen.
    expect(server.stats.drops).toBeGreaterThan(0);
    expect(server.stats.swaps + server.stats.duplicates).toBeGreaterThan(10);
    expect(server.stats.injectedMessages + server.stats.injectedReadings).toBeGreaterThan(10);
    if (binary) expect(server.stats.frames).toBeGreaterThan(100);
  });
});
