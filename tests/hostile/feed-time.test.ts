/**
 * Hostile feed clocks against the real engine over a real Socket.IO connection: a clock in microseconds, a reading far
 * in the future, a replay feed that legitimately runs faster than real time. What is implausible is rejected with a
 * counted reason, never stored as the cursor, never moves the feed clock or retention; resume stays sound.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine, type Engine } from '../../electron/engine/index';
import type { Reading } from '../../electron/shared/model';
import { waitFor } from '../helpers/feed';
import { cleanupsAfterEach, DAY, MIN, sensors, T0, traffic } from './feed-fixtures';
import { scriptedFeed, type ScriptedFeed } from './feed-scripted-server';

const cleanups = cleanupsAfterEach();


async function setup(opts: { helloFeedTime?: (wall: number) => number; speed?: number; dbFile?: string } = {}) {
  const clock = { wall: T0 };
  const feed = await scriptedFeed({ feedTime: () => (opts.helloFeedTime ?? ((w) => w))(clock.wall), speed: opts.speed ?? 1, sensors });
  cleanups.push(() => feed.close());
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-time-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const dbFile = opts.dbFile ?? join(dir, 'cache.db');
  const engine = await start(feed, dbFile, clock);
  return { feed, engine, clock, dbFile };
}

async function start(feed: ScriptedFeed | { url: string }, dbFile: string, clock: { wall: number }): Promise<Engine> {
  const engine = await startEngine({ assetsDir: '/nonexistent', feedUrl: feed.url, dbFile, now: () => clock.wall, deltaIntervalMs: 20, maintenanceIntervalMs: 50, reconnectDelayMs: 50, reconnectDelayMaxMs: 200 });
  cleanups.push(() => engine.close());
  return engine;
}

const batch = (seq: number, feedTime: number, readings: unknown[]) => ({ feedId: 'hostile', seq, feedTime, readings });

describe('time sanity: the feed clock', () => {
  it('a batch clock in microseconds is rejected and counted; its valid readings are kept, the sequence goes on, the cursor, clock and retention never see it', async () => {
    const { feed, engine, clock, dbFile } = await setup();
    await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
    const sent: Reading[] = [];
    const send = (seq: number, feedTime: number) => {
      const r = traffic(clock.wall - MIN, 30 + seq);
      sent.push(r);
      feed.emit('batch', batch(seq, feedTime, [r]));
    };
    for (let seq = 1; seq <= 3; seq++) {
      clock.wall += 5 * MIN;
      send(seq, clock.wall);
    }
    clock.wall += 5 * MIN;
    send(4, clock.wall * 1000); // microseconds
    clock.wall += 5 * MIN;
    send(5, clock.wall);
    await waitFor(() => engine.status().lastSeq === 5, 5000, 'batch 5 held');

    const status = engine.status();
    expect(status.rejects).toEqual({ 'implausible-feed-time': 1 });
    expect(status.lastReject?.detail).toMatch(/batch 4: feed clock .* ahead of the plausible feed clock/);
    expect(feed.subscribes).toBe(1); // no resubscribe loop
    expect(status.feedTime).toBe(clock.wall);
    expect(status.acceptedTotal).toBe(5);
    engine.store.flush();
    expect(engine.store.cursor('hostile')).toMatchObject({ lastSeq: 5, feedTime: clock.wall });
    expect([...engine.store.iterateReadings(0, Number.MAX_SAFE_INTEGER)].map((r) => r.ts)).toEqual(sent.map((r) => r.ts));

    // Maintenance, even when handed the jumped clock, deletes nothing: retention runs on the newest reading.
    const res = engine.store.maintain(clock.wall * 1000);
    expect(res).toMatchObject({ rawDeleted: 0, retentionClock: sent.at(-1)!.ts });
    expect(res.held).toMatch(/retention held at the newest reading/);
    const hist = engine.store.history('traffic:1', T0, clock.wall, 3, 300); // too many raw points for 3: rollups
    expect(hist.points.reduce((n, p) => n + (p.count ?? 0), 0)).toBe(5);

    // After a restart the clock starts from the stored cursor, which never held the jumped clock.
    await engine.close();
    const again = await start({ url: 'http://127.0.0.1:9' }, dbFile, clock);
    expect(again.status().feedTime).toBe(clock.wall);
    expect([...again.store.iterateReadings(0, Number.MAX_SAFE_INTEGER)]).toHaveLength(5);
  });

  it('a hello whose clock is in microseconds is refused: counted, said in the status, nothing taken, no cursor', async () => {
    const { feed, engine } = await setup({ helloFeedTime: (w) => w * 1000 });
    await waitFor(() => (engine.status().rejects['implausible-feed-time'] ?? 0) >= 1, 5000, 'hello rejected');
    const s = engine.status();
    expect(s.connection).toBe('disconnected');
    expect(s.lastError).toMatch(/the feed's clock is implausible.*microseconds instead of milliseconds/);
    expect(feed.subscribes).toBe(0);
    expect(engine.store.lastCursor()).toBeNull();
    expect(engine.store.loadCatalogue()).toEqual([]);
    expect(s.feedTime).toBeNull();
  });

  it('a hello whose clock is in seconds (before 2000) is refused', async () => {
    const { engine, feed } = await setup({ helloFeedTime: (w) => Math.floor(w / 1000) });
    await waitFor(() => (engine.status().rejects['implausible-feed-time'] ?? 0) >= 1, 5000, 'hello rejected');
    expect(engine.status().lastReject?.detail).toMatch(/before 2000-01-01/);
    expect(feed.subscribes).toBe(0);
  });

  it('a replay feed may run faster than real time by its announced speed; beyond that tolerance its clock is rejected', async () => {
    const speed = 60;
    const { feed, engine, clock } = await setup({ speed });
    await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
    const feedClock = () => T0 + (clock.wall - T0) * speed;
    for (let seq = 1; seq <= 4; seq++) {
      clock.wall += MIN; // an hour of feed time per minute
      feed.emit('batch', batch(seq, feedClock(), [traffic(feedClock() - MIN)]));
    }
    await waitFor(() => engine.status().lastSeq === 4, 5000, 'replay batches');
    expect(engine.status().rejects).toEqual({});
    expect(engine.status().feedTime).toBe(feedClock());
    // Tolerance at speed 60: 1 h of feed time + 60 s of wall time x 60 = 2 h. Three hours ahead is too far.
    feed.emit('batch', batch(5, feedClock() + 3 * 3600_000, [traffic(feedClock())]));
    await waitFor(() => engine.status().lastSeq === 5, 5000, 'batch 5');
    expect(engine.status().rejects).toEqual({ 'implausible-feed-time': 1 });
    expect(engine.status().feedTime).toBe(feedClock());
    expect(engine.status().acceptedTotal).toBe(5);
  });
});

describe('time sanity: reading timestamps', () => {
  it('a reading far in the future is rejected, not applied: the sensor keeps following its real readings, also after a restart', async () => {
    const { feed, engine, clock, dbFile } = await setup();
    await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
    clock.wall += 5 * MIN;
    feed.emit('batch', batch(1, clock.wall, [traffic(clock.wall + 365 * DAY, 99), traffic(clock.wall - MIN, 41), traffic(clock.wall + 4 * MIN, 42)]));
    clock.wall += 10 * MIN;
    feed.emit('batch', batch(2, clock.wall, [traffic(clock.wall - MIN, 43), { sensorId: 'traffic:1', ts: 1_700_000_000, values: {} }]));
    await waitFor(() => engine.status().lastSeq === 2, 5000, 'both batches');
    expect(engine.status().rejects).toEqual({ 'implausible-reading-time': 2 });
    const snap = await engine.handle('snapshot', {});
    const st = snap.states.find((s) => s.sensorId === 'traffic:1')!;
    expect(st.last).toEqual(traffic(clock.wall - MIN, 43)); // 4 minutes ahead was within tolerance, and then overtaken
    await engine.close();
    const again = await start({ url: 'http://127.0.0.1:9' }, dbFile, clock);
    const after = (await again.handle('snapshot', {})).states.find((s) => s.sensorId === 'traffic:1')!;
    expect(after.last).toEqual(traffic(clock.wall - MIN, 43));
  });
});
