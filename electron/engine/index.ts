/**
 * The engine's composition root: feed client -> cache (SQLite) + live state -> batched deltas to whoever listens
 * (the RPC layer). Plain Node: the same code runs in Electron's utility process, the browser-mode host, the
 * headless recorder and tests.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { z } from 'zod';
import type { CommandName, CommandResults, EngineEvents, EventName, FeedStatus, Gap, OperatorAction, commandSchemas } from './api';
import { FeedClient, type FeedConnection } from './feed/client';
import { startDemoServer, type DemoServer } from '../demo-feed/server';
import type { RejectReason } from '../shared/protocol';
import { findGaps, LiveState } from './live-state';
import { Alerting, type SessionCtx } from './alerting';
import { loadDistricts, type Zone } from './rules/geo';
import { openStore, type Store, type StoreOptions } from './store/store';

export type LogFn = (level: 'info' | 'warn' | 'error', msg: string) => void;

export interface EngineOptions {
  /** Folder with the shipped data (assets/). Needed for the embedded demo feed. */
  assetsDir: string;
  /** Feed to connect to; without it the engine starts the embedded demo feed (labelled DEMO). */
  feedUrl?: string;
  token?: string;
  /** Speed of the embedded demo feed. */
  demoSpeed?: number;
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
}

export type CommandParamsParsed = { [K in CommandName]: z.output<(typeof commandSchemas)[K]> };

export interface EngineEvent<E extends EventName = EventName> {
  event: E;
  payload: EngineEvents[E];
}

export type { SessionCtx };

export interface Engine {
  /** Runs a command for one connection's session (operator by default; supervisor once unlocked). */
  handle<K extends CommandName>(method: K, params: CommandParamsParsed[K], session?: SessionCtx): Promise<CommandResults[K]>;
  /** A fresh session for a new connection: operator role, the engine's default user name. */
  newSession(): SessionCtx;
  /** Listen to engine events (delta, catalogue, actions, gap). Returns an unsubscribe function. */
  on(listener: (evt: EngineEvent) => void): () => void;
  status(): FeedStatus;
  /** The embedded demo feed, when the engine started one. */
  readonly demo: DemoServer | null;
  readonly store: Store;
  /** Flushes the cache and stops. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Readings/s is averaged over 5 minutes of feed time (the sensors' usual step), at least 5 s of wall time: at real
 * speed the 5-minute bursts then read as a steady rate instead of flickering between 0 and a spike.
 */
const RATE_WINDOW_FEED_MS = 5 * 60_000;
const RATE_WINDOW_MIN_MS = 5000;
const HISTORY_DEFAULT_MS = 6 * 3600 * 1000;

export async function startEngine(opts: EngineOptions): Promise<Engine> {
  const log: LogFn = opts.log ?? (() => {});
  const now = opts.now ?? Date.now;
  const deltaIntervalMs = opts.deltaIntervalMs ?? 250;
  const user = opts.user ?? safeUserName();

  const store = openStore(opts.dbFile ?? ':memory:', { ...opts.store, now });
  const state = new LiveState();

  // Start from the cache: the last known catalogue and state of every sensor, before any feed answers.
  const cachedCatalogue = store.loadCatalogue();
  const startedFromCache = cachedCatalogue.length > 0;
  if (startedFromCache) {
    state.setCatalogue(cachedCatalogue);
    state.apply(store.latestReadings());
    state.takeChanged();
    log('info', `cache ${store.file}: ${cachedCatalogue.length} sensors, last state restored`);
  }
  const lastCursor = store.lastCursor();

  let zones: Zone[] = [];
  try {
    zones = loadDistricts(opts.assetsDir);
  } catch (e) {
    log('warn', `districts not loaded (zone rules cannot apply): ${e instanceof Error ? e.message : String(e)}`);
  }

  let demo: DemoServer | null = null;
  let feedUrl = opts.feedUrl;
  let token = opts.token;
  if (!feedUrl) {
    token = randomBytes(16).toString('hex');
    try {
      demo = await startDemoServer({ assetsDir: opts.assetsDir, speed: opts.demoSpeed ?? 1, token, log: (m) => log('info', m) });
    } catch (e) {
      store.close();
      throw e;
    }
    feedUrl = demo.url;
  }

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

  // Feed clock: the last feed time heard, extrapolated with the feed's speed. Started from the cache, before any
  // feed answers, it runs at real speed from now (or from the cached feed time, if that is ahead), so that cached
  // readings age visibly and turn stale instead of passing for current.
  let feedAnchor: { feed: number; wall: number } | null = startedFromCache ? { feed: Math.max(now(), lastCursor?.feedTime ?? 0), wall: now() } : null;
  let speed = 1;
  const feedNow = () => (feedAnchor ? feedAnchor.feed + (now() - feedAnchor.wall) * speed : null);
  const rateBuckets: { wall: number; n: number }[] = [];
  const startedAt = now();
  /** Feed time of the last batch held in sequence: where a loss starts. */
  let heldFeedTime: number | null = lastCursor?.feedTime ?? null;
  let pendingLoss: { from: number; range: { from: number; to: number } } | null = null;

  const status: FeedStatus = {
    connection: 'connecting',
    feedUrl: demo ? 'embedded demo feed' : feedUrl,
    feedName: demo ? 'Aarhus demo feed' : (lastCursor?.name || feedUrl),
    feedId: null,
    // A cache filled from a demo feed stays labelled DEMO while that feed is away.
    demo: demo !== null || (startedFromCache && store.meta('last_feed_demo') === '1'),
    feedTime: null,
    speed: 1,
    readingsPerSecond: 0,
    lastSeq: null,
    acceptedTotal: 0,
    rejects: {},
    lastReject: null,
    lastError: null,
    lostBatches: [],
    downSince: null,
    reconnectAttempts: 0,
    cache: { file: store.file, readings: 0, duplicates: 0, oldest: null, sizeBytes: 0, queuedActions: 0, startedFromCache },
    sensors: { live: 0, stale: 0, never: 0 },
  };

  const alerting = new Alerting(
    store,
    zones,
    state.catalogue(),
    (e) => emit('alarms', e),
    (rules) => emit('rules', { rules }),
    log,
    now,
    () => feedNow() ?? now(),
  );

  const recordGap = (g: { scope: string; from: number; to: number; reason: string }): Gap => {
    const gap = store.addGap({ feedId: status.feedId, ...g });
    log('warn', `gap recorded (${g.scope}): ${new Date(gap.from).toISOString()} – ${new Date(gap.to).toISOString()}: ${g.reason}`);
    emit('gap', { gap });
    return gap;
  };

  const client: FeedClient = new FeedClient(
    {
      url: feedUrl,
      ...(token !== undefined ? { token } : {}),
      resumeFrom: lastCursor ? { feedId: lastCursor.feedId, lastSeq: lastCursor.lastSeq } : null,
      ...(opts.reconnectDelayMs !== undefined ? { reconnectDelayMs: opts.reconnectDelayMs } : {}),
      ...(opts.reconnectDelayMaxMs !== undefined ? { reconnectDelayMaxMs: opts.reconnectDelayMaxMs } : {}),
      log,
    },
    {
      hello(h) {
        status.feedId = h.feedId;
        status.feedName = h.name;
        status.demo = h.demo || demo !== null;
        speed = h.speed;
        status.speed = h.speed;
        feedAnchor = { feed: h.feedTime, wall: now() };
        store.saveFeed(h.feedId, h.name, demo ? 'embedded demo feed' : feedUrl);
        store.setMeta('last_feed_demo', status.demo ? '1' : '0');
      },
      catalogue(sensors) {
        store.saveCatalogue(sensors);
        state.setCatalogue(sensors);
        alerting.setCatalogue(sensors);
        emit('catalogue', { sensors });
      },
      readings(readings, seq, feedTime) {
        state.apply(readings);
        alerting.onReadings(readings);
        status.acceptedTotal += readings.length;
        status.lastSeq = client.lastSeq;
        if (client.lastSeq === seq) heldFeedTime = feedTime;
        try {
          store.ingest(status.feedId ?? 'unknown', readings, client.lastSeq, feedTime);
        } catch (e) {
          // The readings stay buffered in the store and are retried; the status shows store.lastError meanwhile.
          log('error', `cache write failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        if (pendingLoss) {
          const firstTs = readings.reduce((m, r) => Math.min(m, r.ts), feedTime);
          const { from, range } = pendingLoss;
          pendingLoss = null;
          if (firstTs > from) recordGap({ scope: 'all', from, to: firstTs, reason: `the feed could no longer resend batches ${range.from}–${range.to}` });
        }
        // The rate counts current readings only: history resent on subscribe (warm-up, catch-up) is not "per second".
        const wall = now();
        let current = 0;
        const clockNow = Math.max(feedTime, feedNow() ?? feedTime);
        for (const r of readings) if (r.ts >= clockNow - RATE_WINDOW_FEED_MS) current++;
        const lastBucket = rateBuckets[rateBuckets.length - 1];
        if (lastBucket && wall - lastBucket.wall < 1000) lastBucket.n += current;
        else rateBuckets.push({ wall, n: current });
        if (!feedAnchor || feedTime >= (feedNow() ?? -Infinity) - 60_000) feedAnchor = { feed: feedTime, wall };
      },
      reject(reason: RejectReason, detail, count = 1) {
        status.rejects[reason] = (status.rejects[reason] ?? 0) + count;
        status.lastReject = { reason, detail, at: now() };
      },
      lost(range) {
        log('warn', `the feed no longer holds batches ${range.from}..${range.to}`);
        status.lastError = `missed batches ${range.from}–${range.to} could not be fetched again`;
        status.lostBatches = [...status.lostBatches.slice(-19), { ...range, at: feedNow() }];
        pendingLoss = { from: heldFeedTime ?? feedNow() ?? now(), range };
      },
      connection(c: FeedConnection, error) {
        status.connection = c;
        if (c === 'connected') {
          status.downSince = null;
          status.lastError = null;
          status.reconnectAttempts = 0;
          void sendQueuedActions();
        } else {
          if (error) status.lastError = error;
          if (status.downSince === null && c !== 'connecting') status.downSince = now();
        }
      },
      reconnectAttempt(n) {
        status.reconnectAttempts = n;
      },
    },
  );

  // Operator actions: durable queue, sent oldest first while connected; a feed refusal is final, silence is not.
  let sending = false;
  async function sendQueuedActions(): Promise<void> {
    if (sending) return;
    sending = true;
    try {
      for (const a of store.actions({ status: 'queued', oldestFirst: true, limit: 1000 })) {
        if (!client.connected) break;
        const res = await client.sendAction({ id: a.id, kind: a.kind, sensorId: a.sensorId, ...(a.alarmId ? { alarmId: a.alarmId } : {}), text: a.text, user: a.user, createdAt: a.createdAt });
        if (res.result === 'unsent') {
          log('warn', `action ${a.id} not sent (${res.error}); kept in the queue`);
          break;
        }
        const updated = store.markAction(a.id, res.result === 'accepted' ? 'sent' : 'rejected', res.result === 'rejected' ? res.error : null);
        if (updated) emit('actions', { actions: [updated] });
      }
    } finally {
      sending = false;
    }
  }

  let cacheStats = store.stats();
  let statsAt = 0;
  const refreshStatus = () => {
    const wall = now();
    const windowMs = Math.max(RATE_WINDOW_MIN_MS, RATE_WINDOW_FEED_MS / speed);
    while (rateBuckets.length && rateBuckets[0]!.wall < wall - windowMs) rateBuckets.shift();
    const n = rateBuckets.reduce((a, b) => a + b.n, 0);
    const span = Math.min(windowMs, Math.max(RATE_WINDOW_MIN_MS, wall - startedAt));
    status.readingsPerSecond = Math.round((n / span) * 1000 * 10) / 10;
    status.feedTime = feedNow();
    status.sensors = state.counts(status.feedTime ?? wall);
    if (Date.now() - statsAt > 2000) {
      cacheStats = store.stats();
      statsAt = Date.now();
    }
    status.cache = { ...status.cache, ...cacheStats, duplicates: store.ingestTotals.duplicates };
    if (store.lastError) status.lastError = store.lastError;
    return status;
  };

  // Deltas: changed sensors at most every deltaIntervalMs; the status (clock, counts) at least once a second.
  let lastStatusPush = 0;
  const timer = setInterval(() => {
    const changed = state.takeChanged();
    const wall = Date.now(); // pacing is real time, whatever clock the engine is given
    if (changed.length === 0 && wall - lastStatusPush < 1000) return;
    lastStatusPush = wall;
    emit('delta', { states: changed, status: { ...refreshStatus() } });
  }, deltaIntervalMs);

  // The alert clock: no-data, sustained conditions, shelving expiry and escalation are evaluated on the feed clock,
  // so they fire while the feed is silent.
  const alertClock = setInterval(() => {
    try {
      alerting.onClock(feedNow() ?? now());
    } catch (e) {
      log('error', `alert clock failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, 1000);

  // Cache maintenance: rollups and retention, on the feed clock.
  // Each run folds a bounded span; while behind (a large cache after a long pause), runs follow each other quickly.
  let maintenance: NodeJS.Timeout;
  const maintain = () => {
    let caughtUp = true;
    try {
      caughtUp = store.maintain(feedNow() ?? now()).caughtUp;
    } catch (e) {
      log('error', `cache maintenance failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    maintenance = setTimeout(maintain, caughtUp ? (opts.maintenanceIntervalMs ?? 60_000) : 200);
  };
  maintenance = setTimeout(maintain, Math.min(5000, opts.maintenanceIntervalMs ?? 60_000));

  let closed = false;
  const newSession = (): SessionCtx => ({ role: 'operator', user, failedUnlocks: 0, lockedUntil: 0 });
  const wallOrFeed = () => feedNow() ?? now();
  const handlers: { [K in CommandName]: (p: CommandParamsParsed[K], ctx: SessionCtx) => CommandResults[K] | Promise<CommandResults[K]> } = {
    snapshot: () => ({ catalogue: state.catalogue(), states: state.allStates(), status: { ...refreshStatus() } }),
    history: (p) => {
      const sensor = state.sensor(p.sensorId);
      if (!sensor) throw new Error(`unknown sensor ${p.sensorId}`);
      const to = p.to ?? feedNow() ?? now();
      const from = p.from ?? to - HISTORY_DEFAULT_MS;
      store.flush();
      const h = store.history(p.sensorId, from, to, p.maxPoints ?? 3000, sensor.expectedIntervalS);
      const step = h.resolution === 'raw' ? sensor.expectedIntervalS * 1000 : Math.max(sensor.expectedIntervalS * 1000, h.resolution === '1m' ? 60_000 : 3_600_000);
      const recorded = store.gapsFor(p.sensorId, from, to).map((g) => ({ from: g.from, to: g.to, reason: g.reason }));
      const gaps = [...recorded, ...findGaps(h.points, step, to)].sort((a, b) => a.from - b.from);
      return { sensorId: p.sensorId, from, to, resolution: h.resolution, points: h.points, gaps };
    },
    addNote: (p, ctx) => {
      if (p.sensorId !== null && !state.sensor(p.sensorId)) throw new Error(`unknown sensor ${p.sensorId}`);
      const action: OperatorAction = store.enqueueAction({ id: randomUUID(), kind: 'note', sensorId: p.sensorId, text: p.text, user: ctx.user, createdAt: now() });
      emit('actions', { actions: [action] });
      void sendQueuedActions();
      return action;
    },
    actions: (p) => store.actions({ ...(p.sensorId ? { sensorId: p.sensorId } : {}), limit: p.limit ?? 200 }),
    gaps: (p) => store.gaps(p.from, p.to),

    session: (_p, ctx) => alerting.session(ctx),
    setUser: (p, ctx) => alerting.setUser(ctx, p.name),
    unlockSupervisor: (p, ctx) => alerting.unlock(ctx, p.passphrase),
    lockSupervisor: (_p, ctx) => alerting.lock(ctx),
    setSupervisorPassphrase: (p, ctx) => alerting.setPassphrase(ctx, p.next, p.current),

    alarms: (p) => alerting.alarms(p.includeResolved ?? false, p.limit ?? 1000),
    ackAlarm: (p, ctx) => {
      const alarm = alerting.acknowledge(ctx, p.id, wallOrFeed(), p.comment || undefined);
      // The acknowledgement also goes to the feed (queued durably while it is unreachable).
      const action = store.enqueueAction({ id: randomUUID(), kind: 'alarm-ack', sensorId: state.sensor(alarm.subject) ? alarm.subject : null, alarmId: alarm.id, text: p.comment ?? '', user: ctx.user, createdAt: now() });
      emit('actions', { actions: [action] });
      void sendQueuedActions();
      return alarm;
    },
    resolveAlarm: (p, ctx) => alerting.resolve(ctx, p.id, wallOrFeed(), p.comment || undefined),
    shelveAlarm: (p, ctx) => alerting.shelve(ctx, p.id, wallOrFeed(), p.minutes, p.reason),
    unshelve: (p, ctx) => alerting.unshelve(ctx, p.id, wallOrFeed()),
    shelves: () => alerting.shelves(),
    muteSound: (p, ctx) => {
      alerting.muteSound(ctx, p.reason, p.alarmId);
      return { ok: true as const };
    },

    rules: () => alerting.summaries(),
    ruleVersions: (p) => alerting.versions(p.id),
    validateRule: (p) => alerting.validate(p.rule),
    backtestRule: (p) => {
      store.flush();
      return alerting.backtest(p.rule, p.from, p.to, wallOrFeed(), p.id ?? randomUUID(), (e) => emit('backtest', e));
    },
    cancelBacktest: (p) => ({ cancelled: alerting.cancelBacktest(p.id) }),
    publishRule: (p, ctx) => alerting.publish(ctx, p.rule),
    setRuleEnabled: (p, ctx) => alerting.setEnabled(ctx, p.id, p.enabled),
    restoreRuleVersion: (p, ctx) => alerting.restore(ctx, p.id, p.version),
    exportRules: () => alerting.exportRules(),
    importRules: (p, ctx) => alerting.import(ctx, p.json),
    zones: () => alerting.zoneInfo(),
    audit: (p) => alerting.audit(p.limit ?? 200, p.subject),
  };
  const defaultSession = newSession();

  return {
    demo,
    store,
    status: () => ({ ...refreshStatus() }),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    newSession,
    async handle(method, params, session) {
      if (closed) throw new Error('the engine is closed');
      const h = handlers[method] as ((p: typeof params, ctx: SessionCtx) => CommandResults[typeof method]) | undefined;
      if (!h) throw new Error(`unknown command ${String(method)}`);
      return h(params, session ?? defaultSession);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      clearInterval(alertClock);
      clearTimeout(maintenance);
      client.close();
      listeners.clear();
      store.close();
      if (demo) await demo.close();
    },
  };
}

function safeUserName(): string {
  try {
    return userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}
