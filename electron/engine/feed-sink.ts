/**
 * What the engine does with what the feed client delivers: readings into the live state, the rules and the cache
 * (committed with the feed cursor); the catalogue (sensors, the feed's types and city) into all three; rejects, losses and connection changes into the
 * status; a loss the feed could not resend into a recorded gap.
 */
import type { Gap } from './api';
import type { AlertClock } from './alert-clock';
import type { Alerting } from './alerting';
import type { FeedClient, FeedConnection, FeedSink } from './feed/client';
import type { FeedClock } from './feed-clock';
import type { FeedStatusTracker } from './feed-status';
import type { LiveState } from './live-state';
import type { Store } from './store/store';
import type { RejectReason } from '../shared/protocol';
import { CACHE_KEYS } from './feed/registry';

export interface FeedSinkDeps {
  store: Store;
  state: LiveState;
  alerting: Alerting;
  /** The readings go to the rules through the alert clock (alert-clock.ts), with the batch's feed time. */
  alertClock: AlertClock;
  clock: FeedClock;
  tracker: FeedStatusTracker;
  client: () => FeedClient;
  now: () => number;
  /** Shown instead of the feed's URL (e.g. "embedded demo feed"). */
  feedLabel: string;
  /** Whether the host says this feed is a demo (a feed may say so itself in its hello). */
  demo: boolean;
  /** Feed time of the last batch the cache holds in sequence (where a loss starts), from the cursor. */
  heldFeedTime: number | null;
  /** A new catalogue is in the live state (sensors, registry, city). */
  onCatalogue: () => void;
  onGap: (gap: Gap) => void;
  onConnected: () => void;
  log: (level: 'info' | 'warn' | 'error', msg: string) => void;
}

export function createFeedSink(d: FeedSinkDeps): FeedSink {
  const status = d.tracker.status;
  let heldFeedTime = d.heldFeedTime;
  let pendingLoss: { from: number; range: { from: number; to: number } } | null = null;

  const recordGap = (g: { scope: string; from: number; to: number; reason: string }): void => {
    const gap = d.store.addGap({ feedId: status.feedId, ...g });
    d.log('warn', `gap recorded (${g.scope}): ${new Date(gap.from).toISOString()} – ${new Date(gap.to).toISOString()}: ${g.reason}`);
    d.onGap(gap);
  };

  return {
    hello(h) {
      status.feedId = h.feedId;
      status.feedName = h.name;
      status.demo = h.demo || d.demo;
      d.clock.hello(h.feedTime, h.speed);
      d.store.saveFeed(h.feedId, h.name, d.feedLabel);
      d.store.setMeta('last_feed_demo', status.demo ? '1' : '0');
    },
    catalogue(cat) {
      d.store.saveCatalogue(cat.sensors);
      // The feed's types and city, so that a start from the cache knows them before the feed answers.
      d.store.setMeta(CACHE_KEYS.types, JSON.stringify(cat.types));
      d.store.setMeta(CACHE_KEYS.city, JSON.stringify(cat.city));
      d.state.setCatalogue(cat.sensors, { registry: cat.registry, city: cat.city });
      d.alerting.setCatalogue(cat.sensors);
      d.onCatalogue();
    },
    readings(readings, seq, feedTime, withUnknownMetrics) {
      const client = d.client();
      d.state.apply(readings, withUnknownMetrics);
      d.alertClock.batch(readings, feedTime);
      status.acceptedTotal += readings.length;
      status.lastSeq = client.lastSeq;
      // A batch whose clock was rejected (feedTime null) moves the sequence only: its clock drives nothing here.
      if (client.lastSeq === seq && feedTime !== null) heldFeedTime = feedTime;
      try {
        d.store.ingest(status.feedId ?? 'unknown', readings, client.lastSeq, feedTime);
      } catch (e) {
        // The readings stay buffered in the store and are retried; the status shows store.lastError meanwhile.
        d.log('error', `cache write failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (pendingLoss) {
        const firstTs = readings.reduce((m, r) => Math.min(m, r.ts), feedTime ?? d.clock.nowOrWall());
        const { from, range } = pendingLoss;
        pendingLoss = null;
        if (firstTs > from) recordGap({ scope: 'all', from, to: firstTs, reason: `the feed could no longer resend batches ${range.from}–${range.to}` });
      }
      d.tracker.countRate(readings, feedTime ?? d.clock.nowOrWall());
      if (feedTime !== null) d.clock.batch(feedTime);
    },
    reject(reason: RejectReason, detail, count = 1) {
      status.rejects[reason] = (status.rejects[reason] ?? 0) + count;
      status.lastReject = { reason, detail, at: d.now() };
    },
    lost(range) {
      d.log('warn', `the feed no longer holds batches ${range.from}..${range.to}`);
      status.lastError = `missed batches ${range.from}–${range.to} could not be fetched again`;
      status.lostBatches = [...status.lostBatches.slice(-19), { ...range, at: d.clock.now() }];
      pendingLoss = { from: heldFeedTime ?? d.clock.nowOrWall(), range };
    },
    connection(c: FeedConnection, error) {
      status.connection = c;
      if (c === 'connected') {
        status.downSince = null;
        status.lastError = null;
        status.reconnectAttempts = 0;
        d.onConnected();
      } else {
        if (error) status.lastError = error;
        if (status.downSince === null && c !== 'connecting') status.downSince = d.now();
      }
    },
    reconnectAttempt(n) {
      status.reconnectAttempts = n;
    },
  };
}
