/**
 * Integration, scale mode (electron/hub/scale.ts): a demo feed with scale 3 streams 3x the sensors, over real
 * Socket.IO, into the real engine: every copy in the catalogue, every copy's readings accepted, values the real ones.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../electron/demo-feed/server';
import { startEngine } from '../../electron/engine/index';
import { tinyData, waitFor } from '../helpers/feed';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('demo feed --scale 3 -> engine', () => {
  it('streams three times the sensors and their readings', async () => {
    const data = tinyData({ steps: 200 });
    let wall = data.start + 7 * 86_400_000 + 12 * 3600_000; // a week on, at noon: every copy has readings due
    const server = await startDemoServer({ data, now: () => wall, tickMs: 1e9, warmupMs: 3 * 3600_000, scale: 3 });
    cleanups.push(() => server.close());
    expect(server.catalogue().sensors).toHaveLength(9);
    const engine = await startEngine({ assetsDir: '/nonexistent', feedUrl: server.url, deltaIntervalMs: 20, now: () => wall });
    cleanups.push(() => engine.close());
    await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
    for (let i = 0; i < 4; i++) {
      wall += 5 * 60_000;
      server.tick();
    }
    const sent = server.buffered().flatMap((b) => b.readings);
    await waitFor(() => engine.status().acceptedTotal === sent.length, 10_000, `all ${sent.length} readings`);
    const snap = await engine.handle('snapshot', {});
    const ids = snap.catalogue.map((s) => s.id).sort();
    expect(ids).toEqual(['air:1', 'air:1#1', 'air:1#2', 'parking:P1', 'parking:P1#1', 'parking:P1#2', 'traffic:1', 'traffic:1#1', 'traffic:1#2']);
    expect(snap.catalogue.find((s) => s.id === 'parking:P1#2')!.name).toBe('P1 (copy 2)');
    // Every copy streams: each of the nine sensors has readings, in about equal numbers (3x the real city's).
    const per = new Map<string, number>();
    for (const r of sent) per.set(r.sensorId, (per.get(r.sensorId) ?? 0) + 1);
    expect([...per.keys()].sort()).toEqual(ids);
    const real = ['air:1', 'parking:P1', 'traffic:1'].reduce((n, id) => n + per.get(id)!, 0);
    expect(sent.length).toBeGreaterThanOrEqual(3 * real - 6);
    expect(sent.length).toBeLessThanOrEqual(3 * real + 6);
    // The engine's state of each copy is its last reading sent, with the real data's values.
    const realValues = new Set(data.readings.map((r) => JSON.stringify(r.values)));
    for (const id of ids) {
      const state = snap.states.find((s) => s.sensorId === id)!;
      expect(state.last).toEqual(sent.filter((r) => r.sensorId === id).at(-1));
      expect(realValues.has(JSON.stringify(state.last!.values))).toBe(true);
    }
    expect(snap.status.rejects).toEqual({});
  });
});
