/**
 * Binary batches across the feed protocol (PROTOCOL.md, "Binary batches"), with real Socket.IO (binary attachments):
 * negotiation both ways (a client before binary batches against this server, this client against a server that
 * offers none), the demo feed to the engine in binary, resume across a dropped connection, and what the engine does
 * with a corrupt frame or bad rows (the same checks as JSON, path-style errors, nothing half-applied).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../electron/demo-feed/server';
import { FeedClient, type FeedSink } from '../../electron/engine/feed/client';
import { startEngine, type Engine } from '../../electron/engine/index';
import type { Reading } from '../../electron/shared/model';
import { PROTOCOL_VERSION, type RejectReason } from '../../electron/shared/protocol';
import { encodeColumns, type ColumnsReading } from '../../electron/shared/reading-columns';
import { tinyData, waitFor } from '../helpers/feed';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A demo server whose clock the test moves; batches of at least one reading go binary to clients that accept it. */
async function manualServer(opts: { bufferBatches?: number; batchEncodings?: [] } = {}) {
  const data = tinyData({ steps: 200 });
  let wall = data.start + 30 * 60_000;
  const server = await startDemoServer({
    data,
    now: () => wall,
    tickMs: 1e9,
    warmupMs: 10 * 60_000,
    columnsMinReadings: 1,
    ...(opts.batchEncodings ? { batchEncodings: opts.batchEncodings } : {}),
    ...(opts.bufferBatches ? { bufferBatches: opts.bufferBatches } : {}),
  });
  cleanups.push(() => server.close());
  return { server, data, advance: (ms: number) => { wall += ms; server.tick(); }, now: () => wall };
}

/** Counts what the server sends each client, by event. */
function countOutgoing(server: DemoServer): Record<string, number> {
  const counts: Record<string, number> = {};
  server.io.on('connection', (s) => s.onAnyOutgoing((ev: string) => void (counts[ev] = (counts[ev] ?? 0) + 1)));
  return counts;
}

async function engineOn(server: DemoServer, now: () => number): Promise<Engine> {
  const engine = await startEngine({ assetsDir: '/nonexistent', feedUrl: server.url, deltaIntervalMs: 20, now });
  cleanups.push(() => engine.close());
  return engine;
}

function recordingClient(url: string, opts: { batchEncodings?: []; now?: () => number } = {}) {
  const got = { readings: [] as Reading[], seqs: [] as number[], rejects: [] as { reason: RejectReason; detail: string; count: number }[], state: '' };
  const sink: FeedSink = {
    hello: () => {},
    catalogue: () => {},
    readings: (rs, seq) => {
      got.readings.push(...rs);
      got.seqs.push(seq);
    },
    reject: (reason, detail, count = 1) => void got.rejects.push({ reason, detail, count }),
    lost: () => {},
    connection: (s) => void (got.state = s),
  };
  const client = new FeedClient({ url, reconnectDelayMs: 50, reconnectDelayMaxMs: 200, ...(opts.now ? { now: opts.now } : {}), ...(opts.batchEncodings ? { batchEncodings: opts.batchEncodings } : {}) }, sink);
  cleanups.push(() => client.close());
  return { client, got };
}

const sentReadings = (server: DemoServer) => server.buffered().flatMap((b) => b.readings);
const key = (r: Reading) => JSON.stringify([r.sensorId, r.ts, Object.entries(r.values).sort()]);

describe('binary batches: negotiation', () => {
  it('a client that announces no encodings (v1, or built before binary batches) gets JSON batches only, unchanged', async () => {
    const { server, advance } = await manualServer();
    const sock = connect(server.url, { transports: ['websocket'] });
    cleanups.push(() => void sock.close());
    const events: string[] = [];
    const batches: { seq: number; readings: Reading[] }[] = [];
    sock.onAny((ev: string) => events.push(ev));
    sock.on('batch', (b: { seq: number; readings: Reading[] }) => batches.push(b));
    let ack: Record<string, unknown> | null = null;
    sock.on('hello', () => sock.emit('subscribe', { protocol: 1, lastSeq: null }, (a: Record<string, unknown>) => (ack = a)));
    await waitFor(() => ack !== null, 5000, 'ack');
    advance(5 * 60_000);
    await waitFor(() => batches.length > 0 && batches[batches.length - 1]!.seq === server.lastSeq(), 5000, 'batches');
    expect(ack!.batchEncoding).toBeUndefined();
    expect(events).not.toContain('batch-columns');
    expect(events).not.toContain('sensor-ids');
    expect(batches.flatMap((b) => b.readings)).toEqual(sentReadings(server));
  });

  it('this client against a server that offers no binary encoding (a v1-only server): JSON, every reading', async () => {
    const { server, advance, now } = await manualServer({ batchEncodings: [] });
    const counts = countOutgoing(server);
    const { client, got } = recordingClient(server.url, { now });
    await waitFor(() => got.state === 'connected', 5000, 'connected');
    advance(5 * 60_000);
    await waitFor(() => got.seqs.at(-1) === server.lastSeq(), 5000, 'caught up');
    expect(client.batchEncoding).toBeNull();
    expect(counts['batch-columns']).toBeUndefined();
    expect(got.readings.map(key)).toEqual(sentReadings(server).map(key));
  });

  it('a client may decline binary (batchEncodings: []) against a server that offers it', async () => {
    const { server, advance, now } = await manualServer();
    const counts = countOutgoing(server);
    const { client, got } = recordingClient(server.url, { now, batchEncodings: [] });
    await waitFor(() => got.state === 'connected', 5000, 'connected');
    advance(5 * 60_000);
    await waitFor(() => got.seqs.at(-1) === server.lastSeq(), 5000, 'caught up');
    expect(client.batchEncoding).toBeNull();
    expect(counts['batch-columns']).toBeUndefined();
    expect(got.readings.length).toBe(sentReadings(server).length);
  });

  it('small batches stay JSON below the threshold, large ones go binary, on the same connection and in order', async () => {
    const data = tinyData({ steps: 200 });
    let wall = data.start + 30 * 60_000;
    const server = await startDemoServer({ data, now: () => wall, tickMs: 1e9, warmupMs: 10 * 60_000, columnsMinReadings: 4 });
    cleanups.push(() => server.close());
    const counts = countOutgoing(server);
    const { client, got } = recordingClient(server.url, { now: () => wall });
    await waitFor(() => got.state === 'connected', 5000, 'connected');
    wall += 5 * 60_000;
    server.tick(); // 3 readings: JSON
    wall += 15 * 60_000;
    server.tick(); // 9 readings: binary
    await waitFor(() => got.seqs.at(-1) === server.lastSeq(), 5000, 'caught up');
    expect(client.batchEncoding).toBe('columns-1');
    expect(counts['batch-columns']).toBeGreaterThan(0);
    expect(counts.batch).toBeGreaterThan(0);
    expect(got.seqs).toEqual(server.buffered().filter((b) => b.seq >= got.seqs[0]!).map((b) => b.seq));
    expect(got.readings.map(key)).toEqual(sentReadings(server).filter((r) => got.readings.some((g) => g.ts === r.ts && g.sensorId === r.sensorId)).map(key));
  });
});

describe('binary batches: the demo feed to the engine', () => {
  it('delivers every reading in binary frames (binary attachments on the wire), stored exactly as sent', async () => {
    const { server, advance, now } = await manualServer();
    const counts = countOutgoing(server);
    // A bare Socket.IO client sees the frames as bytes.
    const sock = connect(server.url, { transports: ['websocket'] });
    cleanups.push(() => void sock.close());
    const frames: unknown[] = [];
    sock.on('batch-columns', (f: unknown) => frames.push(f));
    sock.on('hello', () => sock.emit('subscribe', { protocol: PROTOCOL_VERSION, lastSeq: null, encodings: ['columns-1'] }, () => {}));
    const engine = await engineOn(server, now);
    await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
    for (let i = 0; i < 4; i++) advance(5 * 60_000);
    const sent = sentReadings(server);
    await waitFor(() => engine.status().acceptedTotal === sent.length, 5000, `all ${sent.length} readings`);
    expect(counts['batch-columns']).toBeGreaterThanOrEqual(2 * 4);
    expect(counts['sensor-ids']).toBeGreaterThanOrEqual(2); // once per connection (the dictionary is complete after the first frame here)
    await waitFor(() => frames.length >= 4, 5000, 'frames at the bare client');
    expect(frames[0]).toBeInstanceOf(Uint8Array);
    expect(engine.status().rejects).toEqual({});
    const hist = await engine.handle('history', { sensorId: 'air:1', from: sent[0]!.ts, to: now() });
    expect(hist.points.map((p) => p.ts)).toEqual(sent.filter((r) => r.sensorId === 'air:1').map((r) => r.ts));
    expect(engine.store.ingestTotals).toEqual({ inserted: sent.length, duplicates: 0, unknownSensor: 0 });
  });

  it('resumes across a dropped connection with binary batches: a new dictionary, nothing lost, nothing twice', async () => {
    const { server, advance, now } = await manualServer();
    const counts = countOutgoing(server);
    const engine = await engineOn(server, now);
    await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
    advance(5 * 60_000);
    await waitFor(() => engine.status().lastSeq === server.lastSeq(), 5000, 'caught up');
    const idsBefore = counts['sensor-ids'] ?? 0;
    server.io.disconnectSockets(true);
    await waitFor(() => engine.status().connection !== 'connected', 5000, 'disconnected');
    for (let i = 0; i < 5; i++) advance(5 * 60_000); // sent while the engine is away
    await waitFor(() => engine.status().connection === 'connected', 10_000, 'reconnected');
    await waitFor(() => engine.status().lastSeq === server.lastSeq(), 5000, 'resumed');
    expect(counts['sensor-ids']).toBeGreaterThan(idsBefore); // the new connection was sent the dictionary again
    const sent = sentReadings(server);
    expect(engine.status().acceptedTotal).toBe(sent.length);
    const hist = await engine.handle('history', { sensorId: 'traffic:1', from: sent[0]!.ts, to: now() });
    expect(hist.points.map((p) => p.ts)).toEqual(sent.filter((r) => r.sensorId === 'traffic:1').map((r) => r.ts));
    expect(hist.gaps).toEqual([]);
    expect(engine.store.ingestTotals).toEqual({ inserted: sent.length, duplicates: 0, unknownSensor: 0 });
  });
});

describe('binary batches: a hostile server', () => {
  /** A server whose messages the test writes, over real Socket.IO; it chooses binary. */
  async function scripted(send: (socket: Socket, now: number) => void) {
    const http = createServer();
    const io = new Server(http);
    io.on('connection', (socket) => {
      const now = Date.now();
      socket.emit('hello', { protocol: PROTOCOL_VERSION, feedId: 'f', name: 'hostile', demo: false, feedTime: now, speed: 1, oldestSeq: 1, nextSeq: 1 });
      socket.on('subscribe', (_m: unknown, ack: (a: unknown) => void) => {
        ack({ ok: true, resend: null, lost: null, nextSeq: 1, batchEncoding: { name: 'columns-1', minReadings: 1 } });
        socket.emit('catalogue', { feedId: 'f', sensors: tinyData().sensors });
        send(socket, now);
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => void io.close(() => r())));
    return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }
  const ids = ['traffic:1', 'parking:P1', 'air:1', 'traffic:9'];
  const indexOf = (id: string) => ids.indexOf(id);

  it('checks every row as a JSON reading: bad rows rejected with their row and sensor, the rest kept', async () => {
    let connections = 0;
    const url = await scripted((socket, now) => {
      connections++;
      socket.emit('sensor-ids', { feedId: 'f', from: 0, ids });
      const readings: ColumnsReading[] = [
        { sensorId: 'parking:P1', ts: now, values: { vehicleCount: 50, totalSpaces: 100 } },
        { sensorId: 'traffic:9', ts: now, values: { avgSpeedKmh: 40 } }, // not in the catalogue
        { sensorId: 'traffic:1', ts: now, values: { avgSpeedKmh: NaN, vehicleCount: 3 } }, // NaN cannot be a value
        { sensorId: 'parking:P1', ts: now + 1, values: { vehicleCount: -5, totalSpaces: null } }, // kept: flagged, not dropped
        { sensorId: 'air:1', ts: now + 0.5, values: { ozone: 1 } }, // ts not an integer
        { sensorId: 'parking:P1', ts: now + 2, values: { vehicleCount: 1, pm25: 3 } }, // unknown metric: costs itself only
      ];
      socket.emit('batch-columns', encodeColumns({ feedId: 'f', seq: 12, feedTime: now, readings }, indexOf));
    });
    const { got } = recordingClient(url);
    await waitFor(() => got.seqs.length === 1, 5000, 'the batch');
    expect(got.readings.map((r) => [r.sensorId, r.ts - got.readings[0]!.ts, r.values])).toEqual([
      ['parking:P1', 0, { vehicleCount: 50, totalSpaces: 100 }],
      ['parking:P1', 1, { vehicleCount: -5, totalSpaces: null }],
      ['parking:P1', 2, { vehicleCount: 1 }],
    ]);
    const by = Object.fromEntries(got.rejects.map((r) => [r.reason, r]));
    expect(by['unknown-sensor']!.detail).toBe('batch 12 row 1 (traffic:9): no sensor traffic:9 in the catalogue');
    expect(by['malformed-reading']!.count).toBe(2);
    expect(by['malformed-reading']!.detail).toMatch(/^batch 12 row 2 \(traffic:1\): values\.avgSpeedKmh: /);
    expect(by['unknown-metric']!.detail).toMatch(/^batch 12 row 5 \(parking:P1\): pm25 is not a metric of type car-park/);
    expect(connections).toBe(1);
  });

  it('a corrupt or truncated frame, or one that needs ids it was not sent, is rejected whole: nothing applied, the connection kept', async () => {
    const url = await scripted((socket, now) => {
      const good = (seq: number) => encodeColumns({ feedId: 'f', seq, feedTime: now, readings: [{ sensorId: 'air:1', ts: now - seq, values: { ozone: seq } }, { sensorId: 'traffic:1', ts: now - seq, values: { avgSpeedKmh: 50 } }] }, indexOf);
      socket.emit('batch-columns', good(1)); // before any sensor-ids: needs ids it does not have
      socket.emit('sensor-ids', { feedId: 'f', from: 0, ids });
      const flipped = good(2);
      flipped[flipped.length - 3]! ^= 0x10;
      socket.emit('batch-columns', flipped);
      socket.emit('batch-columns', good(3).subarray(0, 90));
      socket.emit('batch-columns', 'not bytes');
      socket.emit('batch-columns', good(4));
    });
    const { got } = recordingClient(url);
    await waitFor(() => got.seqs.length === 1, 5000, 'the good batch');
    await new Promise((r) => setTimeout(r, 100));
    expect(got.seqs).toEqual([4]);
    expect(got.readings).toHaveLength(2);
    const details = got.rejects.map((r) => r.detail);
    expect(details).toEqual([
      'batch 1: its sensor indices need 3 sensor ids, this connection was sent 0; rejected whole',
      expect.stringMatching(/^binary batch frame: checksum mismatch/),
      expect.stringMatching(/^binary batch frame: truncated: the header says \d+ bytes, 90 arrived$/),
      'binary batch frame: expected bytes, got string',
    ]);
    expect(got.rejects.every((r) => r.reason === 'malformed-message')).toBe(true);
  });

  it('a sensor-ids message out of step restarts the connection (and so the dictionary)', async () => {
    let connections = 0;
    const url = await scripted((socket, now) => {
      connections++;
      if (connections === 1) socket.emit('sensor-ids', { feedId: 'f', from: 5, ids });
      else {
        socket.emit('sensor-ids', { feedId: 'f', from: 0, ids });
        socket.emit('batch-columns', encodeColumns({ feedId: 'f', seq: 1, feedTime: now, readings: [{ sensorId: 'air:1', ts: now, values: { ozone: 1 } }] }, indexOf));
      }
    });
    const { got } = recordingClient(url);
    await waitFor(() => got.seqs.length === 1, 5000, 'the batch after reconnecting');
    expect(connections).toBe(2);
    expect(got.rejects[0]!.detail).toBe('sensor-ids from 5, this connection holds 0; reconnecting to start the dictionary again');
  });
});
