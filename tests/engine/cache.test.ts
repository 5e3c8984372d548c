/**
 * The engine with its SQLite cache: restart without loss, start offline, operator actions queued while offline.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startDemoServer, type DemoServer } from '../../electron/demo-feed/server';
import { startEngine, type Engine } from '../../electron/engine/index';
import { openStore } from '../../electron/engine/store/store';
import { tinyData, waitFor, key } from '../helpers/feed';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

const data = tinyData({ steps: 300 });
let wall = data.start + 2 * 3600_000;
const clock = () => wall;

async function server(port = 0, feedId = 'feed-x'): Promise<DemoServer> {
  const s = await startDemoServer({ data, now: clock, tickMs: 1e9, warmupMs: 30 * 60_000, port, feedId });
  cleanups.push(() => s.close());
  return s;
}

async function engine(feedUrl: string, dbFile: string): Promise<Engine> {
  const e = await startEngine({ assetsDir: '/none', feedUrl, dbFile, deltaIntervalMs: 20, now: clock, reconnectDelayMs: 50, reconnectDelayMaxMs: 200, user: 'ana' });
  cleanups.push(() => e.close());
  return e;
}

const stored = (file: string) => {
  const s = openStore(file, { readonly: true });
  try {
    return [...s.iterateReadings(0, Number.MAX_SAFE_INTEGER)];
  } finally {
    s.close();
  }
};

describe('engine with the cache', () => {
  it('after a restart resumes from the stored cursor: what the feed sent meanwhile is stored exactly once', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'citydesk-cache-')), 'c.db');
    const srv = await server();
    const e1 = await engine(srv.url, db);
    await waitFor(() => e1.status().connection === 'connected' && e1.status().lastSeq === srv.lastSeq(), 5000, 'first run caught up');
    await e1.close();
    for (let i = 0; i < 4; i++) {
      wall += 5 * 60_000;
      srv.tick();
    }
    const e2 = await engine(srv.url, db);
    expect(e2.status().cache.startedFromCache).toBe(true);
    await waitFor(() => e2.status().lastSeq === srv.lastSeq(), 5000, 'second run resumed');
    await e2.close();
    const sent = srv.buffered().flatMap((b) => b.readings);
    const got = stored(db);
    expect(got.map(key).sort()).toEqual([...new Set(sent.map(key))].sort());
    expect(got).toHaveLength(sent.length);
  });

  it('starts offline from the cache: last known state, marked stale, a banner-worthy status; recovers when the feed returns', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'citydesk-cache-')), 'c.db');
    const port = await freePort();
    const srv = await server(port, 'feed-y');
    const e1 = await engine(srv.url, db);
    await waitFor(() => e1.status().lastSeq === srv.lastSeq() && e1.status().lastSeq !== null, 5000, 'filled');
    const before = await e1.handle('snapshot', {});
    await e1.close();
    await srv.close();

    wall += 3 * 3600_000; // three hours later, the feed is down
    const e2 = await engine(`http://127.0.0.1:${port}`, db);
    const snap = await e2.handle('snapshot', {});
    expect(snap.catalogue).toHaveLength(3);
    expect(snap.states.map((s) => s.last)).toEqual(before.states.map((s) => s.last));
    await waitFor(() => e2.status().downSince !== null, 5000, 'down');
    const st = e2.status();
    expect(st.connection).toBe('disconnected');
    expect(st.cache.startedFromCache).toBe(true);
    expect(st.sensors).toEqual({ live: 0, stale: 3, never: 0 });
    await waitFor(() => e2.status().reconnectAttempts >= 2, 5000, 'retrying');

    const back = await startDemoServer({ data, now: clock, tickMs: 1e9, warmupMs: 30 * 60_000, port, feedId: 'feed-y2' });
    cleanups.push(() => back.close());
    await waitFor(() => e2.status().connection === 'connected', 10_000, 'reconnected');
    await waitFor(() => e2.status().sensors.live === 3, 5000, 'live again');
    expect(e2.status().downSince).toBeNull();
  });

  it('queues operator notes durably while offline and sends them once when the feed returns', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'citydesk-cache-')), 'c.db');
    const port = await freePort();
    const srv = await server(port, 'feed-z');
    const e1 = await engine(srv.url, db);
    await waitFor(() => e1.status().connection === 'connected', 5000, 'connected');
    await e1.close();
    await srv.close();

    const e2 = await engine(`http://127.0.0.1:${port}`, db);
    const note = await e2.handle('addNote', { sensorId: 'parking:P1', text: 'barrier stuck open' });
    expect(note).toMatchObject({ status: 'queued', user: 'ana', sensorId: 'parking:P1' });
    await expect(e2.handle('addNote', { sensorId: 'parking:NOPE', text: 'x' })).rejects.toThrow(/unknown sensor parking:NOPE/);
    await e2.close(); // restart while still offline: nothing is lost

    const e3 = await engine(`http://127.0.0.1:${port}`, db);
    expect(e3.status().cache.queuedActions).toBe(1);
    const back = await startDemoServer({ data, now: clock, tickMs: 1e9, warmupMs: 0, port, feedId: 'feed-z2' });
    cleanups.push(() => back.close());
    await waitFor(() => back.actions().length === 1, 10_000, 'note delivered');
    await waitFor(() => (e3.store.action(note.id)?.status ?? '') === 'sent', 5000, 'marked sent');
    expect(back.actions()[0]).toMatchObject({ id: note.id, text: 'barrier stuck open', user: 'ana' });
    expect(await e3.handle('actions', { sensorId: 'parking:P1' })).toEqual([expect.objectContaining({ id: note.id, status: 'sent' })]);
  });
});
