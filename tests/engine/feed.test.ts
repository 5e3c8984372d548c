/**
 * Integration: a real Socket.IO demo server on a free port, the real engine, assertions on what arrived.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { startDemoServer, type DemoServer } from '../../electron/demo-feed/server';
import { PROTOCOL_VERSION } from '../../electron/shared/protocol';
import { startEngine, type Engine } from '../../electron/engine/index';
import { openStore } from '../../electron/engine/store/store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyData, waitFor } from '../helpers/feed';
import { riverGauge, riverLevelType } from './fixtures/feed-types';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A demo server whose clock the test moves: nothing is sent until the test ticks. */
async function manualServer(opts: { token?: string; bufferBatches?: number; warmupMs?: number } = {}) {
  const data = tinyData({ steps: 200 });
  let wall = data.start + 30 * 60_000; // wall == feed clock at speed 1; the data "now" is 30 minutes into the week
  const server = await startDemoServer({
    data,
    now: () => wall,
    tickMs: 1e9,
    warmupMs: opts.warmupMs ?? 10 * 60_000,
    ...(opts.token ? { token: opts.token } : {}),
    ...(opts.bufferBatches ? { bufferBatches: opts.bufferBatches } : {}),
  });
  cleanups.push(() => server.close());
  return { server, data, advance: (ms: number) => { wall += ms; server.tick(); }, now: () => wall };
}

async function engineOn(server: DemoServer, token?: string, now?: () => number): Promise<Engine> {
  const engine = await startEngine({ assetsDir: '/nonexistent', feedUrl: server.url, deltaIntervalMs: 20, ...(token ? { token } : {}), ...(now ? { now } : {}) });
  cleanups.push(() => engine.close());
  return engine;
}

const sentReadings = (server: DemoServer) => server.buffered().flatMap((b) => b.readings);

describe('feed over Socket.IO: demo server -> engine', () => {
  it('delivers the warm-up and every live batch; sequence numbers increase by one', async () => {
    const { server, advance, now } = await manualServer({ token: 'secret', warmupMs: 30 * 60_000 });
    const engine = await engineOn(server, 'secret', now);
    await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
    await waitFor(() => engine.status().acceptedTotal > 0, 5000, 'warm-up history');
    // Resent history older than 5 minutes of feed time is not a rate (the rate's span is 5 s of wall time here).
    const recent = sentReadings(server).filter((r) => r.ts >= now() - 5 * 60_000).length;
    expect(recent).toBeLessThan(engine.status().acceptedTotal);
    expect(engine.status().readingsPerSecond).toBeCloseTo(recent / 5, 5);
    for (let i = 0; i < 6; i++) advance(5 * 60_000);
    const expected = sentReadings(server).length;
    await waitFor(() => engine.status().acceptedTotal === expected, 5000, `all ${expected} readings`);
    const seqs = server.buffered().map((b) => b.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(engine.status().lastSeq).toBe(server.lastSeq());
    const snap = await engine.handle('snapshot', {});
    expect(snap.catalogue.map((s) => s.id).sort()).toEqual(['air:1', 'parking:P1', 'traffic:1']);
    const parking = snap.states.find((s) => s.sensorId === 'parking:P1')!;
    const lastSent = sentReadings(server).filter((r) => r.sensorId === 'parking:P1').at(-1)!;
    expect(parking.last).toEqual(lastSent);
    expect(snap.status.demo).toBe(true);
    expect(snap.status.rejects).toEqual({});
  });

  it('refuses a wrong token: the engine reports unauthorized and receives nothing', async () => {
    const { server } = await manualServer({ token: 'right' });
    const engine = await engineOn(server, 'wrong');
    await waitFor(() => engine.status().connection === 'unauthorized', 5000, 'unauthorized');
    expect(engine.status().lastError).toMatch(/token/);
    expect(engine.status().acceptedTotal).toBe(0);
  });

  it('resumes after a disconnect from the last sequence it holds: nothing lost, nothing twice', async () => {
    const { server, advance, now } = await manualServer();
    const engine = await engineOn(server, undefined, now);
    await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
    advance(5 * 60_000);
    await waitFor(() => engine.status().lastSeq === server.lastSeq(), 5000, 'caught up');
    server.io.disconnectSockets(true); // the server drops the connection
    await waitFor(() => engine.status().connection !== 'connected', 5000, 'disconnected');
    for (let i = 0; i < 5; i++) advance(5 * 60_000); // sent while the engine is away
    await waitFor(() => engine.status().connection === 'connected', 10_000, 'reconnected');
    await waitFor(() => engine.status().lastSeq === server.lastSeq(), 5000, 'resumed');
    const sent = sentReadings(server);
    expect(engine.status().acceptedTotal).toBe(sent.length);
    const hist = await engine.handle('history', { sensorId: 'traffic:1', from: sent[0]!.ts, to: now() });
    expect(hist.resolution).toBe('raw');
    expect(hist.points.map((p) => p.ts)).toEqual(sent.filter((r) => r.sensorId === 'traffic:1').map((r) => r.ts));
    expect(hist.gaps).toEqual([]);
    expect(engine.store.ingestTotals).toEqual({ inserted: sent.length, duplicates: 0, unknownSensor: 0 });
  });

  it('says so when the server no longer buffers the missed batches', async () => {
    const { server, advance, now } = await manualServer({ bufferBatches: 3 });
    const engine = await engineOn(server, undefined, now);
    await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
    await waitFor(() => engine.status().lastSeq === server.lastSeq(), 5000, 'caught up');
    server.io.disconnectSockets(true);
    await waitFor(() => engine.status().connection !== 'connected', 5000, 'disconnected');
    for (let i = 0; i < 8; i++) advance(5 * 60_000);
    await waitFor(() => engine.status().connection === 'connected', 10_000, 'reconnected');
    await waitFor(() => engine.status().lastSeq === server.lastSeq(), 5000, 'resumed');
    expect(engine.status().lastError).toMatch(/missed batches \d+–\d+/);
    const sent = sentReadings(server);
    const hist = await engine.handle('history', { sensorId: 'traffic:1', from: now() - 12 * 3600_000, to: now() });
    const recorded = hist.gaps.filter((g) => /could no longer resend/.test(g.reason));
    expect(recorded).toHaveLength(1); // the hole shows in the chart, with its reason
    expect(recorded[0]!.to).toBe(sent.filter((r) => r.ts > recorded[0]!.from).reduce((m, r) => Math.min(m, r.ts), Infinity));
    expect(await engine.handle('gaps', { from: 0, to: now() })).toEqual([expect.objectContaining({ scope: 'all', from: recorded[0]!.from, to: recorded[0]!.to })]);
  });
});

/** A feed server whose messages the test writes: hello (protocol as given), subscribe answered and recorded. */
async function scripted(send: (socket: import('socket.io').Socket) => void, opts: { protocol?: number; name?: string } = {}) {
  const http = createServer();
  const io = new Server(http);
  const subscribes: unknown[] = [];
  io.on('connection', (socket) => {
    socket.emit('hello', { protocol: opts.protocol ?? PROTOCOL_VERSION, feedId: 'f', name: opts.name ?? 'hostile', demo: false, feedTime: Date.now(), speed: 1, oldestSeq: 1, nextSeq: 1 });
    socket.on('subscribe', (m: unknown, ack: (a: unknown) => void) => {
      subscribes.push(m);
      ack({ ok: true, resend: null, lost: null, nextSeq: 1 });
      send(socket);
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r, reject) => {
    io.close(() => r()).catch(reject);
  }));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, subscribes };
}

async function engineAt(url: string, dbFile?: string): Promise<Engine> {
  const engine = await startEngine({ assetsDir: '/nonexistent', feedUrl: url, deltaIntervalMs: 20, ...(dbFile ? { dbFile } : {}) });
  cleanups.push(() => engine.close());
  return engine;
}

describe('feed validation: a hostile server', () => {
  it('keeps the valid readings of a batch and counts the rest by reason; nothing crashes', async () => {
    const data = tinyData({ steps: 2 });
    const now = Date.now();
    const { url } = await scripted((socket) => {
      socket.emit('catalogue', { feedId: 'f', sensors: [...data.sensors, { id: 'bad', kind: 'traffic' }] });
      socket.emit('batch', 'not a batch');
      socket.emit('batch', { feedId: 'f', seq: 1, feedTime: now, readings: [
        { sensorId: 'traffic:1', ts: now - 1000, values: { avgSpeedKmh: 42, vehicleCount: 3 } },
        { sensorId: 'traffic:1', ts: 'yesterday', values: {} },
        { sensorId: 'nope:9', ts: now, values: {} },
        { sensorId: 'parking:P1', ts: now, values: { vehicleCount: 120, totalSpaces: 100 } },
        { sensorId: 'air:1', ts: now, values: { smoke: 3 } },
        null,
      ] });
      socket.emit('batch', { feedId: 'other', seq: 2, feedTime: now, readings: [] });
    });
    const engine = await engineAt(url);
    await waitFor(() => engine.status().acceptedTotal === 3, 5000, 'three valid readings');
    await waitFor(() => (engine.status().rejects['wrong-feed'] ?? 0) === 1, 5000, 'wrong feed counted');
    expect(engine.status().rejects).toEqual({ 'malformed-message': 2, 'malformed-reading': 2, 'unknown-sensor': 1, 'unknown-metric': 1, 'wrong-feed': 1 });
    const snap = await engine.handle('snapshot', {});
    const p1 = snap.states.find((s) => s.sensorId === 'parking:P1')!;
    expect(p1.flags).toContain('over-capacity');
    expect(snap.catalogue).toHaveLength(3);
    const air = snap.states.find((s) => s.sensorId === 'air:1')!;
    expect(air.last!.values).toEqual({});
    expect(air.flags).toContain('unknown-metric');
  });

  it('refuses a feed that speaks another protocol version', async () => {
    const http = createServer();
    const io = new Server(http);
    io.on('connection', (s) => s.emit('hello', { protocol: 99, feedId: 'f', name: 'future', demo: false, feedTime: 0, speed: 1, oldestSeq: 0, nextSeq: 0 }));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r, reject) => {
      io.close(() => r()).catch(reject);
    }));
    const engine = await startEngine({ assetsDir: '/x', feedUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
    cleanups.push(() => engine.close());
    await waitFor(() => engine.status().connection === 'incompatible', 5000, 'incompatible');
    expect(engine.status().lastError).toMatch(/protocol 99 \(this app speaks 1 and 2/);
  });
});

describe('protocol versions end to end: a v1 feed and a v2 feed with its own type', () => {
  it('a v1 feed keeps working: subscribed with protocol 1, kinds read as registry types, ids unchanged, the city a stand-in', async () => {
    const data = tinyData({ steps: 1 });
    const now = Date.now();
    const v1Sensors = data.sensors.map((s) => ({ ...s, kind: s.id.split(':')[0] }));
    const { url, subscribes } = await scripted((socket) => {
      socket.emit('catalogue', { feedId: 'f', sensors: v1Sensors });
      socket.emit('batch', { feedId: 'f', seq: 1, feedTime: now, readings: [{ sensorId: 'parking:P1', ts: now, values: { vehicleCount: 50, totalSpaces: 100 } }] });
    }, { protocol: 1, name: 'Old feed' });
    const engine = await engineAt(url);
    const catalogues: unknown[] = [];
    engine.on((e) => e.event === 'catalogue' && catalogues.push(e.payload));
    await waitFor(() => engine.status().acceptedTotal === 1, 5000, 'the reading');
    expect(subscribes).toEqual([{ protocol: 1, lastSeq: null, encodings: ['columns-1'] }]);
    const snap = await engine.handle('snapshot', {});
    expect(snap.catalogue.map((s) => [s.id, s.kind])).toEqual([['traffic:1', 'traffic'], ['parking:P1', 'car-park'], ['air:1', 'citypulse-air-index']]);
    expect(snap.city).toEqual({ name: 'Old feed', timeZone: 'UTC', home: null, extent: [10.1, 56.1, 10.21, 56.2], attribution: null, source: 'default' });
    expect(snap.types.map((t) => t.id)).toEqual(expect.arrayContaining(['traffic', 'car-park', 'citypulse-air-index']));
    expect(snap.states.find((s) => s.sensorId === 'parking:P1')!.derived).toHaveProperty('occupancyPct');
    expect(catalogues).toEqual([{ sensors: snap.catalogue, types: snap.types, city: snap.city }]);
    expect(snap.status.rejects).toEqual({});
  });

  it('a v2 feed: its city, its own type from a JSON document, derived values and flags; an unknown metric is counted, the rest of the reading kept', async () => {
    const now = Date.now();
    const city = { name: 'Aberdeen', timeZone: 'Europe/London', home: [-2.3, 57.0, -1.9, 57.3], attribution: 'Test gauges' };
    const gauges = [riverGauge('dee-1', 3.5, [-2.1, 57.1]), riverGauge('don-2', 2, [-2.12, 57.18])];
    const { url, subscribes } = await scripted((socket) => {
      socket.emit('catalogue', { feedId: 'f', city, types: [riverLevelType()], sensors: gauges });
      socket.emit('batch', { feedId: 'f', seq: 1, feedTime: now, readings: [
        { sensorId: 'dee-1', ts: now - 60_000, values: { levelM: 2.5 } },
        { sensorId: 'don-2', ts: now - 60_000, values: { levelM: 2.75, turbidityNtu: 40, pm25: 3 } },
      ] });
    }, { name: 'Gauges' });
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-feed-v2-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'cache.db');
    const engine = await engineAt(url, db);
    await waitFor(() => engine.status().acceptedTotal === 2, 5000, 'both readings');
    expect(subscribes).toEqual([{ protocol: 2, lastSeq: null, encodings: ['columns-1'] }]);
    const status = engine.status();
    expect(status.rejects).toEqual({ 'unknown-metric': 2 });
    expect(status.lastReject!.detail).toMatch(/\(don-2\): turbidityNtu, pm25 are not metrics of type river-level; left out, the reading's other metrics are kept$/);
    const snap = await engine.handle('snapshot', {});
    expect(snap.city).toEqual({ ...city, extent: [-2.12, 57.1, -2.1, 57.18], source: 'feed' });
    expect(snap.types.find((t) => t.id === 'river-level')!.label).toBe('River level gauge');
    const st = Object.fromEntries(snap.states.map((s) => [s.sensorId, s]));
    expect(st['dee-1']).toMatchObject({ derived: { aboveFloodM: -1 }, flags: [] });
    expect(st['don-2']).toMatchObject({ last: { values: { levelM: 2.75 } }, derived: { aboveFloodM: 0.75 }, flags: ['above-flood-level', 'unknown-metric'] });
    const hist = await engine.handle('history', { sensorId: 'don-2', from: now - 3600_000, to: now });
    expect(hist.points.map((p) => p.values)).toEqual([{ levelM: 2.75 }]);
    await engine.close();

    // Restarted on the cache with the feed gone: the feed's type and city are known before any feed answers.
    const offline = await engineAt('http://127.0.0.1:9', db);
    const again = await offline.handle('snapshot', {});
    expect(again.city).toEqual(snap.city);
    expect(again.types.find((t) => t.id === 'river-level')).toEqual(snap.types.find((t) => t.id === 'river-level'));
    expect(Object.fromEntries(again.states.map((s) => [s.sensorId, s.derived]))).toEqual({ 'dee-1': { aboveFloodM: -1 }, 'don-2': { aboveFloodM: 0.75 } });
  });

  it('a cache written by a v1 build (kinds parking, air) starts with its sensors read as the registry types', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-v1-cache-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'cache.db');
    const v1Sensors = tinyData().sensors.map((s) => ({ ...s, kind: s.id.split(':')[0]! }));
    const store = openStore(db);
    store.saveCatalogue(v1Sensors);
    store.close();
    const engine = await engineAt('http://127.0.0.1:9', db);
    const snap = await engine.handle('snapshot', {});
    expect(snap.catalogue.map((s) => [s.id, s.kind])).toEqual([['traffic:1', 'traffic'], ['parking:P1', 'car-park'], ['air:1', 'citypulse-air-index']]);
    expect(snap.city).toMatchObject({ timeZone: 'UTC', source: 'default' });
  });
});
