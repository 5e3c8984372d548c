/**
 * Reading-to-alarm latency: from the moment a feed server emits a batch whose reading crosses a rule's threshold to
 * the moment the raised alarm has arrived at a renderer-side client over the engine API (WebSocket) and been applied
 * to its alarm state. The path is the product's (feed -> validation -> cache -> evaluator -> alarm book -> store ->
 * 'alarms' event -> WebSocket); painting is not included (the e2e tests cover the screen).
 * Runnable alone: `npx tsx tests/bench/alarm-latency.ts`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import WebSocket from 'ws';
import type { Alarm, EngineEvents } from '../../electron/engine/api';
import { PROTOCOL_VERSION } from '../../electron/shared/protocol';
import { startEngine } from '../../electron/engine/index';
import type { Sensor } from '../../electron/shared/model';
import { startWebHost } from '../../electron/cli/web-host';

const ASSETS = join(import.meta.dirname, '..', '..', 'assets');

export interface BenchRow {
  name: string;
  value: string;
  note?: string;
}

const sensor: Sensor = { id: 'parking:BENCH', kind: 'parking', name: 'Bench car park', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 60, attributes: { capacity: 100 } };

export async function alarmLatencyBench(raises = 400): Promise<BenchRow[]> {
  // A feed that alternates a car park between 50% and 99% full, one reading a batch, on request.
  const http = createServer();
  const io = new Server(http);
  let emitNext: (() => void) | null = null;
  const sentAt = new Map<number, number>(); // reading ts -> performance.now() at emit
  let seq = 0;
  let ts = Date.UTC(2026, 0, 1);
  io.on('connection', (socket) => {
    socket.emit('hello', { protocol: PROTOCOL_VERSION, feedId: 'latency', name: 'latency bench', demo: false, feedTime: ts, speed: 1, oldestSeq: 1, nextSeq: 1 });
    socket.on('subscribe', (_m: unknown, ack: (a: unknown) => void) => {
      ack({ ok: true, resend: null, lost: null, nextSeq: seq + 1 });
      socket.emit('catalogue', { feedId: 'latency', sensors: [sensor] });
      emitNext = () => {
        ts += 60_000;
        const full = seq % 2 === 0;
        const reading = { sensorId: sensor.id, ts, values: { vehicleCount: full ? 99 : 50, totalSpaces: 100 } };
        if (full) sentAt.set(ts, performance.now());
        socket.emit('batch', { feedId: 'latency', seq: ++seq, feedTime: ts, readings: [reading] });
      };
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const feedUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const engine = await startEngine({ assetsDir: ASSETS, feedUrl, dbFile: join(mkdtempSync(join(tmpdir(), 'citydesk-lat-')), 'c.db'), now: () => ts });
  const host = await startWebHost({ engine, rendererDir: join(ASSETS, '..', 'dist', 'renderer'), assetsDir: ASSETS, port: 0 });
  const sup = engine.newSession();
  await engine.handle('setSupervisorPassphrase', { next: 'bench-passphrase' }, sup);
  await engine.handle('publishRule', { rule: { schema: 1, id: 'bench-full', name: 'Bench full', enabled: true, severity: 'critical', kind: 'parking', scope: { type: 'sensors', ids: [sensor.id] }, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 } } }, sup);

  const latencies: number[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/engine`);
      const alarms = new Map<string, Alarm>(); // the renderer-side alarm state
      const timeout = setTimeout(() => reject(new Error(`only ${latencies.length} of ${raises} alarms arrived in 60 s`)), 60_000);
      ws.on('message', (raw) => {
        const msg = JSON.parse(raw.toString()) as { t: string; event?: string; payload?: unknown };
        if (msg.t !== 'evt' || msg.event !== 'alarms') return;
        const p = msg.payload as EngineEvents['alarms'];
        for (const a of p.changed) alarms.set(a.id, a);
        for (const a of p.changed) {
          if (a.state !== 'active' || a.ruleId !== 'bench-full') continue;
          const t0 = sentAt.get(a.raisedAt);
          if (t0 === undefined) continue;
          sentAt.delete(a.raisedAt);
          latencies.push(performance.now() - t0);
          if (latencies.length >= raises) {
            clearTimeout(timeout);
            ws.close();
            resolve();
            return;
          }
        }
      });
      ws.on('error', reject);
      // Pace the feed: a reading every 5 ms (both the raising and the clearing ones).
      const wait = setInterval(() => {
        if (emitNext) {
          clearInterval(wait);
          const pace = setInterval(() => {
            if (latencies.length >= raises) clearInterval(pace);
            else emitNext!();
          }, 5);
        }
      }, 10);
    });
  } finally {
    await host.close();
    await engine.close();
    await new Promise<void>((r, reject) => {
      io.close(() => r()).catch(reject);
    });
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return [
    { name: 'reading -> alarm at the UI state, p50', value: `${q(0.5).toFixed(2)} ms`, note: `${latencies.length} alarms, feed -> engine -> WebSocket` },
    { name: 'reading -> alarm at the UI state, p99', value: `${q(0.99).toFixed(2)} ms` },
  ];
}

/**
 * The same, to the screen: the alarm row appearing in the alarm list of the real renderer in Chromium (a
 * MutationObserver in the page notes the time each row is added; the feed notes the time it emits the reading; one
 * machine, one wall clock). Software WebGL keeps the page busy, so this is an upper bound. Skipped without Chromium.
 */
export async function alarmOnScreenBench(raises = 40): Promise<BenchRow[]> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath) || !existsSync(join(ASSETS, '..', 'dist', 'renderer', 'index.html'))) {
    return [{ name: 'reading -> alarm row on screen', value: 'skipped', note: 'needs Chromium and a built renderer' }];
  }
  const http = createServer();
  const io = new Server(http);
  let emitNext: (() => void) | null = null;
  const sentAt = new Map<number, number>(); // reading ts -> Date.now() at emit
  let seq = 0;
  let ts = Date.UTC(2026, 0, 1);
  io.on('connection', (socket) => {
    socket.emit('hello', { protocol: PROTOCOL_VERSION, feedId: 'latency-screen', name: 'latency bench', demo: false, feedTime: ts, speed: 1, oldestSeq: 1, nextSeq: 1 });
    socket.on('subscribe', (_m: unknown, ack: (a: unknown) => void) => {
      ack({ ok: true, resend: null, lost: null, nextSeq: seq + 1 });
      socket.emit('catalogue', { feedId: 'latency-screen', sensors: [sensor] });
      emitNext = () => {
        ts += 60_000;
        const full = seq % 2 === 0;
        if (full) sentAt.set(ts, Date.now());
        socket.emit('batch', { feedId: 'latency-screen', seq: ++seq, feedTime: ts, readings: [{ sensorId: sensor.id, ts, values: { vehicleCount: full ? 99 : 50, totalSpaces: 100 } }] });
      };
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const engine = await startEngine({ assetsDir: ASSETS, feedUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, dbFile: join(mkdtempSync(join(tmpdir(), 'citydesk-lat-')), 'c.db'), now: () => ts });
  const host = await startWebHost({ engine, rendererDir: join(ASSETS, '..', 'dist', 'renderer'), assetsDir: ASSETS, port: 0 });
  const sup = engine.newSession();
  await engine.handle('setSupervisorPassphrase', { next: 'bench-passphrase' }, sup);
  await engine.handle('publishRule', { rule: { schema: 1, id: 'bench-screen', name: 'Bench screen', enabled: true, severity: 'warning', kind: 'parking', scope: { type: 'sensors', ids: [sensor.id] }, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 } } }, sup);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist', '--disable-background-networking'] });
  const latencies: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    await page.goto(host.url);
    await page.waitForFunction(() => (window as unknown as { __citydesk?: { mapLoaded: boolean } }).__citydesk?.mapLoaded === true, null, { timeout: 120_000 });
    await page.waitForSelector('[data-testid="alarm-list"]', { timeout: 30_000 });
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { __benchSeen: Record<string, number> }).__benchSeen = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid="alarm-row"]')) {
          const id = el.getAttribute('data-alarm-id') ?? '';
          if (id.startsWith('bench-screen|') && !(id in seen)) seen[id] = Date.now();
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const fire = emitNext as (() => void) | null; // set once the engine subscribed (it has: the page shows its data)
    if (!fire) throw new Error('the engine never subscribed to the latency feed');
    for (let i = 0; i < raises * 2; i++) {
      fire();
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const seen = await page.evaluate(() => (window as unknown as { __benchSeen: Record<string, number> }).__benchSeen);
    for (const [id, at] of Object.entries(seen)) {
      const t = sentAt.get(Number(id.split('|')[2]));
      if (t !== undefined) latencies.push(at - t);
    }
  } finally {
    await browser.close();
    await host.close();
    await engine.close();
    await new Promise<void>((r, reject) => {
      io.close(() => r()).catch(reject);
    });
  }
  if (latencies.length === 0) return [{ name: 'reading -> alarm row on screen', value: 'no alarm row appeared', note: 'the renderer did not show the alarms' }];
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return [
    { name: 'reading -> alarm row on screen, p50', value: `${q(0.5).toFixed(0)} ms`, note: `${latencies.length} alarms, real renderer in Chromium (software WebGL)` },
    { name: 'reading -> alarm row on screen, p99', value: `${q(0.99).toFixed(0)} ms` },
  ];
}

if (process.argv[1] && /alarm-latency\.ts$/.test(process.argv[1])) {
  (async () => [...(await alarmLatencyBench()), ...(await alarmOnScreenBench())])()
    .then((rows) => {
      for (const r of rows) console.log(`  ${r.name.padEnd(40)}  ${r.value}${r.note ? `   (${r.note})` : ''}`);
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    });
}
