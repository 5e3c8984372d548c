/**
 * The engine's composition root: feed client -> cache (SQLite) + live state + rules -> batched deltas to whoever
 * listens (the RPC layer). Plain Node: the same code runs in Electron's utility process, the browser-mode host, the
 * headless recorder and tests. The engine connects to the feed it is given; hosts that want the embedded demo feed
 * start it themselves (electron/demo-feed) and pass its URL.
 *
 * The parts live in their own modules: the feed clock (feed-clock.ts), the status (feed-status.ts), what happens to
 * each feed message (feed-sink.ts), the operator-action outbox (outbox.ts), the command handlers (commands/) and the
 * periodic work (below: deltas, the alert clock, cache maintenance).
 */
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { ApiError, type CommandName, type DeskMode, type CommandResults, type EngineEvents, type EventName, type FeedStatus } from './api';
import { SupervisorAccess, type SessionCtx } from './access/supervisor-access';
import { AlertClock } from './alert-clock';
import { Alerting, STARTER_TYPES_KEY } from './alerting';
import { alarmCommands } from './commands/alarms';
import { auditCommands } from './commands/audit';
import { deskModeCommands, refusedReadOnly } from './commands/desk-mode';
import { importIncidentPack, packDeskMode, type PackContents } from './incident-pack/open';
import { incidentPackCommands } from './commands/incident-pack';
import { incidentCommands } from './commands/incidents';
import { replayCommands } from './commands/replay';
import { rerunCommands } from './commands/rerun';
import { ruleCommands } from './commands/rules';
import { sensorCommands } from './commands/sensors';
import { sessionCommands } from './commands/session';
import type { CommandHandlers, CommandParamsParsed, EngineParts } from './commands/types';
import { catalogueView } from './feed/catalogue-view';
import { FeedClient } from './feed/client';
import { CACHE_KEYS, feedRegistry, shippedRegistry, typesFromCache } from './feed/registry';
import { FeedClock } from './feed-clock';
import { createFeedSink } from './feed-sink';
import { FeedStatusTracker } from './feed-status';
import { LiveState } from './live-state';
import { Outbox } from './outbox';
import { loadDistricts, type Zone } from './rules/geo';
import { openStore, type Store, type StoreOptions } from './store/store';
import { sourceCommands } from './sources/commands';
import { SourceAdmin } from './sources/source-admin';
import type { SourceAdminPort } from '../shared/source-admin';
import { citySchema, typeOfV1Kind, type CatalogueCity } from '../shared/protocol';
import type { Sensor } from '../shared/model';
import type { SensorTypeRegistry } from '../shared/sensor-types/registry';

export type LogFn = (level: 'info' | 'warn' | 'error', msg: string) => void;

export interface EngineOptions {
  /** Folder with the shipped data (assets/): the districts that zone rules refer to. */
  assetsDir: string;
  /** The feed to connect to (protocol v2, or v1, over Socket.IO). */
  feedUrl: string;
  token?: string;
  /** Shown instead of the feed's URL in the status (e.g. "embedded demo feed"). */
  feedLabel?: string;
  /** The host knows this feed is a demo (the UI labels it DEMO; a feed may also say so in its hello). */
  demo?: boolean;
  /**
   * Zone rules by district use the demo city's statistical districts (assets/basemap/districts.geojson.gz). The host
   * sets this when it runs the demo feed; any other feed gets no districts (its zone rules use drawn areas).
   */
  demoDistricts?: boolean;
  /** The SQLite cache file; ':memory:' (the default) keeps it in memory only. */
  dbFile?: string;
  store?: Omit<StoreOptions, 'readonly'>;
  /** Operator name recorded with actions (default: the OS user). */
  user?: string;
  /** Minimum wall ms between deltas to the renderer (a screen cannot use more than a few per second). */
  deltaIntervalMs?: number;
  /** Wall ms between cache maintenance runs (rollups, retention). */
  maintenanceIntervalMs?: number;
  /** Reconnect backoff of the feed client (tests shorten it). */
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  log?: LogFn;
  /** Wall clock (tests). */
  now?: () => number;
  /** The embedded hub's source admin (the host gives it): supervisors connect sources from the desk. */
  sourceAdmin?: SourceAdminPort;
  /**
   * An incident pack to show instead of a feed (incident-pack/open.ts, read by the host): the engine runs on an
   * in-memory cache filled from it, connects to no feed, evaluates no rule and refuses every write (desk-mode.ts).
   */
  incident?: PackContents;
  /** Where incident packs are written (default: `incident-packs` beside the cache file; the temp folder for ':memory:'). */
  packsDir?: string;
}

export type { CommandParamsParsed, SessionCtx };

export interface EngineEvent<E extends EventName = EventName> {
  event: E;
  payload: EngineEvents[E];
}

export interface Engine {
  /** Runs a command for one connection's session (operator by default; supervisor once unlocked). */
  handle<K extends CommandName>(method: K, params: CommandParamsParsed[K], session?: SessionCtx): Promise<CommandResults[K]>;
  /** A fresh session for a new connection: operator role, the engine's default user name. */
  newSession(): SessionCtx;
  /** Sessions and supervisor mode; the hosts set the first passphrase through access.setFromHost (never the API). */
  readonly access: SupervisorAccess;
  /** Listen to engine events (delta, catalogue, actions, gap, alarms, rules). Returns an unsubscribe function. */
  on(listener: (evt: EngineEvent) => void): () => void;
  status(): FeedStatus;
  readonly store: Store;
  /** Where incident packs are written (the web host serves their zips from here only). */
  readonly packsDir: string;
  /** Flushes the cache and stops. Safe to call twice. */
  close(): Promise<void>;
}

export async function startEngine(opts: EngineOptions): Promise<Engine> {
  const log: LogFn = opts.log ?? (() => {});
  const now = opts.now ?? Date.now;
  const user = opts.user ?? safeUserName();

  const incident = opts.incident ?? null;
  const store = openStore(incident ? ':memory:' : (opts.dbFile ?? ':memory:'), { ...opts.store, now, log });
  if (incident) {
    importIncidentPack(store, incident);
    // A pack brings its own rules: no starter rule is installed beside them.
    store.setMeta(STARTER_TYPES_KEY, JSON.stringify([...new Set(incident.sensors.map((s) => s.kind))].sort()));
  }
  const state = new LiveState();
  const clock = new FeedClock(now);

  // Start from the cache: the last known catalogue (with the feed's types and city) and state of every sensor, before
  // any feed answers.
  const cached = cachedCatalogue(store, log);
  const cachedSensors = cached.sensors;
  const startedFromCache = cachedSensors.length > 0;
  const lastCursor = store.lastCursor();
  if (startedFromCache) {
    state.setCatalogue(cachedSensors, { registry: cached.registry, city: cached.city });
    state.apply(store.latestReadings());
    state.takeChanged();
    clock.startFromCache(lastCursor?.feedTime ?? null);
    log('info', `cache ${store.file}: ${cachedSensors.length} sensors, last state restored`);
  }

  const zones = opts.demoDistricts === true ? loadZones(opts.assetsDir, log) : [];

  const listeners = new Set<(evt: EngineEvent) => void>();
  const emit = <E extends EventName>(event: E, payload: EngineEvents[E]) => {
    for (const l of listeners) {
      try {
        l({ event, payload } as EngineEvent);
      } catch (e) {
        log('error', `event listener failed: ${String(e)}`);
      }
    }
  };

  const feedLabel = incident ? `Incident pack: ${incident.manifest.incident.name}` : (opts.feedLabel ?? opts.feedUrl);
  const tracker = new FeedStatusTracker(
    { store, state, clock, now },
    {
      feedUrl: feedLabel,
      feedName: lastCursor?.name || feedLabel,
      // A cache filled from a demo feed stays labelled DEMO while that feed is away.
      demo: opts.demo === true || (startedFromCache && store.meta('last_feed_demo') === '1'),
      startedFromCache,
    },
  );

  store.setAuditClock(() => clock.nowOrWall());
  const alerting = new Alerting(store, zones, state.catalogue(), (e) => emit('alarms', e), (rules) => emit('rules', { rules }), log, now, () => clock.nowOrWall(), incident !== null);

  // The rules' clock: the feed's batches while it talks, the feed clock when it is silent (alert-clock.ts).
  const alertClock = new AlertClock(alerting, clock, now);

  let client: FeedClient | null = null;
  const feedClient = () => client!;
  const outbox = new Outbox({ store, client: feedClient, now, emit: (actions) => emit('actions', { actions }), log });
  const sink = createFeedSink({
    store,
    state,
    alerting,
    alertClock,
    clock,
    tracker,
    client: feedClient,
    now,
    feedLabel,
    demo: opts.demo === true,
    heldFeedTime: lastCursor?.feedTime ?? null,
    onCatalogue: () => emit('catalogue', catalogueView(state, tracker.status.feedName)),
    onGap: (gap) => emit('gap', { gap }),
    onConnected: () => void outbox.flush(),
    log,
  });
  const sourceAdmin = new SourceAdmin(store, opts.sourceAdmin ?? null, log, now);
  if (!incident)
    client = new FeedClient(
    {
      url: opts.feedUrl,
      ...(opts.token !== undefined ? { token: opts.token } : {}),
      resumeFrom: lastCursor ? { feedId: lastCursor.feedId, lastSeq: lastCursor.lastSeq } : null,
      ...(opts.reconnectDelayMs !== undefined ? { reconnectDelayMs: opts.reconnectDelayMs } : {}),
      ...(opts.reconnectDelayMaxMs !== undefined ? { reconnectDelayMaxMs: opts.reconnectDelayMaxMs } : {}),
      log,
      now,
    },
    { ...sink, sources: (m) => sourceAdmin.setRemoteStatus(m.sources) },
  );

  const access = new SupervisorAccess(store, now, log);
  const deskMode: DeskMode = incident ? packDeskMode(incident) : { mode: 'live' };
  if (incident) tracker.status.connection = 'disconnected';
  const parts: EngineParts = {
    store,
    state,
    alerting,
    access,
    clock,
    tracker,
    outbox,
    emitBacktest: (e) => emit('backtest', e),
    emitReplayRules: (e) => emit('replayRules', e),
    emitPack: (e) => emit('pack', e),
    zones,
    assetsDir: opts.assetsDir,
    packsDir: opts.packsDir ?? defaultPacksDir(store.file),
    deskMode: () => deskMode,
  };
  const handlers: CommandHandlers = {
    ...sensorCommands(parts),
    ...sessionCommands(parts),
    ...alarmCommands(parts),
    ...ruleCommands(parts),
    ...sourceCommands(sourceAdmin),
    ...replayCommands(parts),
    ...rerunCommands(parts),
    ...incidentCommands(parts),
    ...incidentPackCommands(parts),
    ...auditCommands(parts),
    ...deskModeCommands(parts),
  };
  void sourceAdmin.restore();
  const stopPeriodic = startPeriodicWork({ state, store, alertClock, clock, tracker, emit, log, readOnly: incident !== null, deltaIntervalMs: opts.deltaIntervalMs ?? 250, maintenanceIntervalMs: opts.maintenanceIntervalMs ?? 60_000 });

  let closed = false;
  const newSession = (): SessionCtx => access.newSession(user);
  const defaultSession = newSession();

  return {
    store,
    packsDir: parts.packsDir,
    access,
    status: () => tracker.snapshot(),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    newSession,
    async handle(method, params, session) {
      if (closed) throw new ApiError('unavailable', 'the engine is closed');
      if (incident && refusedReadOnly(method)) throw new ApiError('forbidden', `this desk shows an incident pack (${incident.manifest.incident.name}), read-only: ${String(method)} is not possible here`);
      const h = handlers[method] as ((p: typeof params, s: SessionCtx) => CommandResults[typeof method] | Promise<CommandResults[typeof method]>) | undefined;
      if (!h) throw new ApiError('unknown-method', `unknown command ${String(method)}`);
      return h(params, session ?? defaultSession);
    },
    async close() {
      if (closed) return;
      closed = true;
      stopPeriodic();
      alerting.cancelRunningBacktest();
      client?.close();
      listeners.clear();
      store.close();
    },
  };
}

/**
 * The engine's periodic work, on timers: deltas to the renderer (changed sensors at most every deltaIntervalMs, the
 * status at least once a second), the alert clock's silence check (while the feed is silent beyond an allowance, the
 * feed clock drives no-data, sustained conditions, shelving expiry and escalation: alert-clock.ts) and cache
 * maintenance (rollups and retention; while behind, runs follow each other quickly). Returns a function that stops it
 * all.
 */
function startPeriodicWork(d: {
  state: LiveState;
  store: Store;
  alertClock: AlertClock;
  clock: FeedClock;
  tracker: FeedStatusTracker;
  emit: <E extends EventName>(event: E, payload: EngineEvents[E]) => void;
  log: LogFn;
  deltaIntervalMs: number;
  maintenanceIntervalMs: number;
  /** An incident pack: no alert clock (nothing is evaluated) and no maintenance. */
  readOnly: boolean;
}): () => void {
  let lastStatusPush = 0;
  const deltas = setInterval(() => {
    const changed = d.state.takeChanged();
    const wall = Date.now(); // pacing is real time, whatever clock the engine is given
    if (changed.length === 0 && wall - lastStatusPush < 1000) return;
    lastStatusPush = wall;
    d.emit('delta', { states: changed, status: d.tracker.snapshot() });
  }, d.deltaIntervalMs);

  const alertClock = setInterval(() => {
    if (d.readOnly) return;
    try {
      d.alertClock.check();
    } catch (e) {
      d.log('error', `alert clock failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, 1000);

  let maintenance: NodeJS.Timeout | undefined;
  const maintain = () => {
    let caughtUp = true;
    try {
      caughtUp = d.store.maintain(d.clock.nowOrWall()).caughtUp;
    } catch (e) {
      d.log('error', `cache maintenance failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    maintenance = setTimeout(maintain, caughtUp ? d.maintenanceIntervalMs : 200);
  };
  if (!d.readOnly) maintenance = setTimeout(maintain, Math.min(5000, d.maintenanceIntervalMs));

  return () => {
    clearInterval(deltas);
    clearInterval(alertClock);
    clearTimeout(maintenance);
  };
}

/**
 * The catalogue a cache holds: its sensors, the feed's types and city (validated again: a cache is input too). A
 * sensor stored by a v1 build carries its v1 kind ('parking', 'air'): read as the type it maps to, unless the feed's
 * own types have a type of that name.
 */
function cachedCatalogue(store: Store, log: LogFn): { sensors: Sensor[]; registry: SensorTypeRegistry; city: CatalogueCity | null } {
  const { types, problems } = typesFromCache(store.meta(CACHE_KEYS.types));
  for (const p of problems) log('warn', p);
  const registry = feedRegistry(shippedRegistry(), types);
  const sensors = store.loadCatalogue().map((s) => (registry.has(s.kind) ? s : { ...s, kind: typeOfV1Kind(s.kind) }));
  let city: CatalogueCity | null = null;
  const cityJson = store.meta(CACHE_KEYS.city);
  if (cityJson !== null) {
    try {
      const parsed = citySchema.nullable().safeParse(JSON.parse(cityJson));
      if (parsed.success) city = parsed.data;
      else log('warn', 'the cached city is not valid; it is ignored until the feed sends its catalogue');
    } catch {
      log('warn', 'the cached city is not JSON; it is ignored until the feed sends its catalogue');
    }
  }
  return { sensors, registry, city };
}

function loadZones(assetsDir: string, log: LogFn): Zone[] {
  try {
    return loadDistricts(assetsDir);
  } catch (e) {
    log('warn', `districts not loaded (zone rules cannot apply): ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
}

/** Incident packs go beside the cache file (`incident-packs/`); an in-memory cache's to the temp folder. */
function defaultPacksDir(dbFile: string): string {
  return dbFile === ':memory:' ? join(tmpdir(), 'citydesk-incident-packs') : join(dirname(dbFile), 'incident-packs');
}

function safeUserName(): string {
  try {
    return userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}
