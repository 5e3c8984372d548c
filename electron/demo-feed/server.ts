/**
 * The demo feed: a hub (electron/hub) with one source, the shipped Aarhus week replayed as if live (the 'demo' source
 * type). Timestamps are shifted so that the replay starts at the same weekday and time of day as now (rush hour plays
 * at rush hour), at real speed by default and `speed` times faster on request, looping at the end of the week with
 * timestamps that keep increasing. Values are the data's own. `npm run feed` and the desks' embedded feed start it.
 */
import type { HubConfig } from '../hub/config';
import { startHub, type Hub, type HubOptions } from '../hub/hub';
import { resolveHubConfig } from '../hub/resolve-config';
import { scaleProblem } from '../hub/scale';
import { demoCity, loadDemoData, type DemoData } from './data';

export interface DemoServerOptions {
  assetsDir?: string;
  /** Pre-loaded data (tests, several servers in one process). */
  data?: DemoData;
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** Feed-clock ms per wall ms. */
  speed?: number;
  /** When set, clients must present it as `auth.token` in the Socket.IO handshake. */
  token?: string;
  /** Wall-clock ms between batches. */
  tickMs?: number;
  /** Largest number of readings in one batch; bigger steps are split. */
  maxBatchReadings?: number;
  /** How many batches are kept for resume. */
  bufferBatches?: number;
  /** Binary batches: the encodings offered ([] = JSON only) and the fewest readings a binary batch has (hub/server.ts). */
  batchEncodings?: HubOptions['batchEncodings'];
  columnsMinReadings?: number;
  /** Feed-clock ms of history a fresh subscriber (lastSeq null) receives (default 6 h: a full chart at start). */
  warmupMs?: number;
  /** Wall clock (tests). */
  now?: () => number;
  /** Loop at the end of the week (default). When false, one week is played, then only heartbeats (benchmarks). */
  loop?: boolean;
  /**
   * Scale mode (electron/hub/scale.ts): the real sensors multiplied this many times, copies beside the city and
   * delayed in time, their readings made from the real series as they fall due. 1 (default): the city as it is.
   */
  scale?: number;
  feedId?: string;
  name?: string;
  log?: (msg: string) => void;
}

export type DemoServer = Hub;

export async function startDemoServer(opts: DemoServerOptions): Promise<DemoServer> {
  const now = opts.now ?? Date.now;
  const speed = opts.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, got ${speed}`);
  if (!opts.data && !opts.assetsDir) throw new Error('startDemoServer needs assetsDir or data');
  const scale = opts.scale ?? 1;
  const scaleError = scaleProblem(scale);
  if (scaleError) throw new Error(scaleError);
  const data = opts.data ?? loadDemoData(opts.assetsDir!);
  const scaled = scale === 1 ? '' : ` ×${scale} (scale mode: ${(data.sensors.length * scale).toLocaleString('en-US')} sensors, copies of the real ones)`;
  const config: HubConfig = {
    hub: { id: 'aarhus-demo', name: (opts.name ?? 'Aarhus demo feed (CityPulse week of 1–7 August 2014, replayed as live)') + scaled, city: data.city ?? demoCity(data.sensors), listen: { host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 } },
    types: [],
    sources: [{ id: 'demo', name: 'Aarhus demo week (CityPulse, 1–7 August 2014)', type: 'demo', enabled: true, connection: { speed, loop: opts.loop ?? true } }],
  };
  const resolved = resolveHubConfig(config, opts.assetsDir ?? '.');
  if (!resolved.ok) throw new Error(`demo hub config: ${resolved.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const log = opts.log;
  return startHub(resolved.hub, {
    feedId: opts.feedId ?? `aarhus-demo-${now().toString(36)}`,
    now,
    demoData: data,
    scale,
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    ...(opts.tickMs !== undefined ? { tickMs: opts.tickMs } : {}),
    ...(opts.maxBatchReadings !== undefined ? { maxBatchReadings: opts.maxBatchReadings } : {}),
    ...(opts.bufferBatches !== undefined ? { bufferBatches: opts.bufferBatches } : {}),
    ...(opts.batchEncodings !== undefined ? { batchEncodings: opts.batchEncodings } : {}),
    ...(opts.columnsMinReadings !== undefined ? { columnsMinReadings: opts.columnsMinReadings } : {}),
    ...(opts.warmupMs !== undefined ? { warmupMs: opts.warmupMs } : {}),
    ...(log ? { log: (_level: string, m: string) => log(m) } : {}),
  });
}
