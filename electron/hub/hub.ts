/**
 * The hub: sources in, the feed protocol out. Each enabled source of a resolved config (./resolve-config.ts) runs
 * with its own status; its records go through its mapping (./mapping.ts) into the sensor catalogue (./catalogue.ts)
 * and the pending readings, which the feed server (./server.ts) sends as batches on every tick. A source that fails,
 * throws or floods never stops the others or the hub: what it does wrong is counted in its status.
 */
import type { Reading } from '../shared/model';
import type { SourceStatus } from '../shared/source-status';
import type { SensorTypeRegistry } from '../shared/sensor-types/registry';
import type { SensorType } from '../shared/sensor-types/types';
import { loadDemoData, type DemoData } from '../demo-feed/data';
import { SensorCatalogue } from './catalogue';
import { connectionOf } from './config';
import type { ResolvedHub, ResolvedSource } from './resolve-config';
import { FeedClock } from './replay';
import { copyDraft, copyOffset, offsetPosition, scaleProblem, tileSize } from './scale';
import { readSecret } from './secrets';
import { startFeedServer, type CatalogueContent, type FeedServer, type FeedServerOptions } from './server';
import { SourceStatusTracker } from './source-status';
import { demoConnectionSchema, DemoReplay } from './sources/demo';
import { SOURCE_FACTORIES } from './sources/index';
import type { Source, SourceRecord, SourceSink } from './sources/source';

export interface HubOptions {
  /** Overrides of the config's listen block and token (the CLI's flags; the embedded hub: loopback, port 0). */
  host?: string;
  port?: number;
  /** The token clients must present (already read from the config's reference by the caller), or none. */
  token?: string;
  /** The demo source's data folder (assets/) or pre-loaded data (tests). */
  assetsDir?: string;
  demoData?: DemoData;
  feedId?: string;
  /** Wall clock (tests). */
  now?: () => number;
  tickMs?: number;
  warmupMs?: number;
  bufferBatches?: number;
  maxBatchReadings?: number;
  /** Binary batches: the encodings offered ([] = JSON only) and the fewest readings a binary batch has (hub/server.ts). */
  batchEncodings?: FeedServerOptions['batchEncodings'];
  columnsMinReadings?: number;
  /**
   * Scale mode (./scale.ts): the replayed sources' sensors multiplied this many times (copies offset in space and
   * time); 1 (default) = as they are. Live sources (HTTP, MQTT, SensorThings) are never multiplied.
   */
  scale?: number;
  env?: Readonly<Record<string, string | undefined>>;
  log?: (level: 'info' | 'warn', msg: string) => void;
}

export interface Hub extends FeedServer {
  /** Every source's status, in config order. */
  sources(): SourceStatus[];
  catalogue(): CatalogueContent;
  /** The config the hub was started with, resolved. */
  readonly resolved: ResolvedHub;
  /** The hub's sensor types: the registry of its config plus the types added at run time. */
  registry(): SensorTypeRegistry;
  /** Adds a source at run time, or replaces the running one of its id; `types` join the catalogue's types. */
  addSource(resolved: ResolvedSource, env: Readonly<Record<string, string | undefined>>, types?: readonly SensorType[]): Promise<void>;
  /** Stops and removes a mapped source; false when there is none of that id. */
  removeSource(id: string): Promise<boolean>;
}

/** Most readings waiting for the next tick; past it a source's readings are refused ('hub-backlog'), counted. */
const MAX_PENDING = 500_000;

interface Running {
  resolved: ResolvedSource;
  status: SourceStatusTracker;
  source: Source | null;
  demo: DemoReplay | null;
}

export async function startHub(hub: ResolvedHub, opts: HubOptions = {}): Promise<Hub> {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => {});
  const { config } = hub;
  const scale = opts.scale ?? 1;
  const scaleError = scaleProblem(scale);
  if (scaleError) throw new Error(scaleError);
  // The warm-up grows with the sensors: at scale K it is 6 h / K (at least 30 min), so a fresh desk's first batches
  // stay near the size of the real city's 6 h.
  const warmupMs = opts.warmupMs ?? (scale === 1 ? 6 * 3600 * 1000 : Math.max(30 * 60_000, Math.round((6 * 3600 * 1000) / scale)));
  // Copies of mapped (file) sources are laid on tiles of the city's home view; without one, tiles of half a degree.
  const home = config.hub.city.home;
  const mappedTile: [number, number] = home ? tileSize(home) : [0.5, 0.5];
  const replays = hub.sources.filter((s) => s.config.enabled && (s.config.type === 'file' || s.config.type === 'demo'));
  const speed = replays.length > 0 && typeof replays[0]!.config.connection.speed === 'number' ? replays[0]!.config.connection.speed : 1;
  const clock = new FeedClock(speed, now);
  const catalogue = new SensorCatalogue();
  const pending: Reading[] = [];
  const lastTs = new Map<string, number>();

  const running: Running[] = hub.sources.map((r) => ({
    resolved: r,
    status: new SourceStatusTracker({ id: r.config.id, name: r.config.name, type: r.config.type, sensorType: r.type?.id ?? r.config.sensorType ?? 'demo' }, now, r.config.enabled),
    source: null,
    demo: null,
  }));

  const sinkFor = (run: Running): SourceSink => {
    const { status } = run;
    const { mapping, type, config: sc } = run.resolved;
    return {
      records: (records: readonly SourceRecord[]) => {
        status.recordsReceived(records.length);
        for (const rec of records) {
          try {
            const m = mapping!.map(rec.value, rec.replayShiftMs ?? 0);
            if (!m.ok) {
              if (m.reason === 'not-selected') status.skip();
              else status.reject(m.reason, m.detail, rec.origin);
              continue;
            }
            const k = rec.copy ?? 0;
            const draft = k === 0 ? m.sensor : copyDraft(m.sensor, k, mappedTile);
            if (k !== 0 && m.reading.position) m.reading.position = offsetPosition(m.reading.position, copyOffset(k, mappedTile));
            const a = catalogue.accept(sc.id, draft, type!, sc.expectedIntervalS);
            if (!a.ok) {
              status.reject(a.reason, a.detail, rec.origin);
              continue;
            }
            if (a.added) status.sensorAdded();
            const reading = { ...m.reading, sensorId: a.sensor.id };
            if (lastTs.get(reading.sensorId) === reading.ts) {
              status.skip(); // the same sensor and time again (unchanged data polled twice): nothing new, not an error
              continue;
            }
            if (pending.length >= MAX_PENDING) {
              status.reject('hub-backlog', `${MAX_PENDING} readings already wait for the next batch`, rec.origin);
              continue;
            }
            lastTs.set(reading.sensorId, reading.ts);
            pending.push(reading);
            status.reading(reading.ts);
          } catch (e) {
            status.reject('internal', `mapping failed: ${(e as Error).message}`, rec.origin);
          }
        }
      },
      unparsable: (reason, detail, origin) => status.reject(reason, detail, origin),
      ok: () => status.ok(),
      failing: (reason, detail, retryInMs) => {
        status.failing(reason, detail, retryInMs);
        log('warn', `source ${sc.id} failing (${reason}): ${detail}${retryInMs !== null ? `; retry in ${Math.round(retryInMs / 1000)} s` : ''}`);
      },
      finished: () => status.stopped(),
    };
  };

  /** Starts a mapped source (not the demo); `env` resolves its secret references. */
  const startMapped = (run: Running, env: Readonly<Record<string, string | undefined>>): void => {
    const sc = run.resolved.config;
    const factory = SOURCE_FACTORIES[sc.type as Exclude<typeof sc.type, 'demo'>];
    if (!factory) {
      run.status.failing('not-available', `the ${sc.type} connector is not in this build`, null);
      return;
    }
    const mapping = run.resolved.mapping!;
    run.source = factory.create(factory.connection.parse(sc.connection), {
      id: sc.id,
      configDir: hub.configDir,
      secret: (ref) => readSecret(ref, hub.configDir, env),
      timeOf: (v) => mapping.timeOf(v),
      clock,
      warmupMs,
      scale,
      now,
      log: (level, msg) => log(level, `source ${sc.id}: ${msg}`),
    });
    run.source.start(sinkFor(run));
  };

  let demoData = opts.demoData;
  for (const run of running) {
    const sc = run.resolved.config;
    if (!sc.enabled) continue;
    try {
      if (sc.type === 'demo') {
        const conn = connectionOf(demoConnectionSchema, sc);
        if (!demoData) {
          if (!opts.assetsDir) throw new Error('the demo source needs the assets folder');
          demoData = loadDemoData(opts.assetsDir);
        }
        run.demo = new DemoReplay(demoData, clock, conn.loop, scale);
        catalogue.addAll(run.demo.sensors, sc.id);
        for (let i = 0; i < run.demo.sensors.length; i++) run.status.sensorAdded();
        run.status.ok();
        continue;
      }
      if (scale > 1 && sc.type !== 'file') log('warn', `source ${sc.id} (${sc.type}) is live: scale mode multiplies replayed sources only; its sensors are not copied`);
      startMapped(run, opts.env ?? process.env);
    } catch (e) {
      run.status.failing('start-failed', (e as Error).message, null);
      log('warn', `source ${sc.id} could not start: ${(e as Error).message}`);
    }
  }

  let catalogueTypes = hub.catalogueTypes;
  const content = (): CatalogueContent => ({ city: config.hub.city, types: catalogueTypes, sensors: catalogue.all() });
  const sources = () => running.map((r) => r.status.snapshot());

  const produce = (feedTime: number): Reading[] => {
    for (const run of running) {
      if (run.demo) {
        const due = run.demo.due(feedTime);
        if (due.length > 0) {
          run.status.recordsReceived(due.length);
          for (const r of due) pending.push(r);
          run.status.reading(due[due.length - 1]!.ts);
          run.status.readingsPassed(due.length - 1);
        }
      } else if (run.source?.pull) {
        try {
          run.source.pull(feedTime);
        } catch (e) {
          run.status.failing('internal', (e as Error).message, null);
        }
      }
    }
    return pending.splice(0, pending.length);
  };

  const stopAll = async () => {
    for (const r of running) await r.source?.stop().catch(() => {});
  };
  const demoRun = running.find((r) => r.demo);
  let server: FeedServer;
  try {
    server = await startFeedServer({
      feedId: opts.feedId ?? `${config.hub.id}-${now().toString(36)}`,
      name: config.hub.name,
      demo: running.some((r) => r.demo) && running.every((r) => r.demo || !r.resolved.config.enabled),
      clock,
      host: opts.host ?? config.hub.listen.host,
      port: opts.port ?? config.hub.listen.port,
      ...(opts.token !== undefined ? { token: opts.token } : {}),
      ...(opts.tickMs !== undefined ? { tickMs: opts.tickMs } : {}),
      ...(opts.bufferBatches !== undefined ? { bufferBatches: opts.bufferBatches } : {}),
      ...(opts.maxBatchReadings !== undefined ? { maxBatchReadings: opts.maxBatchReadings } : {}),
      ...(opts.batchEncodings !== undefined ? { batchEncodings: opts.batchEncodings } : {}),
      ...(opts.columnsMinReadings !== undefined ? { columnsMinReadings: opts.columnsMinReadings } : {}),
      warmupMs,
      produce,
      catalogue: content,
      catalogueVersion: () => catalogue.version,
      sources,
      ...(demoRun ? { warmUp: (push: (r: Reading[], t: number) => void) => demoRun.demo!.warmUp(push, warmupMs) } : {}),
      log: (m) => log('info', m),
    });
  } catch (e) {
    await stopAll();
    throw e;
  }
  const closeServer = server.close;
  let closing: Promise<void> | null = null;
  /** Run-time changes (the source admin, ./admin.ts): a source added or replaced by id, or removed. */
  const addSource = async (resolved: ResolvedSource, env: Readonly<Record<string, string | undefined>>, types: readonly SensorType[] = []): Promise<void> => {
    await removeSource(resolved.config.id);
    if (types.length > 0) {
      const ids = new Set(types.map((t) => t.id));
      catalogueTypes = [...catalogueTypes.filter((t) => !ids.has(t.id)), ...types];
    }
    const sc = resolved.config;
    const run: Running = { resolved, status: new SourceStatusTracker({ id: sc.id, name: sc.name, type: sc.type, sensorType: resolved.type?.id ?? sc.sensorType ?? '' }, now, sc.enabled), source: null, demo: null };
    running.push(run);
    if (!sc.enabled) return;
    try {
      startMapped(run, env);
    } catch (e) {
      run.status.failing('start-failed', (e as Error).message, null);
    }
  };
  const removeSource = async (id: string): Promise<boolean> => {
    const i = running.findIndex((r) => r.resolved.config.id === id && !r.demo);
    if (i < 0) return false;
    const [run] = running.splice(i, 1);
    await run!.source?.stop().catch(() => {});
    return true;
  };
  return {
    ...server,
    sources,
    catalogue: content,
    registry: () => hub.registry.with(catalogueTypes),
    resolved: hub,
    addSource,
    removeSource,
    close: () =>
      (closing ??= (async () => {
        await stopAll();
        await closeServer();
      })()),
  };
}
