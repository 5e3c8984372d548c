/**
 * The feed status the status bar shows: connection, clock, rates, rejects, losses and the cache. One mutable object
 * kept by the engine's feed sink; `snapshot()` brings the derived figures (rate, sensor counts, cache) up to date.
 */
import type { FeedStatus } from './api';
import type { FeedClock } from './feed-clock';
import type { LiveState } from './live-state';
import type { CacheStats, Store } from './store/store';

/**
 * Readings/s is averaged over 5 minutes of feed time (the sensors' usual step), at least 5 s of wall time: at real
 * speed the 5-minute bursts then read as a steady rate instead of flickering between 0 and a spike.
 */
const RATE_WINDOW_FEED_MS = 5 * 60_000;
const RATE_WINDOW_MIN_MS = 5000;
/** Cache statistics (file size, counts) are refreshed at most this often (wall ms). */
const CACHE_STATS_MS = 2000;

export class FeedStatusTracker {
  readonly status: FeedStatus;
  private readonly rateBuckets: { wall: number; n: number }[] = [];
  private readonly startedAt: number;
  private cacheStats: CacheStats;
  private statsAt = 0;

  constructor(
    private readonly deps: { store: Store; state: LiveState; clock: FeedClock; now: () => number },
    initial: { feedUrl: string; feedName: string; demo: boolean; startedFromCache: boolean },
  ) {
    this.startedAt = deps.now();
    this.cacheStats = deps.store.stats();
    this.status = {
      connection: 'connecting',
      feedUrl: initial.feedUrl,
      feedName: initial.feedName,
      feedId: null,
      demo: initial.demo,
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
      cache: { file: deps.store.file, duplicates: 0, startedFromCache: initial.startedFromCache, ...this.cacheStats },
      sensors: { live: 0, stale: 0, never: 0 },
    };
  }

  /**
   * Counts the current readings of a batch for readings/s. History resent on subscribe (warm-up, catch-up) is not
   * "per second": only readings at most 5 minutes of feed time old count.
   */
  countRate(readings: readonly { ts: number }[], feedTime: number): void {
    const wall = this.deps.now();
    const clockNow = Math.max(feedTime, this.deps.clock.now() ?? feedTime);
    let current = 0;
    for (const r of readings) if (r.ts >= clockNow - RATE_WINDOW_FEED_MS) current++;
    const last = this.rateBuckets[this.rateBuckets.length - 1];
    if (last && wall - last.wall < 1000) last.n += current;
    else this.rateBuckets.push({ wall, n: current });
  }

  /** The status with its derived figures brought up to date (a copy, safe to send). */
  snapshot(): FeedStatus {
    const { store, state, clock } = this.deps;
    const s = this.status;
    const wall = this.deps.now();
    const windowMs = Math.max(RATE_WINDOW_MIN_MS, RATE_WINDOW_FEED_MS / clock.speed);
    while (this.rateBuckets.length && this.rateBuckets[0]!.wall < wall - windowMs) this.rateBuckets.shift();
    const n = this.rateBuckets.reduce((a, b) => a + b.n, 0);
    const span = Math.min(windowMs, Math.max(RATE_WINDOW_MIN_MS, wall - this.startedAt));
    s.readingsPerSecond = Math.round((n / span) * 1000 * 10) / 10;
    s.feedTime = clock.now();
    s.speed = clock.speed;
    s.sensors = state.counts(s.feedTime ?? wall);
    if (Date.now() - this.statsAt > CACHE_STATS_MS) {
      this.cacheStats = store.stats();
      this.statsAt = Date.now();
    }
    s.cache = { ...s.cache, ...this.cacheStats, duplicates: store.ingestTotals.duplicates };
    if (store.lastError) s.lastError = store.lastError;
    return { ...s };
  }
}
