/**
 * The desk side of the MQTT-to-desk bench (mqtt-desk.ts): a hub (electron/hub) with one MQTT source for Aberdeen's
 * air-quality messages, and an engine (startEngine, in-memory cache) connected to that hub over the feed protocol, as
 * the desk runs them. Each reading is seen as it enters the engine's live state (LiveState.apply, wrapped for the
 * bench: the same call the feed sink makes, timed right after it returns).
 *
 * Reading times: `sent` reads the publisher's `sent_at_ms` (epoch ms, rounded by the hub to whole ms), so that a
 * reading's ts is its publish time and publish-to-live-state latency is the time of the apply minus ts (at a paced
 * rate, a sensor never sends twice within one ms); `data` reads the data's own `timestamp_utc`, so that a burst as fast
 * as the broker takes it does not make many messages of one sensor within one ms (the hub skips those as repeats).
 *
 * Also a process of its own (`tsx mqtt-desk-side.ts URL TOTAL`, data times) for the throughput runs, like mqtt-subscriber.ts: it
 * prints READY once the engine is connected and the source subscribed, then one JSON line {messages, readings, cpuMs,
 * wallMs} once the source has received TOTAL messages and every reading the hub made of them is in the live state, and
 * exits. Its CPU time runs from READY (the hub and the engine idle until the first message arrives).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEngine, type Engine } from '../../electron/engine';
import { LiveState } from '../../electron/engine/live-state';
import { parseHubConfig } from '../../electron/hub/config';
import { startHub, type Hub } from '../../electron/hub/hub';
import { resolveHubConfig } from '../../electron/hub/resolve-config';
import type { Reading } from '../../electron/shared/model';
import { stopwatch, until } from './report';

const ASSETS = join(import.meta.dirname, '..', '..', 'assets');
export const DESK_TOPIC = 'aberdeen/air_quality/#';

type Applied = (readings: readonly Reading[], at: number) => void;
let applied: Applied | null = null;
const apply = LiveState.prototype.apply;
LiveState.prototype.apply = function (this: LiveState, ...args: Parameters<typeof apply>) {
  const r = apply.apply(this, args);
  applied?.(args[0], performance.timeOrigin + performance.now());
  return r;
};

export type TimeField = 'sent' | 'data';

function hubConfig(url: string, time: TimeField) {
  return {
    hub: { id: 'bench', name: 'MQTT bench', city: { name: 'Aberdeen', timeZone: 'Europe/London' }, listen: { host: '127.0.0.1', port: 0 } },
    sources: [
      {
        id: 'air',
        name: 'Aberdeen air quality over MQTT',
        type: 'mqtt',
        connection: { url, topics: [DESK_TOPIC], payload: 'json', maxPayloadBytes: 1024 * 1024 },
        sensorType: 'air-quality',
        mapping: {
          id: 'payload.sensor_id',
          name: 'payload.name',
          position: { lon: 'payload.lon', lat: 'payload.lat' },
          time: time === 'sent' ? { field: 'payload.sent_at_ms', format: 'epoch-ms' } : { field: 'payload.timestamp_utc', format: 'iso' },
          metrics: { pm10: { field: 'payload.pm10_ugm3', unit: 'µg/m³' }, pm2_5: { field: 'payload.pm2_5_ugm3', unit: 'µg/m³' } },
        },
        expectedIntervalS: 300,
      },
    ],
  };
}

export interface Desk {
  hub: Hub;
  engine: Engine;
  /** The source's counts: messages received, readings made, skipped (same sensor and ms again), rejected. */
  counts(): { records: number; readings: number; skipped: number; rejected: number };
  close(): Promise<void>;
}

/** Starts the hub and the engine on the broker at `url`; `got` is called with each batch of readings as it is applied. */
export async function startDesk(url: string, time: TimeField, got: Applied): Promise<Desk> {
  const parsed = parseHubConfig(JSON.stringify(hubConfig(url, time)));
  if (!parsed.ok) throw new Error(`bench hub config: ${JSON.stringify(parsed.issues)}`);
  const resolved = resolveHubConfig(parsed.config, ASSETS);
  if (!resolved.ok) throw new Error(`bench hub config: ${JSON.stringify(resolved.issues)}`);
  const hub = await startHub(resolved.hub, { host: '127.0.0.1', port: 0, log: () => {} });
  let engine: Engine;
  try {
    engine = await startEngine({ assetsDir: ASSETS, feedUrl: hub.url, dbFile: ':memory:', log: () => {} });
  } catch (e) {
    await hub.close();
    throw e;
  }
  applied = got;
  const source = () => hub.sources()[0]!;
  await until(() => engine.status().connection === 'connected' && source().state === 'ok', 30_000, 'the engine connected and the MQTT source subscribed');
  return {
    hub,
    engine,
    counts: () => {
      const s = source();
      return { records: s.records, readings: s.readings, skipped: s.skipped, rejected: Object.values(s.rejected).reduce((a, b) => a + (b ?? 0), 0) };
    },
    close: async () => {
      applied = null;
      await engine.close();
      await hub.close();
    },
  };
}

/** True once the source has `total` messages and every reading made of them is in the live state. */
export function settled(desk: Desk, total: number, readingsApplied: number): boolean {
  const c = desk.counts();
  return c.records >= total && readingsApplied >= c.readings;
}

async function main(url: string, total: number): Promise<void> {
  let n = 0;
  const desk = await startDesk(url, 'data', (rs) => (n += rs.length));
  const base = { ...desk.counts(), applied: n };
  const stop = stopwatch();
  console.log('READY');
  const mine = () => {
    const c = desk.counts();
    return { records: c.records - base.records, readings: c.readings - base.readings };
  };
  await until(() => mine().records >= total && n - base.applied >= mine().readings, 180_000, `${total} messages at the desk (${JSON.stringify(mine())}, applied ${n - base.applied})`, 2);
  const t = stop();
  const rejects = desk.engine.status().rejects;
  await desk.close();
  console.log(JSON.stringify({ messages: mine().records, readings: n - base.applied, rejects, ...t }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [url, total] = process.argv.slice(2);
  if (!url || !(Number(total) > 0)) {
    console.error('usage: mqtt-desk-side.ts URL TOTAL');
    process.exit(2);
  }
  main(url, Number(total)).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
