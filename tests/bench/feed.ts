/**
 * Feed-to-UI-state throughput (part of `npm run bench`, or alone: `npx tsx tests/bench/feed.ts`).
 *
 * The shipped Aarhus week, released at once by the demo feed in a process of its own (feed-process.ts), received
 * - by CityDesk: Socket.IO -> validation -> live state -> SQLite cache -> rules -> batched deltas -> engine API over
 *   WebSocket -> a renderer-side state that applies snapshot + deltas, all in this process; done when that state
 *   shows the feed's last batch;
 * - baseline, by a bare socket.io-client counting readings (no validation, no state), also in this process.
 * Same readings (the whole week, same batches), same units: readings per CPU-second of this process, from the release
 * until the last reading is in; the feed's process is charged to neither. Wall rates are shown too (the feed process
 * bounds them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import type { EngineSnapshot, FeedStatus } from '../../electron/engine/api';
import { startEngine } from '../../electron/engine/index';
import { loadDemoData } from '../../electron/demo-feed/data';
import { startWebHost } from '../../electron/cli/web-host';
import { engineAuthHeaders } from '../../electron/engine/transport/ws';
import { PROTOCOL_VERSION } from '../../electron/shared/protocol';
import type { SensorState } from '../../electron/shared/model';
import { spawnFeed } from './feed-process';
import { fmt, median, perCore, runPartIfMain, stopwatch, until, type PartResult } from './report';

const ROOT = join(import.meta.dirname, '..', '..');
const ASSETS = join(ROOT, 'assets');
/** The project's scale goal (issue 13: 100,000 sensors at one reading per second, end to end). */
const TARGET_PER_CORE = 100_000;
const TIMEOUT_MS = 180_000;

interface Run {
  readings: number;
  cpuMs: number;
  wallMs: number;
}

/** Baseline: the raw transport. */
async function rawSocketIo(): Promise<Run> {
  const feed = await spawnFeed();
  try {
    const socket = io(feed.url, { transports: ['websocket'] });
    let n = 0;
    let seq = 0;
    let done: (() => void) | null = null;
    socket.on('batch', (b: { seq: number; readings: unknown[] }) => {
      n += b.readings.length;
      seq = b.seq;
      done?.();
    });
    await new Promise<void>((resolve, reject) => {
      socket.on('hello', () => socket.emit('subscribe', { protocol: PROTOCOL_VERSION, lastSeq: null }, () => resolve()));
      socket.on('connect_error', reject);
    });
    const stop = stopwatch();
    const { sent, lastSeq } = await feed.release();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`raw transport: ${n} of ${sent} readings in ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
      done = () => {
        if (seq < lastSeq) return;
        clearTimeout(timer);
        resolve();
      };
      done();
    });
    const t = stop();
    socket.close();
    if (n !== sent) throw new Error(`raw transport: ${n} readings received, ${sent} sent`);
    return { readings: n, ...t };
  } finally {
    feed.close();
  }
}

/** CityDesk: feed -> engine -> WebSocket engine API -> renderer-side state (snapshot + deltas applied to Maps). */
async function cityDeskPath(): Promise<Run & { accepted: number; deltas: number; deltaBytes: number }> {
  const feed = await spawnFeed();
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-bench-feed-'));
  const engine = await startEngine({ assetsDir: ASSETS, feedUrl: feed.url, dbFile: join(dir, 'cache.db') });
  const host = await startWebHost({ engine, rendererDir: join(ROOT, 'dist', 'renderer'), assetsDir: ASSETS, port: 0 });
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/engine`, { headers: engineAuthHeaders(host.port, host.engineSecret) });
  try {
    const states = new Map<string, SensorState>();
    let status: FeedStatus | null = null;
    let deltas = 0;
    let deltaBytes = 0;
    let check: () => void = () => {};
    ws.on('message', (raw: Buffer) => {
      const msg = JSON.parse(raw.toString());
      if (msg.t === 'res' && msg.id === 1) {
        const snap = msg.result as EngineSnapshot;
        for (const s of snap.states) states.set(s.sensorId, s);
        status = snap.status;
      } else if (msg.t === 'evt' && msg.event === 'delta') {
        deltas++;
        deltaBytes += raw.length;
        for (const s of msg.payload.states as SensorState[]) states.set(s.sensorId, s);
        status = msg.payload.status as FeedStatus;
      }
      check();
    });
    // Ready: the UI state holds the snapshot and the engine is subscribed to the feed.
    await new Promise<void>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('open', () => {
        ws.send(JSON.stringify({ t: 'req', id: 1, method: 'snapshot', params: {} }));
        resolve();
      });
    });
    await until(() => status !== null && engine.status().connection === 'connected', 30_000, 'the engine to subscribe');
    deltas = 0;
    deltaBytes = 0;
    const stop = stopwatch();
    const { sent, lastSeq } = await feed.release();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`CityDesk path: ${status?.acceptedTotal ?? 0} of ${sent} readings at the UI state in ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
      check = () => {
        if ((status?.lastSeq ?? 0) < lastSeq) return;
        clearTimeout(timer);
        resolve();
      };
      check();
    });
    const t = stop();
    return { readings: sent, accepted: (status as FeedStatus | null)?.acceptedTotal ?? 0, deltas, deltaBytes, ...t };
  } finally {
    ws.close();
    await host.close();
    await engine.close();
    feed.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function feedBench(): Promise<PartResult> {
  const load = stopwatch(); // start-up cost of the shipped week (parse + sort), shown for reference
  const week = loadDemoData(ASSETS);
  const loaded = load();
  // Warm both paths once (JIT, sockets), then measure each three times, interleaved; the medians count.
  await rawSocketIo();
  await cityDeskPath();
  const raw: Run[] = [];
  const desk: Awaited<ReturnType<typeof cityDeskPath>>[] = [];
  for (let i = 0; i < 3; i++) {
    raw.push(await rawSocketIo());
    desk.push(await cityDeskPath());
  }
  const rawCore = median(raw.map((r) => perCore(r.readings, r.cpuMs)));
  const deskCore = median(desk.map((r) => perCore(r.readings, r.cpuMs)));
  const d = desk[1]!;
  const list = (rs: Run[], f: (r: Run) => number) => rs.map((r) => fmt(f(r))).join(', ');
  return {
    rows: [
      { name: 'demo week loaded', value: `${fmt(week.readings.length)} readings in ${fmt(loaded.wallMs)} ms`, note: `${week.sensors.length} sensors; parse + sort, start-up cost` },
      { name: 'readings released by the feed', value: fmt(d.readings), note: 'the whole demo week at once, feed in its own process' },
      { name: 'raw Socket.IO per CPU-second', value: `${fmt(rawCore)} readings/s`, note: `bare client; runs ${list(raw, (r) => perCore(r.readings, r.cpuMs))}` },
      { name: 'CityDesk -> UI state per CPU-second', value: `${fmt(deskCore)} readings/s`, note: `engine + cache + rules + web host + client state; runs ${list(desk, (r) => perCore(r.readings, r.cpuMs))}` },
      { name: 'raw Socket.IO, wall', value: `${fmt(median(raw.map((r) => (r.readings / r.wallMs) * 1000)))} readings/s`, note: 'bounded by the feed process' },
      { name: 'CityDesk -> UI state, wall', value: `${fmt(median(desk.map((r) => (r.readings / r.wallMs) * 1000)))} readings/s`, note: 'includes waiting for the next paced delta' },
      { name: 'readings accepted by the engine', value: desk.map((r) => `${fmt(r.accepted)}/${fmt(r.readings)}`).join(', '), note: 'each run' },
      { name: 'deltas to the UI for the week', value: `${fmt(d.deltas)} messages, ${fmt(d.deltaBytes / 1024)} KiB`, note: 'batched, not one per reading' },
    ],
    headlines: [
      {
        name: 'feed -> UI state, per core',
        figure: `${fmt(deskCore)} readings/s`,
        baseline: `raw Socket.IO ${fmt(rawCore)} readings/s`,
        ratio: `${(deskCore / rawCore).toFixed(2)}x`,
        target: `>= ${fmt(TARGET_PER_CORE)} readings/s per core (issue 13)`,
        met: deskCore >= TARGET_PER_CORE,
      },
    ],
  };
}

runPartIfMain(import.meta.url, 'Feed to UI state (readings per CPU-second of the receiving process)', feedBench);
