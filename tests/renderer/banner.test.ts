import { describe, expect, it } from 'vitest';
import { cacheNote, lastStateNote, feedBanner } from '../../renderer/panels/banner';

const CACHE_NOTE = cacheNote();
const LAST_STATE_NOTE = lastStateNote();
import { cacheStatus, status } from './fixtures';

const DOWN = Date.UTC(2025, 2, 14, 17, 2, 30);
const MIN = 60_000;

describe('feed banner', () => {
  it('is absent while connected, and without a status', () => {
    expect(feedBanner(status(), DOWN, 'UTC')).toBeNull();
    expect(feedBanner(null, DOWN, 'UTC')).toBeNull();
  });

  it('says since when (wall clock, and how long) and which retry attempt', () => {
    const b = feedBanner(status({ connection: 'disconnected', downSince: DOWN, reconnectAttempts: 4 }), DOWN + 12 * MIN, 'UTC');
    expect(b).toEqual({
      tone: 'down',
      title: 'Feed unreachable since 17:02 UTC (12 min) — retrying (attempt 4)…',
      detail: LAST_STATE_NOTE,
    });
    // in the city's zone, named
    expect(feedBanner(status({ connection: 'disconnected', downSince: DOWN, reconnectAttempts: 4 }), DOWN, 'Europe/Copenhagen')?.title).toContain('since 18:02 CET (0 s)');
  });

  it('while reconnecting (connecting after a drop) it is still down; attempt 0 reads "retrying…"', () => {
    const b = feedBanner(status({ connection: 'connecting', downSince: DOWN, reconnectAttempts: 0, lastError: 'ECONNREFUSED' }), DOWN + 5000, 'UTC');
    expect(b?.title).toBe('Feed unreachable since 17:02 UTC (5 s) — retrying…');
    expect(b?.detail).toBe(`${LAST_STATE_NOTE} · ECONNREFUSED`);
  });

  it('names the local cache when the engine started from it', () => {
    const st = status({ connection: 'disconnected', downSince: DOWN, reconnectAttempts: 2, cache: cacheStatus({ startedFromCache: true }) });
    const b = feedBanner(st, DOWN + 61 * MIN, 'UTC');
    expect(b?.title).toBe('Feed unreachable since 17:02 UTC (1 h 1 min) — retrying (attempt 2)…');
    expect(b?.detail).toBe(CACHE_NOTE);
    expect(CACHE_NOTE).toBe('showing the last known state from the local cache');
  });

  it('first connection: nothing unless the data on screen comes from the cache', () => {
    expect(feedBanner(status({ connection: 'connecting', downSince: null }), DOWN, 'UTC')).toBeNull();
    expect(feedBanner(status({ connection: 'connecting', downSince: null, cache: cacheStatus({ startedFromCache: true }) }), DOWN, 'UTC')).toEqual({
      tone: 'info',
      title: 'Connecting to the feed…',
      detail: CACHE_NOTE,
    });
  });

  it('unauthorized and incompatible show their error and do not depend on downSince', () => {
    const u = feedBanner(status({ connection: 'unauthorized', downSince: null, lastError: 'token rejected' }), DOWN, 'UTC');
    expect(u?.tone).toBe('refused');
    expect(u?.title).toContain('unauthorized');
    expect(u?.detail).toBe('token rejected');
    const i = feedBanner(status({ connection: 'incompatible', downSince: DOWN, lastError: 'protocol 2 not supported', cache: cacheStatus({ startedFromCache: true }) }), DOWN, 'UTC');
    expect(i?.tone).toBe('refused');
    expect(i?.title).toContain('incompatible');
    expect(i?.detail).toBe(`protocol 2 not supported · ${CACHE_NOTE}`);
  });

  it('a clock running behind downSince never shows a negative duration', () => {
    expect(feedBanner(status({ connection: 'disconnected', downSince: DOWN }), DOWN - 5000, 'UTC')?.title).toContain('(0 s)');
  });
});
