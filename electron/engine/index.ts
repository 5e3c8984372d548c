/**
 * The engine's composition root: feed client -> live state -> batched deltas to whoever listens (the RPC layer).
 * Plain Node: the same code runs in Electron's utility process, the browser-mode host, the CLI tools and tests.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { CommandName, CommandResults, EngineEvents, EventName, FeedStatus, commandSchemas } from './api';
import { FeedClient, type FeedConnection } from './feed/client';
import { startDemoServer, type DemoServer } from './feed/demo-server';
import type { RejectReason } from './feed/protocol';
import { LiveState } from './live-state';

export type LogFn = (level: 'info' | 'warn' | 'error', msg: string) => void;

export interface EngineOptions {
  /** Folder with the shipped data (assets/). Needed for the embedded demo feed. */
  assetsDir: string;
  /** Feed to connect to; without it the engine starts the embedded demo feed (labelled DEMO). */
  feedUrl?: string;
  token?: string;
  /** Speed of the embedded demo feed. */
  demoSpeed?: number;
  /** Minimum wall ms between deltas to the renderer (a screen cannot use more than a few per second). */
  deltaIntervalMs?: number;
  log?: LogFn;
  /** Wall clock (tests). */
  now?: () => number;
}

export type CommandParamsParsed = { [K in CommandName]: z.output<(typeof commandSchemas)[K]> };

export interface EngineEvent<E extends EventName = EventName> {
  event: E;
  payload: EngineEvents[E];
}

export interface Engine {
  handle<K extends CommandName>(method: K, params: CommandParamsParsed[K]): Promise<CommandResults[K]>;
  /** Listen to engine events (delta, catalogue). Returns an unsubscribe function. */
  on(listener: (evt: EngineEvent) => void): () => void;
  status(): FeedStatus;
  /** The embedded demo feed, when the engine started one. */
  readonly demo: DemoServer | null;
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

  let demo: DemoServer | null = null;
  let feedUrl = opts.feedUrl;
  let token = opts.token;
  if (!feedUrl) {
    token = randomBytes(16).toString('hex');
    demo = await startDemoServer({ assetsDir: opts.assetsDir, speed: opts.demoSpeed ?? 1, token, log: (m) => log('info', m) });
    feedUrl = demo.url;
  }

  const state = new LiveState();
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

  // Feed clock: the last feed time heard, extrapolated with the feed's speed.
  let feedAnchor: { feed: number; wall: number } | null = null;
  let speed = 1;
  const feedNow = () => (feedAnchor ? feedAnchor.feed + (now() - feedAnchor.wall) * speed : null);
  const rateBuckets: { wall: number; n: number }[] = [];
  const startedAt = now();

  const status: FeedStatus = {
    connection: 'connecting',
    feedUrl: demo ? 'embedded demo feed' : feedUrl,
    feedName: demo ? 'Aarhus demo feed' : feedUrl,
    feedId: null,
    demo: demo !== null,
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
    sensors: { live: 0, stale: 0, never: 0 },
  };

  const client = new FeedClient(
    { url: feedUrl, ...(token !== undefined ? { token } : {}), log },
    {
      hello(h) {
        status.feedId = h.feedId;
        status.feedName = h.name;
        status.demo = h.demo || demo !== null;
        speed = h.speed;
        status.speed = h.speed;
        feedAnchor = { feed: h.feedTime, wall: now() };
      },
      catalogue(sensors) {
        state.setCatalogue(sensors);
        emit('catalogue', { sensors });
      },
      readings(readings, seq, feedTime) {
        const r = state.apply(readings);
        status.acceptedTotal += r.accepted;
        status.lastSeq = client?.lastSeq ?? seq;
        const wall = now();
        const lastBucket = rateBuckets[rateBuckets.length - 1];
        if (lastBucket && wall - lastBucket.wall < 1000) lastBucket.n += r.accepted;
        else rateBuckets.push({ wall, n: r.accepted });
        if (!feedAnchor || feedTime >= (feedNow() ?? -Infinity) - 60_000) feedAnchor = { feed: feedTime, wall: now() };
      },
      reject(reason: RejectReason, detail, count = 1) {
        status.rejects[reason] = (status.rejects[reason] ?? 0) + count;
        status.lastReject = { reason, detail, at: now() };
      },
      lost(range) {
        log('warn', `the feed no longer holds batches ${range.from}..${range.to}`);
        status.lastError = `missed batches ${range.from}–${range.to} could not be fetched again`;
        status.lostBatches = [...status.lostBatches.slice(-19), { ...range, at: feedNow() }];
      },
      connection(c: FeedConnection, error) {
        status.connection = c;
        if (c === 'connected') {
          status.downSince = null;
          status.lastError = null;
        } else {
          if (error) status.lastError = error;
          if (status.downSince === null && c !== 'connecting') status.downSince = now();
        }
      },
    },
  );

  const refreshStatus = () => {
    const wall = now();
    const windowMs = Math.max(RATE_WINDOW_MIN_MS, RATE_WINDOW_FEED_MS / speed);
    while (rateBuckets.length && rateBuckets[0]!.wall < wall - windowMs) rateBuckets.shift();
    const n = rateBuckets.reduce((a, b) => a + b.n, 0);
    const span = Math.min(windowMs, Math.max(RATE_WINDOW_MIN_MS, wall - startedAt));
    status.readingsPerSecond = Math.round((n / span) * 1000 * 10) / 10;
    status.feedTime = feedNow();
    status.sensors = state.counts(status.feedTime ?? wall);
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

  return {
    demo,
    status: () => ({ ...refreshStatus() }),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async handle(method, params) {
      switch (method) {
        case 'snapshot':
          return { catalogue: state.catalogue(), states: state.allStates(), status: { ...refreshStatus() } } as CommandResults[typeof method];
        case 'history': {
          const p = params as CommandParamsParsed['history'];
          const to = p.to ?? feedNow() ?? now();
          const from = p.from ?? to - HISTORY_DEFAULT_MS;
          return state.historyFor(p.sensorId, from, to) as CommandResults[typeof method];
        }
        default:
          throw new Error(`unknown command ${String(method)}`);
      }
    },
    async close() {
      clearInterval(timer);
      client.close();
      listeners.clear();
      if (demo) await demo.close();
    },
  };
}
