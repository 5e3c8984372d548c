/**
 * The replay commands through a running engine on a demo feed: replayFrame (all sensors, some of them, an unknown id
 * refused with its path) and timeline (the cache's span by default).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../../../electron/demo-feed/server';
import { startEngine } from '../../../electron/engine/index';
import { tinyData, waitFor } from '../../helpers/feed';

const ASSETS = join(__dirname, '..', '..', '..', 'assets');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const data = tinyData({ steps: 30 });

async function engineOnDemo() {
  let wall = data.start + 10 * 60_000;
  const server = await startDemoServer({ data, now: () => wall, tickMs: 1e9, warmupMs: 10 * 60_000, feedId: 'f' });
  cleanups.push(() => server.close());
  const engine = await startEngine({ assetsDir: ASSETS, feedUrl: server.url, dbFile: join(mkdtempSync(join(tmpdir(), 'citydesk-replay-')), 'c.db'), deltaIntervalMs: 20, now: () => wall, user: 'ana' });
  cleanups.push(() => engine.close());
  await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
  for (let i = 0; i < 10; i++) {
    wall += 5 * 60_000;
    server.tick();
  }
  await waitFor(() => engine.status().lastSeq === server.lastSeq(), 5000, 'caught up');
  return engine;
}

describe('replay commands', () => {
  it('replayFrame: every sensor as of the instant, or the sensors asked; an unknown sensor is refused with its path', async () => {
    const engine = await engineOnDemo();
    const at = data.start + 20 * 60_000;
    const frame = await engine.handle('replayFrame', { at });
    expect(frame.at).toBe(at);
    expect(frame.states.map((s) => s.sensorId).sort()).toEqual(data.sensors.map((s) => s.id).sort());
    const p1 = frame.states.find((s) => s.sensorId === 'parking:P1')!;
    expect(p1.last).toEqual(data.readings.filter((r) => r.sensorId === 'parking:P1' && r.ts <= at).pop());
    expect(p1.derived.occupancyPct).toBeCloseTo(94);
    expect(frame.sensors).toEqual({ live: 3, stale: 0, never: 0 });
    // From the oldest reading the engine received (the feed's warm-up history), all of it raw.
    expect(frame.extent.rawFrom).toBe(frame.extent.from);
    expect(frame.extent.from).toBeLessThanOrEqual(at);
    const some = await engine.handle('replayFrame', { at, sensorIds: ['parking:P1'] });
    expect(some.states).toEqual([p1]);
    const before = await engine.handle('replayFrame', { at: data.start - 1 });
    expect(before.sensors).toEqual({ live: 0, stale: 0, never: 3 });
    await expect(engine.handle('replayFrame', { at, sensorIds: ['parking:P1', 'parking:nope'] })).rejects.toMatchObject({
      code: 'invalid-params',
      issues: [{ path: 'sensorIds.1', message: 'no sensor parking:nope' }],
    });
  });

  it('timeline: by default the span the cache holds, with its density', async () => {
    const engine = await engineOnDemo();
    const t = await engine.handle('timeline', { buckets: 10 });
    expect([t.from, t.to]).toEqual([t.extent.from, t.extent.to]);
    expect(t.density.counts).toHaveLength(10);
    const stored = data.readings.filter((r) => r.ts >= t.from && r.ts <= t.to).length;
    expect(t.density.counts.reduce((s, n) => s + n, 0)).toBe(stored);
  });
});
