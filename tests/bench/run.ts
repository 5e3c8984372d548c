/**
 * `npm run bench`: figures and ratios against baselines measured in the same run (never timed unit tests).
 *
 * 1. Feed-to-UI-state throughput: the shipped Aarhus week replayed by the demo feed as fast as it can send,
 *    through the whole CityDesk path (Socket.IO -> validation -> engine live state -> batched deltas -> engine API
 *    over WebSocket -> a renderer-side state that applies snapshot + deltas), against the raw Socket.IO transport
 *    (a bare socket.io-client counting readings, no validation, no state) on the same data.
 * 2. Cost of loading the shipped week (parse + sort), for start-up.
 * 3. Sustained ingest into the SQLite cache against naive per-reading inserts, size per sensor-day, time to open a
 *    week of cache (tests/bench/ingest.ts).
 * 4. Reading-to-alarm latency, p50/p99 (tests/bench/alarm-latency.ts); rules throughput is tests/bench/rules.ts.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import type { EngineSnapshot, FeedStatus } from '../../electron/engine/api';
import { loadDemoData, type DemoData } from '../../electron/demo-feed/data';
import { startDemoServer } from '../../electron/demo-feed/server';
import { PROTOCOL_VERSION } from '../../electron/shared/protocol';
import { startEngine } from '../../electron/engine/index';
import type { SensorState } from '../../electron/shared/model';
import { startWebHost } from '../../electron/cli/web-host';
import { engineAuthHeaders } from '../../electron/engine/transport/ws';
import { ingestBench } from './ingest';
import { alarmLatencyBench, alarmOnScreenBench } from './alarm-latency';

const ASSETS = join(import.meta.dirname, '..', '..', 'assets');
const SPEED = 1e6; // a week of feed time in under a second of wall time: the transport is the limit
const rows: { name: string; value: string; note?: string }[] = [];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function fastServer(data: DemoData) {
  return startDemoServer({ data, speed: SPEED, warmupMs: 0, tickMs: 200, bufferBatches: 500, feedId: 'bench', loop: false });
}

/** Baseline: the raw transport. */
async function rawSocketIo(data: DemoData, target: number): Promise<number> {
  const server = await fastServer(data);
  try {
    return await new Promise<number>((resolve, reject) => {
      const socket = io(server.url, { transports: ['websocket'] });
      let n = 0;
      let t0 = 0;
      socket.on('hello', () => {
        t0 = performance.now();
        socket.emit('subscribe', { protocol: PROTOCOL_VERSION, lastSeq: null }, () => {});
      });
      socket.on('batch', (b: { readings: unknown[] }) => {
        n += b.readings.length;
        if (n >= target) {
          socket.close();
          resolve((n / (performance.now() - t0)) * 1000);
        }
      });
      socket.on('connect_error', reject);
      setTimeout(() => reject(new Error(`raw transport: only ${n} of ${target} readings in 120 s`)), 120_000).unref();
    });
  } finally {
    await server.close();
  }
}

/** CityDesk: feed -> engine -> WebSocket engine API -> renderer-side state (snapshot + deltas applied to Maps). */
async function cityDeskPath(data: DemoData, target: number): Promise<{ rate: number; deltas: number; deltaBytes: number }> {
  const server = await fastServer(data);
  const t0 = performance.now();
  const engine = await startEngine({ assetsDir: ASSETS, feedUrl: server.url, deltaIntervalMs: 100 });
  const host = await startWebHost({ engine, rendererDir: join(ASSETS, '..', 'dist', 'renderer'), assetsDir: ASSETS, port: 0 });
  try {
    return await new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/engine`, { headers: engineAuthHeaders(host.port, host.engineSecret) });
      const states = new Map<string, SensorState>();
      let status: FeedStatus | null = null;
      let deltas = 0;
      let deltaBytes = 0;
      ws.on('open', () => ws.send(JSON.stringify({ t: 'req', id: 1, method: 'snapshot', params: {} })));
      ws.on('message', (raw) => {
        const msg = JSON.parse(raw.toString());
        if (msg.t === 'res' && msg.id === 1) {
          const snap = msg.result as EngineSnapshot;
          for (const s of snap.states) states.set(s.sensorId, s);
          status = snap.status;
        } else if (msg.t === 'evt' && msg.event === 'delta') {
          deltas++;
          deltaBytes += (raw as Buffer).length;
          for (const s of msg.payload.states as SensorState[]) states.set(s.sensorId, s);
          status = msg.payload.status as FeedStatus;
        }
        if (status && status.acceptedTotal >= target) {
          const rate = (status.acceptedTotal / (performance.now() - t0)) * 1000;
          ws.close();
          resolve({ rate, deltas, deltaBytes });
        }
      });
      ws.on('error', reject);
      setTimeout(() => reject(new Error(`CityDesk path: only ${status?.acceptedTotal ?? 0} of ${target} readings in 120 s`)), 120_000).unref();
    });
  } finally {
    await host.close();
    await engine.close();
    await server.close();
  }
}

async function main() {
  const tLoad = performance.now();
  const data = loadDemoData(ASSETS);
  const loadMs = performance.now() - tLoad;
  const target = data.readings.length;
  rows.push({ name: 'demo week loaded', value: `${fmt(target)} readings in ${fmt(loadMs)} ms`, note: `${data.sensors.length} sensors` });

  // Warm both paths once (JIT, sockets), then measure each three times and keep the median.
  await rawSocketIo(data, 50_000);
  await cityDeskPath(data, 50_000);
  const raw: number[] = [];
  const desk: { rate: number; deltas: number; deltaBytes: number }[] = [];
  for (let i = 0; i < 3; i++) {
    raw.push(await rawSocketIo(data, target));
    desk.push(await cityDeskPath(data, target));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rawRate = median(raw);
  const deskRate = median(desk.map((d) => d.rate));
  const d = desk.find((x) => x.rate === deskRate)!;
  rows.push({ name: 'baseline: raw Socket.IO transport', value: `${fmt(rawRate)} readings/s`, note: 'bare client, counts readings only' });
  rows.push({ name: 'CityDesk feed -> UI state', value: `${fmt(deskRate)} readings/s`, note: 'validated, live state, deltas over the engine API' });
  rows.push({ name: 'ratio CityDesk / raw transport', value: (deskRate / rawRate).toFixed(2) });
  rows.push({ name: 'deltas to the UI for one week', value: `${fmt(d.deltas)} messages, ${fmt(d.deltaBytes / 1024)} KiB`, note: 'batched, not one per reading' });

  // 3. Ingest into the SQLite cache (tests/bench/ingest.ts).
  rows.push(...(await ingestBench(data)));

  // 4. Reading-to-alarm latency through the engine API (tests/bench/alarm-latency.ts). The rules evaluator's
  //    throughput against json-rules-engine is tests/bench/rules.ts, which `npm run bench` runs next.
  rows.push(...(await alarmLatencyBench()));
  rows.push(...(await alarmOnScreenBench()));

  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`\nCityDesk bench (node ${process.version}, ${new Date().toISOString()})`);
  for (const r of rows) console.log(`  ${r.name.padEnd(w)}  ${r.value}${r.note ? `   (${r.note})` : ''}`);
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
