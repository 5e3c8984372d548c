/**
 * Rule zones by district are the demo city's statistical districts: the engine offers them only when the host says the
 * feed is the demo (demoDistricts), never to another city's feed.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../electron/engine/index';

const ASSETS = join(__dirname, '..', '..', 'assets');
let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

describe('district zones', () => {
  it('another feed gets no districts: zone rules by district have nothing to name', async () => {
    engine = await startEngine({ assetsDir: ASSETS, feedUrl: 'http://127.0.0.1:9', reconnectDelayMs: 60_000 });
    expect(await engine.handle('zones', {})).toEqual([]);
  });

  it('the demo feed gets the demo city districts', async () => {
    engine = await startEngine({ assetsDir: ASSETS, feedUrl: 'http://127.0.0.1:9', reconnectDelayMs: 60_000, demo: true, demoDistricts: true });
    const zones = await engine.handle('zones', {});
    expect(zones.length).toBeGreaterThan(90);
    expect(zones.every((z) => z.name.length > 0 && z.polygons.length > 0)).toBe(true);
  });
});
